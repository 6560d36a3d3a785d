import { createHash } from 'node:crypto';
import * as z from 'zod';
import { DomainError } from '../domain/errors';

/** Spread into a route's query schema: `z.object({ status: …, ...paginationQuery })`. */
export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  nextToken: z.string().min(1).max(4096).optional(),
};

export const paginationQuerySchema = z.object(paginationQuery);
export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

type LastEvaluatedKey = Record<string, unknown>;

/** 400 for a nextToken that does not belong to the listing it was sent to. */
export const invalidNextToken = () =>
  new DomainError('validation', 'InvalidNextToken', 'nextToken is not valid for this listing', [
    { field: 'query.nextToken', message: 'not a token returned by this listing' },
  ]);

/** Short digest binding a token to its listing (and making accidental edits detectable). */
const fingerprint = (scope: string, keyJson: string): string =>
  createHash('sha256').update(`${scope}\n${keyJson}`).digest('base64url').slice(0, 16);

/**
 * Opaque token for DynamoDB's LastEvaluatedKey; undefined when there is no next page.
 * `scope` names the listing it belongs to (e.g. `listApplications:SUBMITTED:<sub>`), so a token handed
 * to another listing, or another caller's listing, is refused instead of silently reading from it.
 */
export const encodeNextToken = (lastEvaluatedKey: LastEvaluatedKey | undefined, scope: string): string | undefined => {
  if (!lastEvaluatedKey) return undefined;
  const keyJson = JSON.stringify(lastEvaluatedKey);
  return Buffer.from(JSON.stringify({ k: lastEvaluatedKey, f: fingerprint(scope, keyJson) })).toString('base64url');
};

/** The ExclusiveStartKey for the query; undefined for the first page; 400 `InvalidNextToken` if tampered or foreign. */
export const decodeNextToken = (token: string | undefined, scope: string): LastEvaluatedKey | undefined => {
  if (token === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalidNextToken();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidNextToken();
  }
  const parsed = z
    .object({ k: z.record(z.string(), z.union([z.string(), z.number()])), f: z.string() })
    .safeParse(decoded);
  if (!parsed.success || parsed.data.f !== fingerprint(scope, JSON.stringify(parsed.data.k))) throw invalidNextToken();
  return parsed.data.k;
};
