import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Actor, Role } from '../domain/actor';
import { ROLES } from '../domain/actor';
import { DomainError, forbidden } from '../domain/errors';
import type { RouteAuth } from '../contracts/route';

/** JWT claims as API Gateway hands them to the function (arrays may arrive as `[a b]` strings). */
export type JwtClaims = Readonly<Record<string, unknown>>;

const unauthorized = (message: string) => new DomainError('unauthorized', 'Unauthorized', message);

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * `cognito:groups` arrives as a real array, a JSON array string, or API Gateway's `[a b]` rendering
 * of an array claim (a single group may also be a bare string or a comma list).
 */
export const parseGroups = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string').map((g) => g.trim());
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parseGroups(parsed);
    } catch {
      // not JSON: API Gateway's `[a b]` form, handled below
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((g) => g.trim())
    .filter((g) => g.length > 0);
};

const nonEmptyString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;

/** The caller, or undefined when the claims do not identify anyone (no `sub`). */
export const actorFromClaims = (claims: JwtClaims | undefined): Actor | undefined => {
  const sub = nonEmptyString(claims?.sub);
  if (!claims || !sub) return undefined;
  const groups = [...new Set(parseGroups(claims['cognito:groups']))];
  const roles = groups.filter(isRole);
  const supplierId = nonEmptyString(claims['custom:supplierId']);
  const email = nonEmptyString(claims.email);
  return { sub, roles, ...(supplierId ? { supplierId } : {}), ...(email ? { email } : {}), ...(groups.length > roles.length ? { groups } : {}) };
};

/** 401 without a usable identity; 403 when the caller holds none of the route's roles. */
export const authorizeJwt = (claims: JwtClaims | undefined, allowed: readonly Role[]): Actor => {
  const actor = actorFromClaims(claims);
  if (!actor) throw unauthorized('A valid bearer token is required');
  if (!actor.roles.some((role) => allowed.includes(role))) {
    throw forbidden(`This operation requires one of the roles: ${allowed.join(', ')}`);
  }
  return actor;
};

/** 401 unless the request carries `header` (a storefront key), whose value the handler then checks. */
export const requireHeader = (headers: Readonly<Record<string, string>>, header: string): string => {
  const value = headers[header.toLowerCase()]?.trim();
  if (!value) throw unauthorized(`A storefront key is required in the ${header} header`);
  return value;
};

/** `hex(HMAC-SHA256(secret, rawBody))`, optionally prefixed `sha256=` as most webhook senders do. */
export const signBody = (secret: string, rawBody: string): string =>
  createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');

/** What a timestamped sender signs: `<unix seconds>.<raw body>` (a captured request cannot be replayed later). */
export const signTimestamped = (secret: string, timestamp: number | string, rawBody: string): string =>
  signBody(secret, `${timestamp}.${rawBody}`);

type HmacAuth = Extract<RouteAuth, { type: 'hmac' }>;

/** The secret for this request: the env value, or the entry for the path parameter in the env's JSON map. */
const secretOf = (auth: HmacAuth, path: Readonly<Record<string, string | undefined>>): string | undefined => {
  const raw = process.env[auth.secretEnv];
  if (!raw) throw new Error(`${auth.secretEnv} is not set`);
  if (!auth.secretFor) return raw;
  const key = path[auth.secretFor];
  let secrets: unknown;
  try {
    secrets = JSON.parse(raw);
  } catch {
    throw new Error(`${auth.secretEnv} is not a JSON map of secrets`);
  }
  const secret = key && secrets !== null && typeof secrets === 'object' ? (secrets as Record<string, unknown>)[key] : undefined;
  return typeof secret === 'string' && secret.length > 0 ? secret : undefined;
};

/**
 * 401 unless the signature header holds the HMAC of the body (or of `<timestamp>.<body>`) under the
 * sender's secret, and a timestamped one is within its tolerance of now (both ways, for clock skew).
 */
export const verifyHmac = (
  auth: HmacAuth,
  headers: Readonly<Record<string, string>>,
  rawBody: string,
  path: Readonly<Record<string, string | undefined>> = {},
  nowMs: number = Date.now(),
): void => {
  const secret = secretOf(auth, path);
  // An unknown sender gets the same answer as a wrong signature: which carriers exist does not leak.
  if (!secret) throw unauthorized('The request signature is missing or does not match');
  let signed = rawBody;
  if (auth.timestamp) {
    const given = headers[auth.timestamp.header.toLowerCase()] ?? '';
    const seconds = /^\d{1,12}$/.test(given) ? Number(given) : Number.NaN;
    if (!Number.isFinite(seconds) || Math.abs(nowMs / 1000 - seconds) > auth.timestamp.toleranceSeconds) {
      throw unauthorized(`The request timestamp (${auth.timestamp.header}) is missing or more than ${auth.timestamp.toleranceSeconds} s from now`);
    }
    signed = `${given}.${rawBody}`;
  }
  const given = (headers[auth.header.toLowerCase()] ?? '').replace(/^sha256=/, '');
  const expected = Buffer.from(signBody(secret, signed), 'hex');
  const actual = /^[0-9a-f]+$/i.test(given) ? Buffer.from(given, 'hex') : Buffer.alloc(0);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw unauthorized('The request signature is missing or does not match');
  }
};
