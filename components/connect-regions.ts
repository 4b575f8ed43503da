/**
 * Where Amazon Connect is offered in Europe: Frankfurt and London (DOMAIN.md §2); only Frankfurt is
 * in the EU. A module of its own, without imports, so `ccguard init` can check a region without
 * loading the AWS provider the components need.
 */
export const CONNECT_EUROPEAN_REGIONS: readonly string[] = ["eu-central-1", "eu-west-2"];
