/**
 * The local JWT issuer: an ES256 key pair kept under `<dataDir>/issuer/` (created on first use) that signs
 * Cognito-like ID tokens for dev and test, and verifies them for the gateway's JWT authorizer.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { ulid } from 'ulid';
import type { Role } from '../../../shared/domain/actor';

export const LOCAL_ISSUER = 'http://localhost/commerce-ops-local-issuer';
export const LOCAL_AUDIENCE = 'commerce-ops-local';
const ALGORITHM = 'ES256';

export interface TokenRequest {
  readonly role: Role;
  readonly sub?: string;
  readonly supplierId?: string;
  readonly email?: string;
  /** jose duration (`1h`, `15m`) or seconds. @default '12h' */
  readonly expiresIn?: string | number;
  /** OAuth scopes, written to the `scope` claim (for routes with authorizationScopes). */
  readonly scopes?: readonly string[];
  /** More Cognito groups beside the role's (e.g. `member`, for member-only promotions). */
  readonly groups?: readonly string[];
}

export class LocalIssuer {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly publicJwk: JWK,
  ) {}

  /** Loads the key pair from `<dataDir>/issuer/`, creating it on first use. */
  static async open(dataDir: string): Promise<LocalIssuer> {
    const directory = join(dataDir, 'issuer');
    const privateFile = join(directory, 'private-key.jwk.json');
    const publicFile = join(directory, 'public-key.jwk.json');
    let privateJwk: JWK;
    let publicJwk: JWK;
    try {
      privateJwk = JSON.parse(readFileSync(privateFile, 'utf8')) as JWK;
      publicJwk = JSON.parse(readFileSync(publicFile, 'utf8')) as JWK;
    } catch {
      const pair = await generateKeyPair(ALGORITHM, { extractable: true });
      const kid = ulid();
      privateJwk = { ...(await exportJWK(pair.privateKey)), kid, alg: ALGORITHM };
      publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg: ALGORITHM, use: 'sig' };
      mkdirSync(directory, { recursive: true });
      writeFileSync(privateFile, JSON.stringify(privateJwk), { mode: 0o600 });
      writeFileSync(publicFile, JSON.stringify(publicJwk));
    }
    return new LocalIssuer(
      (await importJWK(privateJwk, ALGORITHM)) as CryptoKey,
      (await importJWK(publicJwk, ALGORITHM)) as CryptoKey,
      publicJwk,
    );
  }

  get issuer(): string {
    return LOCAL_ISSUER;
  }

  get audience(): string {
    return LOCAL_AUDIENCE;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** A signed token with the claims a Cognito ID token carries. */
  async issueToken(request: TokenRequest): Promise<string> {
    const sub = request.sub ?? `${request.role}-${ulid().toLowerCase()}`;
    const claims: JWTPayload = {
      'cognito:groups': [request.role, ...(request.groups ?? [])],
      'cognito:username': sub,
      email: request.email ?? `${request.role}@example.com`,
      email_verified: true,
      token_use: 'id',
      auth_time: Math.floor(Date.now() / 1000),
      ...(request.supplierId ? { 'custom:supplierId': request.supplierId } : {}),
      ...(request.scopes?.length ? { scope: request.scopes.join(' ') } : {}),
    };
    const expiresIn = request.expiresIn ?? '12h';
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, kid: this.publicJwk.kid, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setJti(ulid())
      .setExpirationTime(typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn)
      .sign(this.privateKey);
  }

  /**
   * Verifies what API Gateway's JWT authorizer does: `kid` names a key of the issuer, only the key's algorithm,
   * signature, issuer, audience, `exp` present and in the future, `nbf` if present. Throws on any failure.
   */
  async verify(token: string): Promise<JWTPayload> {
    const keyFor = (header: { kid?: string }) => {
      if (header.kid !== this.publicJwk.kid) throw new errors.JWKSNoMatchingKey(`no issuer key matches kid "${header.kid ?? ''}"`);
      return this.publicKey;
    };
    const { payload } = await jwtVerify(token, keyFor, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: [ALGORITHM],
      requiredClaims: ['exp'],
    });
    return payload;
  }
}
