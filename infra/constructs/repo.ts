import { fileURLToPath } from 'node:url';
import type { CfnResource } from 'aws-cdk-lib';

/** Absolute path of the repository root (entries and the lock file are resolved from it); the one definition. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/** Metadata keys the CDK app writes and the local cloud (infra/local/template) reads. */
export const METADATA = {
  /** On AWS::Lambda::Function: source entry relative to the repo root, e.g. `functions/platform/health.ts`. */
  entry: 'CommerceOps::Entry',
  /** On AWS::Lambda::Function: exported handler name. @default 'handler' */
  handler: 'CommerceOps::Handler',
  /** On any resource: a stable short name (`ops-alerts`, `nightly-kpi`, `supplier-onboarding`). */
  name: 'CommerceOps::Name',
} as const;

/** Gives a resource the short name the local cloud (and humans) know it by. */
export const setMetadataName = (resource: CfnResource, shortName: string): void => {
  resource.addMetadata(METADATA.name, shortName);
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
