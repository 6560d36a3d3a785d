/**
 * Stands in for `@aws-sdk/credential-provider-node` in the deployed bundles (an esbuild alias set by
 * infra/constructs/ops-function.ts): Lambda always puts the execution role's credentials in the
 * environment, so the default chain's other sources (ini files, SSO, web identity, IMDS, container, and
 * the STS/SSO clients they carry, ~100 KB per bundle) are never used there. Same export names as the
 * package, so the SDK clients' runtime config imports it unchanged. Tests and the local cloud, which
 * run unbundled or with their own build, keep the real chain; the local cloud sets the variables anyway.
 */
/** The SDK's `AwsCredentialIdentity` (declared here: the type package is not a direct dependency). */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
  readonly credentialScope?: string;
  readonly accountId?: string;
}
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

export const ENV_CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

/** Thrown when the environment lacks credentials; named like the SDK's own provider errors. */
export class MissingEnvironmentCredentialsError extends Error {
  override readonly name = 'CredentialsProviderError';
  /** The SDK stops at this provider instead of trying another (there is none). */
  readonly tryNextLink = false;

  constructor(missing: readonly string[]) {
    super(
      `AWS credentials not found in the environment: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. ` +
        'This bundle resolves credentials from the environment only (Lambda sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and ' +
        'AWS_SESSION_TOKEN from the execution role); when running it elsewhere, set them. See docs/architecture.md, "Credentials".',
    );
  }
}

/** Reads the credentials from `env` at each call (the SDK memoizes the result). */
export const fromEnvironmentOnly =
  (env: NodeJS.ProcessEnv = process.env): AwsCredentialIdentityProvider =>
  async (): Promise<AwsCredentialIdentity> => {
    const missing = ENV_CREDENTIAL_VARIABLES.filter((name) => !env[name]);
    if (missing.length) throw new MissingEnvironmentCredentialsError(missing);
    const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID as string,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      ...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
      ...(env.AWS_CREDENTIAL_SCOPE ? { credentialScope: env.AWS_CREDENTIAL_SCOPE } : {}),
      ...(env.AWS_ACCOUNT_ID ? { accountId: env.AWS_ACCOUNT_ID } : {}),
    };
  };

/** `@aws-sdk/credential-provider-node`'s entry point, as the clients call it: init options are ignored. */
export const defaultProvider = (_init?: unknown): AwsCredentialIdentityProvider => fromEnvironmentOnly();

/** The package's other exports, with its semantics (expiring within 5 minutes needs a refresh). */
export const credentialsWillNeedRefresh = (credentials?: AwsCredentialIdentity): boolean => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
