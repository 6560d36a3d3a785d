import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors';
import { canonicalJson } from '../domain/canonical-json';

/**
 * `Idempotency-Key` semantics (docs/data-model.md, "Idempotency record"): the first request with a key
 * claims a record; a retry with the same key and the same request gets the first response back, a
 * different request under the same key is refused (422), and a retry racing the first gets 409.
 * This module reads the key and hashes the request; the records live in shared/adapters/idempotency-store.ts.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotency-replayed';
const PRINTABLE_KEY = /^[\x20-\x7E]{1,255}$/;

/** The caller's key, undefined when none was sent; 400 when it is not 1–255 printable characters. */
export const readIdempotencyKey = (headers: Readonly<Record<string, string>>): string | undefined => {
  const key = headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) return undefined;
  if (!PRINTABLE_KEY.test(key) || key.trim().length === 0) {
    throw new DomainError('validation', 'InvalidIdempotencyKey', 'Idempotency-Key must be 1 to 255 printable characters', [
      { field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' },
    ]);
  }
  return key;
};

export { canonicalJson } from '../domain/canonical-json';

export const requestHash = (request: { readonly path: unknown; readonly body: unknown }): string =>
  createHash('sha256').update(canonicalJson({ path: request.path ?? null, body: request.body ?? null })).digest('hex');

