/**
 * The allowed-region configuration every residency control shares, declared once so a team sets
 * `regionProfile` and `regions` the same way (and reads the same documentation) for each of them.
 */
import type { Parameter } from "../control";
import { REGION_NAME_PATTERN, REGION_PROFILES } from "../lib/regions";

export interface RegionConfig {
    regionProfile: string;
    regions: string[];
}

export const REGION_PARAMETERS: { regionProfile: Parameter; regions: Parameter } = {
    regionProfile: {
        type: "string",
        enum: Object.keys(REGION_PROFILES),
        default: "eu-member-states",
        description:
            "`eu-member-states`: eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2, eusc-de-east-1. " +
            "`eu-plus-adequacy`: those plus eu-west-2 (London) and eu-central-2 (Zurich). `custom`: only `regions`.",
    },
    regions: {
        type: "array",
        items: { type: "string", pattern: REGION_NAME_PATTERN },
        default: [],
        description: "Regions allowed in addition to the profile's (with profile `custom`, the only ones), as AWS names them (`eu-west-2`).",
    },
};
