/**
 * `aws.ec2.getAmi` and `aws.ec2.getAmiIds`: machine images matching owners, filters and a name
 * pattern. EC2 answers from the images that exist today, so offline one stand-in image answers:
 * its id is derived from the region and the search, so the same search gives the same image and
 * another search another one. Where the search names an architecture or an image name, the image
 * carries it; otherwise it is an x86_64, EBS-backed, HVM Linux image.
 */
import { type InvokeAnswer, type InvokeContext, plausible } from "./answer";
import { type Ec2Filter, echoed, optionalFilters, optionalString, optionalStringList, targetRegion } from "./invoke-args";
import { digest, ec2StyleId, seedOf } from "../stand-in-ids";

interface ImageSearch {
    region: string;
    owners: string[] | undefined;
    filters: Ec2Filter[] | undefined;
    nameRegex: string | undefined;
    executableUsers: string[] | undefined;
}

function searchOf(args: Record<string, unknown>, context: InvokeContext): ImageSearch {
    return {
        region: targetRegion(args, context),
        owners: optionalStringList(args, "owners"),
        filters: optionalFilters(args),
        nameRegex: optionalString(args, "nameRegex"),
        executableUsers: optionalStringList(args, "executableUsers"),
    };
}

/** The image a search finds offline; `getAmi` and `getAmiIds` agree on it for the same search. */
export function standInImageId(search: ImageSearch): string {
    return ec2StyleId("ami", seedOf(search));
}

function filterValue(filters: Ec2Filter[] | undefined, name: string): string | undefined {
    return filters?.find((filter) => filter.name === name)?.values[0];
}

// Owners are account ids, `self`, or aliases such as `amazon` and `aws-marketplace`.
function ownerOf(owners: string[] | undefined, context: InvokeContext): { ownerId: string; alias: string } {
    const accountId = owners?.find((owner) => /^\d{12}$/.test(owner));
    const alias = owners?.find((owner) => owner !== "self" && !/^\d{12}$/.test(owner));
    return { ownerId: accountId ?? context.account, alias: alias ?? "" };
}

export function answerGetAmi(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const search = searchOf(args, context);
    const imageId = standInImageId(search);
    const { ownerId, alias } = ownerOf(search.owners, context);
    // A wildcard name filter stands for many images; the stand-in fills each wildcard with "offline".
    const name = (filterValue(search.filters, "name") ?? `ccguard-offline-${imageId}`).replace(/[*?]/g, "offline");
    const snapshotId = `snap-${digest(`snap/${imageId}`).slice(0, 17)}`;
    return plausible(
        {
            ...echoed(args, ["allowUnsafeFilter", "executableUsers", "filters", "includeDeprecated", "mostRecent", "nameRegex", "owners", "uefiData"]),
            architecture: filterValue(search.filters, "architecture") ?? "x86_64",
            arn: `arn:${context.partition}:ec2:${search.region}::image/${imageId}`,
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    ebs: { delete_on_termination: "true", encrypted: "false", snapshot_id: snapshotId, volume_size: "8", volume_type: "gp3" },
                    noDevice: "",
                    virtualName: "",
                },
            ],
            bootMode: "uefi-preferred",
            creationDate: "2025-01-01T00:00:00.000Z",
            deprecationTime: "",
            description: "",
            enaSupport: true,
            hypervisor: "xen",
            id: imageId,
            imageId,
            imageLocation: `${alias || ownerId}/${name}`,
            imageOwnerAlias: alias,
            imageType: "machine",
            imdsSupport: "v2.0",
            kernelId: "",
            lastLaunchedTime: "",
            name,
            ownerId,
            platform: "",
            platformDetails: "Linux/UNIX",
            productCodes: [],
            public: alias !== "",
            ramdiskId: "",
            region: search.region,
            rootDeviceName: "/dev/xvda",
            rootDeviceType: "ebs",
            rootSnapshotId: snapshotId,
            sriovNetSupport: "simple",
            state: "available",
            stateReason: { code: "UNSET", message: "UNSET" },
            tags: {},
            tpmSupport: "",
            usageOperation: "RunInstances",
            virtualizationType: "hvm",
        },
        "a stand-in image whose id is derived from the region and the search; EC2 would return the matching image it holds",
    );
}

export function answerGetAmiIds(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const search = searchOf(args, context);
    return plausible(
        {
            ...echoed(args, ["executableUsers", "filters", "includeDeprecated", "nameRegex", "owners", "sortAscending"]),
            id: digest(seedOf(search)).slice(0, 16),
            ids: [standInImageId(search)],
            region: search.region,
        },
        "one stand-in image whose id is derived from the region and the search; EC2 would list every matching image",
    );
}
