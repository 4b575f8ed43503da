/**
 * Where this package is installed, and its version: the pack's own manifest lookup, which must
 * succeed for the command line tool to run at all.
 */
import { packageManifest } from "../policies/pack-identity";

const manifest = packageManifest();
if (manifest === undefined) throw new Error("cannot find the contact-centre-guard package root");

export const PACKAGE_ROOT: string = manifest.root;

export const PACKAGE_VERSION: string = manifest.version;
