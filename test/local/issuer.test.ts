import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalIssuer } from '../../infra/local/gateway/issuer';

const dataDir = mkdtempSync(join(tmpdir(), 'issuer-test-'));

describe('LocalIssuer', () => {
  it('issues Cognito-like ID tokens that it verifies', async () => {
    const issuer = await LocalIssuer.open(dataDir);
    const token = await issuer.issueToken({ role: 'supplier', sub: 'u-1', supplierId: 'SUP1', email: 's@example.com', expiresIn: '1h' });
    const claims = await issuer.verify(token);
    expect(claims).toMatchObject({
      sub: 'u-1',
      'cognito:groups': ['supplier'],
      'custom:supplierId': 'SUP1',
      email: 's@example.com',
      token_use: 'id',
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('keeps its key pair on disk: a second instance verifies the first one’s tokens', async () => {
    const token = await (await LocalIssuer.open(dataDir)).issueToken({ role: 'operator' });
    await expect((await LocalIssuer.open(dataDir)).verify(token)).resolves.toMatchObject({ 'cognito:groups': ['operator'] });
  });

  it('rejects an expired token', async () => {
    const issuer = await LocalIssuer.open(dataDir);
    const token = await issuer.issueToken({ role: 'operator', expiresIn: -10 });
    await expect(issuer.verify(token)).rejects.toThrow(/exp/);
  });

  it('rejects a token signed by another key', async () => {
    const issuer = await LocalIssuer.open(dataDir);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'cognito:groups': ['operator'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);
    await expect(issuer.verify(forged)).rejects.toThrow(/signature/);
  });

  it.each([
    ['audience', { aud: 'someone-else', iss: LOCAL_ISSUER }, /aud/],
    ['issuer', { aud: LOCAL_AUDIENCE, iss: 'https://cognito-idp.us-east-1.amazonaws.com/pool' }, /iss/],
  ])('rejects a correctly signed token for another %s', async (_what, claims, error) => {
    const issuer = await LocalIssuer.open(dataDir);
    const privateJwk = JSON.parse(readFileSync(join(dataDir, 'issuer', 'private-key.jwk.json'), 'utf8')) as JWK;
    const token = await new SignJWT({ 'cognito:groups': ['operator'] })
      .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid })
      .setIssuer(claims.iss)
      .setAudience(claims.aud)
      .setExpirationTime('1h')
      .sign(await importJWK(privateJwk, 'ES256'));
    await expect(issuer.verify(token)).rejects.toThrow(error);
  });
});
