import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/errors';
import { clock, epochSecondsFromNow } from '../adapters/clock';
import { documentClient, tableName, writeIfConditionHolds } from '../adapters/dynamo';

/**
 * `Idempotency-Key` semantics (docs/data-model.md, "Idempotency record"): the first request with a key
 * claims a record; a retry with the same key and the same request gets the first response back, a
 * different request under the same key is refused (422), and a retry racing the first gets 409.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotency-replayed';
const DEFAULT_TTL_HOURS = 24;
/** A claim whose function died mid-flight may be taken over after this (API Gateway gives up at 30 s). */
export const IN_PROGRESS_LOCK_SECONDS = 60;
const IDEMPOTENCY_SK = 'IDEMPOTENCY';

export interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type IdempotencyClaim =
  | { readonly outcome: 'claimed'; readonly pk: string; readonly requestHash: string }
  | { readonly outcome: 'replay'; readonly response: StoredResponse };

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

export const idempotencyRecordKey = (operationId: string, actor: Actor | undefined, key: string): string =>
  `IDEMPOTENCY#${operationId}#${actor?.sub ?? 'anonymous'}#${key}`;

/** JSON with object keys sorted at every level, so equal requests hash equally whatever the key order. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
};

export const requestHash = (request: { readonly path: unknown; readonly body: unknown }): string =>
  createHash('sha256').update(canonicalJson({ path: request.path ?? null, body: request.body ?? null })).digest('hex');

const ttlHours = (): number => {
  const hours = Number(process.env.IDEMPOTENCY_TTL_HOURS);
  return Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_TTL_HOURS;
};

const epochSeconds = (): number => epochSecondsFromNow(0);

const tryClaim = (pk: string, operationId: string, hash: string): Promise<boolean> => {
  const now = epochSeconds();
  return writeIfConditionHolds(() =>
    documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          pk,
          sk: IDEMPOTENCY_SK,
          entity: 'IdempotencyRecord',
          operationId,
          status: 'IN_PROGRESS',
          requestHash: hash,
          createdAt: clock.now().toISOString(),
          lockedUntil: now + IN_PROGRESS_LOCK_SECONDS,
          expiresAt: epochSecondsFromNow(ttlHours()),
        },
        // TTL deletes lazily, so an expired record counts as absent; so does an abandoned claim of the same request.
        ConditionExpression:
          'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :inProgress AND lockedUntil < :now AND requestHash = :hash)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':now': now, ':inProgress': 'IN_PROGRESS', ':hash': hash },
      }),
    ),
  );
};

const requestInProgress = () =>
  new DomainError('conflict', 'RequestInProgress', 'A request with this Idempotency-Key is still being processed; retry shortly');

export const claimIdempotency = async (params: {
  readonly operationId: string;
  readonly actor: Actor | undefined;
  readonly key: string;
  readonly requestHash: string;
}): Promise<IdempotencyClaim> => {
  const pk = idempotencyRecordKey(params.operationId, params.actor, params.key);
  // Two rounds: the record we collided with may be deleted (its request failed) before we read it.
  for (let round = 0; round < 2; round += 1) {
    if (await tryClaim(pk, params.operationId, params.requestHash)) {
      return { outcome: 'claimed', pk, requestHash: params.requestHash };
    }
    const existing = await documentClient.send(
      new GetCommand({ TableName: tableName(), Key: { pk, sk: IDEMPOTENCY_SK }, ConsistentRead: true }),
    );
    const record = existing.Item;
    if (!record) continue;
    if (record.requestHash !== params.requestHash) {
      throw new DomainError(
        'unprocessable',
        'IdempotencyKeyReused',
        'This Idempotency-Key was already used for a different request',
      );
    }
    if (record.status === 'COMPLETED' && record.response) {
      return { outcome: 'replay', response: record.response as StoredResponse };
    }
    throw requestInProgress();
  }
  throw requestInProgress();
};

/** Keeps the response (2xx or 4xx) so a retry gets exactly the same answer. */
export const completeIdempotency = async (
  claim: Extract<IdempotencyClaim, { outcome: 'claimed' }>,
  operationId: string,
  response: StoredResponse,
): Promise<void> => {
  await documentClient.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        pk: claim.pk,
        sk: IDEMPOTENCY_SK,
        entity: 'IdempotencyRecord',
        operationId,
        status: 'COMPLETED',
        requestHash: claim.requestHash,
        completedAt: clock.now().toISOString(),
        expiresAt: epochSecondsFromNow(ttlHours()),
        response,
      },
    }),
  );
};

/** After a 5xx the request may be retried with the same key, so the claim is dropped. */
export const releaseIdempotency = async (claim: Extract<IdempotencyClaim, { outcome: 'claimed' }>): Promise<void> => {
  await documentClient.send(new DeleteCommand({ TableName: tableName(), Key: { pk: claim.pk, sk: IDEMPOTENCY_SK } }));
};
