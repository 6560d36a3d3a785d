import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalGateway } from '../../infra/local/gateway/server';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalIssuer } from '../../infra/local/gateway/issuer';

/** The gateway's JWT authorizer with real tokens: what a refused caller is told, in the header and the body. */
const dataDir = mkdtempSync(join(tmpdir(), 'gateway-auth-'));
let issuer: LocalIssuer;
let gateway: LocalGateway;
let baseUrl: string;
let issuerKey: CryptoKey;
let kid: string;
const invoked: unknown[] = [];

beforeAll(async () => {
  issuer = await LocalIssuer.open(dataDir);
  const privateJwk = JSON.parse(readFileSync(join(dataDir, 'issuer', 'private-key.jwk.json'), 'utf8')) as JWK;
  issuerKey = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
  kid = privateJwk.kid!;
  gateway = new LocalGateway({
    api: { routes: [{ routeKey: 'GET /things/{id}', functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:things', authorization: 'JWT' }] },
    lambda: {
      invoke: async (_arn, event) => {
        invoked.push(event);
        return { statusCode: 200, body: '{"ok":true}' };
      },
    },
    issuer,
    accountId: '000000000000',
  });
  baseUrl = await gateway.listen(0);
});

afterAll(async () => {
  await gateway.close();
});

const call = async (authorization?: string) => {
  const response = await fetch(`${baseUrl}/things/T1`, { headers: authorization ? { authorization } : {} });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
};

const signed = (claims: { iss?: string; aud?: string; exp?: number | string; nbf?: number }, key: CryptoKey = issuerKey, keyId = kid) => {
  let jwt = new SignJWT({ 'cognito:groups': ['operator'] }).setProtectedHeader({ alg: 'ES256', kid: keyId }).setIssuedAt();
  jwt = jwt.setIssuer(claims.iss ?? LOCAL_ISSUER).setAudience(claims.aud ?? LOCAL_AUDIENCE).setExpirationTime(claims.exp ?? '1h');
  if (claims.nbf !== undefined) jwt = jwt.setNotBefore(claims.nbf);
  return jwt.sign(key);
};

describe('the local gateway tells a refused caller why, as API Gateway does', () => {
  it('lets a good token through', async () => {
    const response = await call(`Bearer ${await issuer.issueToken({ role: 'operator' })}`);
    expect(response.status).toBe(200);
    expect(invoked).toHaveLength(1);
  });

  it('answers a request without a token with a bare Bearer challenge (no error, as RFC 6750 asks)', async () => {
    const response = await call();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized', code: 'TokenMissing', message: 'Unauthorized', instance: '/things/T1' });
    expect(response.body.detail).toMatch(/Authorization: Bearer/);
  });

  it.each([
    ['an expired token', () => issuer.issueToken({ role: 'operator', expiresIn: -60 }), 'TokenExpired', 'the token has expired', /expired/],
    ['a token from another issuer', () => signed({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other' }), 'TokenIssuerInvalid', 'the token does not have a valid issuer', /issuer/],
    ['a token for another audience', () => signed({ aud: 'some-other-client' }), 'TokenAudienceInvalid', 'the token does not have a valid audience', /audience/],
    ['a token not valid yet', () => signed({ nbf: Math.floor(Date.now() / 1000) + 3600 }), 'TokenNotYetValid', 'the token is not valid yet', /not valid yet/],
    ['a forged token (the issuer kid, another key)', async () => signed({}, (await generateKeyPair('ES256')).privateKey), 'TokenSignatureInvalid', 'the token signature is invalid', /signature/],
    ['a token signed with an unknown key', async () => signed({}, (await generateKeyPair('ES256')).privateKey, 'someone-elses-kid'), 'TokenSigningKeyUnknown', 'no issuer key matches the token', /kid/],
    ['a malformed token', async () => 'not-a-jwt', 'TokenMalformed', 'the token is malformed', /not a signed JWT/],
    ['a token of three garbage parts', async () => 'abc.def.ghi', 'TokenMalformed', 'the token is malformed', /not a signed JWT/],
  ])('refuses %s with invalid_token and says why in the header and the body', async (_what, token, code, description, detail) => {
    const before = invoked.length;
    const response = await call(`Bearer ${await token()}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer error="invalid_token", error_description="${description}"`);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized', code, message: 'Unauthorized' });
    expect(response.body.type).toMatch(/^https:\/\/commerce-ops\.dev\/problems\/token-/);
    expect(response.body.detail).toMatch(detail);
    expect(invoked).toHaveLength(before);
  });
});
