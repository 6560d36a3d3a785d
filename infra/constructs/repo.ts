import { fileURLToPath } from 'node:url';
import type { CfnResource } from 'aws-cdk-lib';

/** Absolute path of the repository root (entries and the lock file are resolved from it). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/** Metadata key for a resource's stable short name (mirrors `METADATA.name` in infra/local/model.ts). */
export const NAME_METADATA = 'CommerceOps::Name';

/** Gives a resource the short name the local cloud (and humans) know it by. */
export const setMetadataName = (resource: CfnResource, shortName: string): void => {
  resource.addMetadata(NAME_METADATA, shortName);
};

/** `functions/suppliers/submit-application.ts` → `suppliers-submit-application`. */
export const shortNameForEntry = (entry: string): string =>
  entry
    .replace(/^functions\//, '')
    .replace(/\.[cm]?[jt]s$/, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** `suppliers-submit-application` → `SuppliersSubmitApplication` (a construct id). */
export const constructIdForName = (shortName: string): string =>
  shortName
    .split('-')
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
