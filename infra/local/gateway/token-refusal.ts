/**
 * Why the JWT authorizer refused a request, told the way API Gateway tells it — a `www-authenticate`
 * challenge (RFC 6750: `Bearer` alone when no token was sent; `error="invalid_token"` with a description
 * when one was sent and failed) — and, locally, the same reason again as an RFC 9457 problem+json body.
 */
import { errors } from 'jose';
import type { HttpResponse } from './event';

export type TokenRefusalCode =
  | 'TokenMissing'
  | 'TokenExpired'
  | 'TokenNotYetValid'
  | 'TokenIssuerInvalid'
  | 'TokenAudienceInvalid'
  | 'TokenSignatureInvalid'
  | 'TokenSigningKeyUnknown'
  | 'TokenMalformed'
  | 'TokenInvalid';

export interface TokenRefusal {
  readonly code: TokenRefusalCode;
  /** The challenge's `error_description` (API Gateway's wording where it has one), absent for a missing token. */
  readonly description?: string;
  /** What to do about it, for the problem's `detail`. */
  readonly hint: string;
}

const NEW_TOKEN = 'get a new one (locally: npm run token -- <role>)';

export const MISSING_TOKEN: TokenRefusal = {
  code: 'TokenMissing',
  hint: 'This route needs a bearer token: send "Authorization: Bearer <JWT>" (locally: npm run token -- <role>)',
};

/** Classifies a verification failure from `jose` (as `LocalIssuer.verify` throws them). */
export const tokenRefusalFor = (error: unknown): TokenRefusal => {
  if (error instanceof errors.JWTExpired) {
    return { code: 'TokenExpired', description: 'the token has expired', hint: `The token has expired: ${NEW_TOKEN}` };
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') {
      return { code: 'TokenIssuerInvalid', description: 'the token does not have a valid issuer', hint: `The token was issued by another issuer than this API trusts: ${NEW_TOKEN}` };
    }
    if (error.claim === 'aud') {
      return { code: 'TokenAudienceInvalid', description: 'the token does not have a valid audience', hint: `The token is for another audience (app client) than this API: ${NEW_TOKEN}` };
    }
    if (error.claim === 'nbf' || error.claim === 'iat') {
      return { code: 'TokenNotYetValid', description: 'the token is not valid yet', hint: 'The token is not valid yet (nbf in the future): check the clock of the machine that issued it' };
    }
    return { code: 'TokenInvalid', description: `the token's ${error.claim} claim is invalid`, hint: `The token's "${error.claim}" claim is missing or invalid: ${NEW_TOKEN}` };
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return { code: 'TokenSignatureInvalid', description: 'the token signature is invalid', hint: `The token's signature does not verify with the issuer's key: ${NEW_TOKEN}` };
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return { code: 'TokenSigningKeyUnknown', description: 'no issuer key matches the token', hint: `The token was signed with a key the issuer does not publish (its kid): ${NEW_TOKEN}` };
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return { code: 'TokenMalformed', description: 'the token is malformed', hint: 'The bearer value is not a signed JWT (three base64url parts, ES256): send the token itself, without quotes' };
  }
  return { code: 'TokenInvalid', description: 'the token is invalid', hint: `The token could not be verified: ${NEW_TOKEN}` };
};

const quoted = (text: string): string => text.replace(/["\\]/g, "'");

/** The `www-authenticate` value: `Bearer` for a missing token, else `Bearer error="invalid_token", error_description="…"`. */
export const challengeFor = (refusal: TokenRefusal): string =>
  refusal.description === undefined ? 'Bearer' : `Bearer error="invalid_token", error_description="${quoted(refusal.description)}"`;

const kebab = (code: string): string => code.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * The 401: API Gateway's challenge header and `message`, plus the problem fields our handlers answer with,
 * so a user reads the reason in the body as well as in the header.
 */
export const unauthorizedResponse = (refusal: TokenRefusal, instance: string): HttpResponse => {
  const problem = {
    type: `https://commerce-ops.dev/problems/${kebab(refusal.code)}`,
    title: 'Unauthorized',
    status: 401,
    code: refusal.code,
    detail: refusal.hint,
    instance,
    message: 'Unauthorized',
  };
  return {
    statusCode: 401,
    headers: { 'content-type': 'application/problem+json', 'www-authenticate': challengeFor(refusal) },
    body: Buffer.from(JSON.stringify(problem)),
  };
};
