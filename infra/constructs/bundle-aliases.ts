/**
 * The esbuild aliases of every deployed function bundle (OpsFunction's bundling options), in a module of their
 * own so the local cloud's build (infra/local/lambda/build.ts) applies the same ones without loading the CDK.
 * Each replaces an SDK module the functions never need on Lambda by a small one of ours with the same exports
 * (docs/architecture.md, "Lean bundles").
 */
import * as path from 'node:path';
import { REPO_ROOT } from './repo';

/** The SDK clients' default credential-provider chain, and the env-only module bundled in its place. */
export const NODE_CREDENTIAL_CHAIN = '@aws-sdk/credential-provider-node';
export const ENV_CREDENTIALS_MODULE = path.join(REPO_ROOT, 'shared', 'adapters', 'env-credentials.ts');

/**
 * Parts of the SDK core the bundled clients never use, each replaced by a small module of ours (same exports):
 * the event-stream serde (only for event-stream operations, none in DynamoDB, Step Functions, EventBridge or
 * SNS; imported lazily, yet inlined by the bundler) and the checksum package, of which the clients take only
 * `Sha256` for SigV4 and SQS `Md5` for message bodies (ours are node:crypto's, without the pure-JS fallbacks,
 * CRC32 and stream hashers).
 */
export const SDK_CORE_ALIASES: Readonly<Record<string, string>> = {
  '@smithy/core/event-streams': path.join(REPO_ROOT, 'shared', 'adapters', 'sdk-event-streams.ts'),
  '@smithy/core/checksum': path.join(REPO_ROOT, 'shared', 'adapters', 'sdk-checksum.ts'),
};

/**
 * Credentials from the environment only: Lambda always sets them there, so the node default chain
 * (ini, SSO, web identity, IMDS and the STS/SSO clients it carries) is replaced by an env-only provider
 * with a clear error when the variables are missing (docs/architecture.md, "Credentials"); and the SDK core
 * without the parts above.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  [NODE_CREDENTIAL_CHAIN]: ENV_CREDENTIALS_MODULE,
  ...SDK_CORE_ALIASES,
};
