/** Tokens the local issuer did not sign, for the tests that prove the gateway refuses them. */
import { generateKeyPair, SignJWT } from 'jose';
import type { LocalIssuer } from '../../infra/local/gateway/issuer';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../infra/local/gateway/issuer';

/**
 * An operator token with the right issuer, audience and the issuer's own `kid`, signed by another key:
 * only the signature check can catch it.
 */
export async function forgedToken(issuer: LocalIssuer): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT({ 'cognito:groups': ['operator'] })
    .setProtectedHeader({ alg: 'ES256', kid: issuer.jwks().keys[0]?.kid })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject('intruder')
    .setExpirationTime('1h')
    .sign(privateKey);
}
