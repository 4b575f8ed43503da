/**
 * AWS partitions and the regions in each, as the provider knows them. The provider answers region
 * and partition look-ups from this table compiled into it, without calling AWS, so offline answers
 * built on it are exact for the regions it lists.
 *
 * Source: hashicorp/aws-sdk-go-base `endpoints/endpoints_gen.go` (the table terraform-provider-aws,
 * and so @pulumi/aws v7, is built with): partition ids, DNS suffixes, region patterns, region ids and
 * descriptions. Opt-in status: AWS enables Regions launched before 20 March 2019 by default; later
 * ones need an opt-in (AWS Account Management guide, "Specify which AWS Regions your account can use").
 */

export interface RegionFacts {
    name: string;
    /** "Location (Region name)" as the provider reports it, e.g. "Europe (Frankfurt)". */
    description: string;
    /** The account must opt in before it can use the region. */
    optIn: boolean;
}

export interface PartitionFacts {
    id: string;
    dnsSuffix: string;
    /** Region names this partition claims even when the table does not list them yet. */
    regionPattern: RegExp;
    regions: readonly RegionFacts[];
}

function region(name: string, description: string, optIn = false): RegionFacts {
    return { name, description, optIn };
}

const OPT_IN = true;

export const PARTITIONS: readonly PartitionFacts[] = [
    {
        id: "aws",
        dnsSuffix: "amazonaws.com",
        regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
        regions: [
            region("af-south-1", "Africa (Cape Town)", OPT_IN),
            region("ap-east-1", "Asia Pacific (Hong Kong)", OPT_IN),
            region("ap-east-2", "Asia Pacific (Taipei)", OPT_IN),
            region("ap-northeast-1", "Asia Pacific (Tokyo)"),
            region("ap-northeast-2", "Asia Pacific (Seoul)"),
            region("ap-northeast-3", "Asia Pacific (Osaka)"),
            region("ap-south-1", "Asia Pacific (Mumbai)"),
            region("ap-south-2", "Asia Pacific (Hyderabad)", OPT_IN),
            region("ap-southeast-1", "Asia Pacific (Singapore)"),
            region("ap-southeast-2", "Asia Pacific (Sydney)"),
            region("ap-southeast-3", "Asia Pacific (Jakarta)", OPT_IN),
            region("ap-southeast-4", "Asia Pacific (Melbourne)", OPT_IN),
            region("ap-southeast-5", "Asia Pacific (Malaysia)", OPT_IN),
            region("ap-southeast-6", "Asia Pacific (New Zealand)", OPT_IN),
            region("ap-southeast-7", "Asia Pacific (Thailand)", OPT_IN),
            region("ca-central-1", "Canada (Central)"),
            region("ca-west-1", "Canada West (Calgary)", OPT_IN),
            region("eu-central-1", "Europe (Frankfurt)"),
            region("eu-central-2", "Europe (Zurich)", OPT_IN),
            region("eu-north-1", "Europe (Stockholm)"),
            region("eu-south-1", "Europe (Milan)", OPT_IN),
            region("eu-south-2", "Europe (Spain)", OPT_IN),
            region("eu-west-1", "Europe (Ireland)"),
            region("eu-west-2", "Europe (London)"),
            region("eu-west-3", "Europe (Paris)"),
            region("il-central-1", "Israel (Tel Aviv)", OPT_IN),
            region("me-central-1", "Middle East (UAE)", OPT_IN),
            region("me-south-1", "Middle East (Bahrain)", OPT_IN),
            region("mx-central-1", "Mexico (Central)", OPT_IN),
            region("sa-east-1", "South America (Sao Paulo)"),
            region("us-east-1", "US East (N. Virginia)"),
            region("us-east-2", "US East (Ohio)"),
            region("us-west-1", "US West (N. California)"),
            region("us-west-2", "US West (Oregon)"),
        ],
    },
    {
        id: "aws-cn",
        dnsSuffix: "amazonaws.com.cn",
        regionPattern: /^cn-\w+-\d+$/,
        regions: [region("cn-north-1", "China (Beijing)"), region("cn-northwest-1", "China (Ningxia)")],
    },
    {
        // The AWS European Sovereign Cloud: its own partition, ARNs `arn:aws-eusc:…`, endpoints under amazonaws.eu.
        id: "aws-eusc",
        dnsSuffix: "amazonaws.eu",
        regionPattern: /^eusc-(de)-\w+-\d+$/,
        regions: [region("eusc-de-east-1", "AWS European Sovereign Cloud (Germany)")],
    },
    {
        id: "aws-us-gov",
        dnsSuffix: "amazonaws.com",
        regionPattern: /^us-gov-\w+-\d+$/,
        regions: [region("us-gov-east-1", "AWS GovCloud (US-East)"), region("us-gov-west-1", "AWS GovCloud (US-West)")],
    },
    {
        id: "aws-iso",
        dnsSuffix: "c2s.ic.gov",
        regionPattern: /^us-iso-\w+-\d+$/,
        regions: [region("us-iso-east-1", "US ISO East"), region("us-iso-west-1", "US ISO WEST")],
    },
    {
        id: "aws-iso-b",
        dnsSuffix: "sc2s.sgov.gov",
        regionPattern: /^us-isob-\w+-\d+$/,
        regions: [region("us-isob-east-1", "US ISOB East (Ohio)"), region("us-isob-west-1", "US ISOB West")],
    },
    {
        id: "aws-iso-e",
        dnsSuffix: "cloud.adc-e.uk",
        regionPattern: /^eu-isoe-\w+-\d+$/,
        regions: [region("eu-isoe-west-1", "EU ISOE West")],
    },
    {
        id: "aws-iso-f",
        dnsSuffix: "csp.hci.ic.gov",
        regionPattern: /^us-isof-\w+-\d+$/,
        regions: [region("us-isof-east-1", "US ISOF EAST"), region("us-isof-south-1", "US ISOF SOUTH")],
    },
];

export function partitionNamed(id: string): PartitionFacts | undefined {
    return PARTITIONS.find((partition) => partition.id === id);
}

/**
 * The partition a region belongs to: the one listing it, else the one whose pattern it matches
 * (so a region newer than this table still lands in the right partition).
 */
export function partitionFactsOfRegion(name: string): PartitionFacts | undefined {
    return (
        PARTITIONS.find((partition) => partition.regions.some((known) => known.name === name)) ??
        PARTITIONS.find((partition) => partition.regionPattern.test(name))
    );
}

/** A region the provider knows by name; the provider rejects any other name. */
export function regionNamed(name: string): RegionFacts | undefined {
    for (const partition of PARTITIONS) {
        const found = partition.regions.find((known) => known.name === name);
        if (found) return found;
    }
    return undefined;
}

/** The host of a region's EC2 endpoint, which `getRegion` reports as `endpoint`. */
export function ec2EndpointOf(regionName: string): string {
    const partition = partitionFactsOfRegion(regionName) ?? PARTITIONS[0];
    return `ec2.${regionName}.${partition.dnsSuffix}`;
}

export function regionByEc2Endpoint(host: string): RegionFacts | undefined {
    for (const partition of PARTITIONS) {
        const found = partition.regions.find((known) => ec2EndpointOf(known.name) === host);
        if (found) return found;
    }
    return undefined;
}

/** `amazonaws.com` → `com.amazonaws`: the provider reverses the DNS suffix label by label. */
export function reverseDns(hostname: string): string {
    return hostname.split(".").reverse().join(".");
}
