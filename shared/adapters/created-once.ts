/**
 * Exactly-once creation under an `Idempotency-Key` (DESIGN §3 "Idempotency"; docs/architecture.md).
 *
 * The response cache of shared/http/idempotency.ts answers a retry that arrives after the first request
 * finished. It cannot answer one that arrives after the first request wrote and then died, timed out or
 * lost its claim: that retry runs the handler again. So the creation itself carries a **creation guard**
 * item keyed by (operation, caller, key) holding the new resource's id, written in the SAME transaction as
 * the resource (`attribute_not_exists`). Whatever happens around it, a key creates at most one resource:
 * a second run finds the guard (before writing, or by losing the transaction to it) and answers the
 * resource the guard names. The guard also answers `GET …?idempotencyKey=` for a client that never got
 * its answer.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors';
import { clock, epochSecondsFromNow } from './clock';
import { documentClient, tableName } from './dynamo';
import { newId } from './ids';
import { idempotencyTtlHours } from './settings';
import type { TransactWriteItem } from './outbox';
import { createTableAccess } from './table-access';

/** Who asked to create what under which key; the HTTP factory builds it when a key was sent. */
export interface CreationScope {
  readonly operationId: string;
  /** The caller's `sub` (`anonymous` when the route has no user). */
  readonly callerId: string;
  readonly key: string;
  /** Hash of the request (path + body): the same key with another request is 422, as for replays. */
  readonly requestHash: string;
}

export interface Creation<T> {
  readonly value: T;
  /** False when the key had already created it: the answer is the existing resource. */
  readonly created: boolean;
}

const GUARD_SK = 'CREATED';

export const creationGuardKey = (operationId: string, callerId: string, key: string) => ({
  pk: `CREATED#${operationId}#${callerId}#${key}`,
  sk: GUARD_SK,
});


const keyReused = () =>
  new DomainError('unprocessable', 'IdempotencyKeyReused', 'This Idempotency-Key was already used for a different request');

/**
 * The guards on `client` and `table`. They read through the table access; the guard itself is written by
 * the creating repository, in its own `write` of the resource.
 */
export const createCreationGuards = (client: DynamoDBDocumentClient, table: () => string) => {
  const access = createTableAccess(client, table);
  const guardPut = (scope: CreationScope, resourceId: string): TransactWriteItem => ({
    Put: {
      TableName: access.tableName(),
      Item: {
        ...creationGuardKey(scope.operationId, scope.callerId, scope.key),
        entity: 'CreationGuard',
        operationId: scope.operationId,
        resourceId,
        requestHash: scope.requestHash,
        createdAt: clock.now().toISOString(),
        expiresAt: epochSecondsFromNow(idempotencyTtlHours()),
      },
      // An expired guard (TTL deletes lazily) counts as absent, as an expired key does.
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': epochSecondsFromNow(0) },
    },
  });

  /** The id a key created, with the hash of the request that created it; undefined when it created nothing. */
  const findGuard = async (operationId: string, callerId: string, key: string) => {
    const guard = await access.getItem<{ resourceId: unknown; requestHash: unknown; expiresAt?: unknown }>(creationGuardKey(operationId, callerId, key));
    if (!guard || (typeof guard.expiresAt === 'number' && guard.expiresAt < epochSecondsFromNow(0))) return undefined;
    return { resourceId: String(guard.resourceId), requestHash: String(guard.requestHash) };
  };

  const existingFor = async (scope: CreationScope): Promise<string | undefined> => {
    const guard = await findGuard(scope.operationId, scope.callerId, scope.key);
    if (!guard) return undefined;
    if (guard.requestHash !== scope.requestHash) throw keyReused();
    return guard.resourceId;
  };

  return {
    findGuard,

    /** The id `key` created for this caller and operation, if any (for `GET …?idempotencyKey=`). */
    createdBy: async (operationId: string, callerId: string, key: string): Promise<string | undefined> =>
      (await findGuard(operationId, callerId, key))?.resourceId,

    /**
     * Creates at most once per key. `create(id, guard)` must write `guard` in the same transaction as the
     * resource; `existing(id)` reads what an earlier run created. Without a scope (no key sent) it simply
     * creates. A failed write is re-examined: if the guard is there (ours after an ambiguous failure, or
     * another run's that won the race) the resource it names is the answer, else the failure stands.
     */
    async createOnce<T>(
      scope: CreationScope | undefined,
      steps: {
        readonly create: (id: string, guard: readonly TransactWriteItem[]) => Promise<T>;
        readonly existing: (id: string) => Promise<T>;
      },
    ): Promise<Creation<T>> {
      if (!scope) return { value: await steps.create(newId(), []), created: true };
      const earlier = await existingFor(scope);
      if (earlier) return { value: await steps.existing(earlier), created: false };
      const id = newId();
      try {
        return { value: await steps.create(id, [guardPut(scope, id)]), created: true };
      } catch (err) {
        const winner = await existingFor(scope).catch(() => undefined);
        if (winner === undefined) throw err;
        return { value: await steps.existing(winner), created: winner === id };
      }
    },
  };
};

export type CreationGuards = ReturnType<typeof createCreationGuards>;

/** The guards product code uses: the module-scope client and the table from TABLE_NAME. */
export const creationGuards = createCreationGuards(documentClient, tableName);
