/**
 * Entry point of the policy pack, as `pulumi preview --policy-pack <repository root>` loads it
 * (package.json "main" points at its compiled form). The only module that starts the server.
 */
import { PolicyPack } from "@pulumi/policy";
import { catalogue } from "./catalogue";
import { configurablePolicies } from "./config/parameters";
import { refuseInvalidConfiguration } from "./config/configure-validation";
import { buildEachRequestOnce } from "./one-view-per-request";
import { PACK_NAME, packArgs } from "./pack";
import { shareDeserialisedProperties } from "./shared-deserialisation";

shareDeserialisedProperties();
buildEachRequestOnce();
// Added after: the config is checked before the SDK, or anything else, takes it.
refuseInvalidConfiguration(configurablePolicies(catalogue));
new PolicyPack(PACK_NAME, packArgs());
