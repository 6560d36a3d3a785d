/**
 * The `Idempotency-Key` records (docs/data-model.md, "Idempotency record"): claim, complete with the first
 * response, release after a refusal or failure. shared/http/handler.ts drives them; this is their persistence,
 * read and written through the table access (`getItem`, `write`) like every other item.
 */
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/errors';
import { clock, epochSecondsFromNow } from './clock';
import { idempotencyTtlHours } from './settings';
import { tableAccess as table } from './table-access';

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

export const idempotencyRecordKey = (operationId: string, actor: Actor | undefined, key: string): string =>
  `IDEMPOTENCY#${operationId}#${actor?.sub ?? 'anonymous'}#${key}`;


const epochSeconds = (): number => epochSecondsFromNow(0);

const recordKey = (pk: string) => ({ pk, sk: IDEMPOTENCY_SK });

/** Claims the key for this request: true when claimed, false when the record's condition refused (someone holds it). */
const tryClaim = async (pk: string, operationId: string, hash: string): Promise<boolean> => {
  const now = epochSeconds();
  const outcome = await table.write([
    {
      Put: {
        TableName: table.tableName(),
        Item: {
          ...recordKey(pk),
          entity: 'IdempotencyRecord',
          operationId,
          status: 'IN_PROGRESS',
          requestHash: hash,
          createdAt: clock.now().toISOString(),
          lockedUntil: now + IN_PROGRESS_LOCK_SECONDS,
          expiresAt: epochSecondsFromNow(idempotencyTtlHours()),
        },
        // TTL deletes lazily, so an expired record counts as absent; so does an abandoned claim of the same request.
        ConditionExpression:
          'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :inProgress AND lockedUntil < :now AND requestHash = :hash)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':now': now, ':inProgress': 'IN_PROGRESS', ':hash': hash },
      },
    },
  ]);
  return outcome === 'written';
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
    const record = await table.getItem<{ requestHash?: string; status?: string; response?: StoredResponse }>(recordKey(pk));
    if (!record) continue;
    if (record.requestHash !== params.requestHash) {
      throw new DomainError(
        'unprocessable',
        'IdempotencyKeyReused',
        'This Idempotency-Key was already used for a different request',
      );
    }
    if (record.status === 'COMPLETED' && record.response) {
      return { outcome: 'replay', response: record.response };
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
  await table.write([
    {
      Put: {
        TableName: table.tableName(),
        Item: {
          ...recordKey(claim.pk),
          entity: 'IdempotencyRecord',
          operationId,
          status: 'COMPLETED',
          requestHash: claim.requestHash,
          completedAt: clock.now().toISOString(),
          expiresAt: epochSecondsFromNow(idempotencyTtlHours()),
          response,
        },
      },
    },
  ]);
};

/** After a 5xx the request may be retried with the same key, so the claim is dropped. */
export const releaseIdempotency = async (claim: Extract<IdempotencyClaim, { outcome: 'claimed' }>): Promise<void> => {
  await table.write([{ Delete: { TableName: table.tableName(), Key: recordKey(claim.pk) } }]);
};
