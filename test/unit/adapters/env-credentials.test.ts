import { describe, expect, it } from 'vitest';
import {
  credentialsTreatedAsExpired,
  credentialsWillNeedRefresh,
  defaultProvider,
  fromEnvironmentOnly,
  MissingEnvironmentCredentialsError,
} from '../../../shared/adapters/env-credentials';

const lambdaEnv = {
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'token',
};

describe('env-only credential provider (stands in for the node default chain in deployed bundles)', () => {
  it('returns the credentials Lambda puts in the environment', async () => {
    await expect(fromEnvironmentOnly(lambdaEnv)()).resolves.toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('carries expiration, scope and account id when they are set, and no session token when none is', async () => {
    const credentials = await fromEnvironmentOnly({
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z',
      AWS_CREDENTIAL_SCOPE: 'us-east-1',
      AWS_ACCOUNT_ID: '123456789012',
    })();
    expect(credentials).toEqual({
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
      expiration: new Date('2030-01-01T00:00:00Z'),
      credentialScope: 'us-east-1',
      accountId: '123456789012',
    });
    expect(credentialsWillNeedRefresh(credentials)).toBe(true);
    expect(credentialsTreatedAsExpired(credentials)).toBe(false);
    expect(credentialsTreatedAsExpired({ ...credentials, expiration: new Date(Date.now() + 60_000) })).toBe(true);
    expect(credentialsWillNeedRefresh({ accessKeyId: 'a', secretAccessKey: 'b' })).toBe(false);
  });

  it('names the missing variables in a clear error instead of trying other sources', async () => {
    const missingAll = fromEnvironmentOnly({})();
    await expect(missingAll).rejects.toBeInstanceOf(MissingEnvironmentCredentialsError);
    await expect(fromEnvironmentOnly({})()).rejects.toThrow(
      /AWS credentials not found in the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY are not set/,
    );
    await expect(fromEnvironmentOnly({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: '' })()).rejects.toThrow(
      /AWS_SECRET_ACCESS_KEY is not set/,
    );
    await expect(fromEnvironmentOnly({})()).rejects.toMatchObject({ name: 'CredentialsProviderError', tryNextLink: false });
  });

  it('is what the SDK clients get from defaultProvider(init), reading process.env at call time', async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, lambdaEnv);
      const provider = defaultProvider({ profile: 'ignored' });
      await expect(provider()).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLE' });
      delete process.env.AWS_ACCESS_KEY_ID;
      await expect(provider()).rejects.toThrow(/AWS_ACCESS_KEY_ID is not set/);
    } finally {
      process.env = saved;
    }
  });
});
