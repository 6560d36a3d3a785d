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
    // The issuer's own kid, so the token gets past the key lookup to the signature check.
    const forged = await new SignJWT({ 'cognito:groups': ['operator'] })
      .setProtectedHeader({ alg: 'ES256', kid: issuer.jwks().keys[0]!.kid })
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

  describe('checks what API Gateway checks', () => {
    const signWithIssuerKey = async (header: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt.setExpirationTime('1h')) => {
      const privateJwk = JSON.parse(readFileSync(join(dataDir, 'issuer', 'private-key.jwk.json'), 'utf8')) as JWK;
      await LocalIssuer.open(dataDir);
      const jwt = new SignJWT({ 'cognito:groups': ['operator'] })
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid, ...header })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE);
      return build(jwt).sign(await importJWK(privateJwk, 'ES256'));
    };

    it('rejects a token whose kid names no issuer key, or that has none', async () => {
      const issuer = await LocalIssuer.open(dataDir);
      await expect(issuer.verify(await signWithIssuerKey({ kid: 'another-key' }))).rejects.toThrow(/kid/);
      await expect(issuer.verify(await signWithIssuerKey({ kid: undefined }))).rejects.toThrow(/kid/);
    });

    it('rejects a token without exp', async () => {
      const issuer = await LocalIssuer.open(dataDir);
      await expect(issuer.verify(await signWithIssuerKey({}, (jwt) => jwt))).rejects.toThrow(/exp/);
    });

    it('rejects a token that is not valid yet (nbf)', async () => {
      const issuer = await LocalIssuer.open(dataDir);
      await expect(issuer.verify(await signWithIssuerKey({}, (jwt) => jwt.setExpirationTime('2h').setNotBefore('1h')))).rejects.toThrow(/nbf/);
    });

    it('rejects another algorithm even with a matching kid (no alg confusion)', async () => {
      const issuer = await LocalIssuer.open(dataDir);
      const privateJwk = JSON.parse(readFileSync(join(dataDir, 'issuer', 'private-key.jwk.json'), 'utf8')) as JWK;
      const secret = new TextEncoder().encode(JSON.stringify(issuer.jwks().keys[0]));
      const forged = await new SignJWT({ 'cognito:groups': ['operator'] })
        .setProtectedHeader({ alg: 'HS256', kid: privateJwk.kid })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setExpirationTime('1h')
        .sign(secret);
      await expect(issuer.verify(forged)).rejects.toThrow(/alg/);
    });
  });
});
