import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from '../contracts/z';
import { invalidNextToken } from '../contracts/pagination';
import { requiredSetting } from '../adapters/settings';

type LastEvaluatedKey = Record<string, unknown>;

/**
 * The deployment's token key (PAGINATION_SECRET, from the stack: a generated Secrets Manager secret in AWS,
 * a fixed dev secret on the local cloud). Without it no token can be trusted, so listing fails loudly.
 */
const tokenSecret = (): string => requiredSetting('PAGINATION_SECRET');

/** HMAC-SHA256 over the listing's scope and the encoded key: only this deployment can mint a token. */
const signature = (scope: string, payload: string): string =>
  createHmac('sha256', tokenSecret()).update(`${scope}\n${payload}`).digest('base64url');

const TOKEN_SHAPE = /^([A-Za-z0-9_-]{1,3000})\.([A-Za-z0-9_-]{43})$/;
const startKeySchema = z.record(z.string().check(z.maxLength(64)), z.union([z.string().check(z.maxLength(2048)), z.number()]));

/**
 * Opaque token for DynamoDB's LastEvaluatedKey; undefined when there is no next page. `scope` names the
 * listing and its filters (e.g. `orders:customer:<sub>:SHIPPED`): the token is signed for that listing
 * only, so a token forged, edited, or handed to another listing or caller is refused.
 */
export const encodeNextToken = (lastEvaluatedKey: LastEvaluatedKey | undefined, scope: string): string | undefined => {
  if (!lastEvaluatedKey) return undefined;
  const payload = Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');
  return `${payload}.${signature(scope, payload)}`;
};

/** The ExclusiveStartKey for the query; undefined for the first page; 400 `InvalidNextToken` if forged, edited or foreign. */
export const decodeNextToken = (token: string | undefined, scope: string): LastEvaluatedKey | undefined => {
  if (token === undefined) return undefined;
  const match = TOKEN_SHAPE.exec(token);
  if (!match) throw invalidNextToken();
  const [, payload = '', given = ''] = match;
  const expected = Buffer.from(signature(scope, payload));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw invalidNextToken();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalidNextToken();
  }
  const parsed = startKeySchema.safeParse(decoded);
  if (!parsed.success) throw invalidNextToken();
  return parsed.data;
};
