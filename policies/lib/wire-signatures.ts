/**
 * The signature key and values that mark special property values on the wire: secrets, resource
 * references and output values (sdk/nodejs/runtime/rpc.ts `specialSigKey`; sdk/go/common/resource/
 * plugin/rpc.go). The pack reads them to keep secrets secret; ccguard's engine writes them.
 */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
