/**
 * Entry point of the policy pack, as `pulumi preview --policy-pack <repository root>` loads it
 * (package.json "main" points at its compiled form). The only module that starts the server.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packArgs } from "./pack";
import { shareDeserialisedProperties } from "./shared-deserialisation";

shareDeserialisedProperties();
new PolicyPack(PACK_NAME, packArgs());
