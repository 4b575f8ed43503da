/**
 * `aws.s3.getBucket`: an existing bucket. S3 knows where the bucket lives; offline it is taken to
 * live in the region the look-up runs in, which is exactly what a residency control would want to
 * know, so the note says so. Names derived from the bucket and region follow S3's own forms; the
 * hosted zone ids are S3's published per-region Route 53 zones.
 */
import { type InvokeAnswer, type InvokeContext, plausible } from "./answer";
import { requiredString, targetRegion } from "./invoke-args";
import { partitionFactsOfRegion, PARTITIONS } from "./partitions";

// Amazon S3 website endpoints' Route 53 hosted zone ids (AWS General Reference, "Amazon S3 endpoints").
const S3_HOSTED_ZONES: Readonly<Record<string, string>> = {
    "af-south-1": "Z83WF9RJE8B12",
    "ap-east-1": "ZNB98KWMFR0R6",
    "ap-northeast-1": "Z2M4EHUR26P7ZW",
    "ap-northeast-2": "Z3W03O7B5YMIYP",
    "ap-northeast-3": "Z2YQB5RD63NC85",
    "ap-south-1": "Z11RGJOFQNVJUP",
    "ap-southeast-1": "Z3O0J2DXBE1FTB",
    "ap-southeast-2": "Z1WCIGYICN2BYD",
    "ca-central-1": "Z1QDHH18159H29",
    "cn-northwest-1": "Z282HJ1KT0DH03",
    "eu-central-1": "Z21DNDUVLTQW6Q",
    "eu-north-1": "Z3BAZG2TWCNX0D",
    "eu-south-1": "Z30OZKI7KPW7MI",
    "eu-west-1": "Z1BKCTXD74EZPE",
    "eu-west-2": "Z3GKZC51ZF0DB4",
    "eu-west-3": "Z3R1K369G5AVDG",
    "me-south-1": "Z1MPMWCPA7YB62",
    "sa-east-1": "Z7KQH4QJS55SO",
    "us-east-1": "Z3AQBSTGFYJSTF",
    "us-east-2": "Z2O1EMRO9K5GLX",
    "us-gov-east-1": "Z2NIFVYYW2VKV1",
    "us-gov-west-1": "Z31GFT0UA1I2HV",
    "us-west-1": "Z2F56UZL2M1ACD",
    "us-west-2": "Z3BJ6K6RIION7M",
};

export function answerGetBucket(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const bucket = requiredString(args, "bucket");
    const region = targetRegion(args, context);
    const dnsSuffix = (partitionFactsOfRegion(region) ?? PARTITIONS[0]).dnsSuffix;
    return plausible(
        {
            arn: `arn:${context.partition}:s3:::${bucket}`,
            bucket,
            bucketDomainName: `${bucket}.s3.${dnsSuffix}`,
            bucketRegion: region,
            bucketRegionalDomainName: `${bucket}.s3.${region}.${dnsSuffix}`,
            hostedZoneId: Object.prototype.hasOwnProperty.call(S3_HOSTED_ZONES, region) ? S3_HOSTED_ZONES[region] : "",
            id: bucket,
            region,
            // Empty unless the bucket serves a website, which the stand-in does not.
            websiteDomain: "",
            websiteEndpoint: "",
        },
        `bucket ${bucket} is assumed to be in ${region}, with no website configuration; S3 knows where it really is`,
    );
}
