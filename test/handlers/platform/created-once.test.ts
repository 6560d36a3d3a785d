import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createCreationGuards, creationGuardKey, type CreationScope } from '../../../shared/adapters/created-once';
import type { TransactWriteItem } from '../../../shared/adapters/outbox';

const { ddb } = mockedAws();
const guards = createCreationGuards(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })), () => 'ops-table');
const scope: CreationScope = { operationId: 'createThing', callerId: 'user-1', key: 'k-1', requestHash: 'hash-1' };
const futureExpiry = () => Math.floor(Date.now() / 1000) + 3600;


describe('creationGuards.createOnce', () => {
  it('without a key just creates, with a fresh ULID and no guard', async () => {
    const seen: Array<[string, readonly TransactWriteItem[]]> = [];
    const result = await guards.createOnce(undefined, {
      create: async (id, guard) => (seen.push([id, guard]), id),
      existing: async () => 'never',
    });
    expect(result.created).toBe(true);
    expect(seen[0]?.[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(seen[0]?.[1]).toEqual([]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('with a key hands create a conditional guard naming the new id, for the resource\'s own transaction', async () => {
    ddb.on(GetCommand).resolves({});
    let guard: readonly TransactWriteItem[] = [];
    const result = await guards.createOnce(scope, { create: async (id, items) => ((guard = items), id), existing: async () => 'never' });
    expect(guard).toEqual([
      {
        Put: expect.objectContaining({
          TableName: 'ops-table',
          Item: expect.objectContaining({ ...creationGuardKey('createThing', 'user-1', 'k-1'), resourceId: result.value, requestHash: 'hash-1' }),
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        }),
      },
    ]);
  });

  it('answers what the key already created without creating again', async () => {
    ddb.on(GetCommand).resolves({ Item: { resourceId: 'R-1', requestHash: 'hash-1', expiresAt: futureExpiry() } });
    const result = await guards.createOnce(scope, { create: async () => 'second', existing: async (id) => `existing ${id}` });
    expect(result).toEqual({ value: 'existing R-1', created: false });
  });

  it('treats an expired guard (TTL not yet applied) as absent', async () => {
    ddb.on(GetCommand).resolves({ Item: { resourceId: 'R-1', requestHash: 'hash-1', expiresAt: 1 } });
    const result = await guards.createOnce(scope, { create: async () => 'fresh', existing: async () => 'old' });
    expect(result).toEqual({ value: 'fresh', created: true });
  });

  it('refuses the key with another request (422 IdempotencyKeyReused)', async () => {
    ddb.on(GetCommand).resolves({ Item: { resourceId: 'R-1', requestHash: 'other', expiresAt: futureExpiry() } });
    await expect(guards.createOnce(scope, { create: async () => 'x', existing: async () => 'y' })).rejects.toMatchObject({ code: 'IdempotencyKeyReused' });
  });

  it('lets a failure stand when no guard was written', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(
      guards.createOnce(scope, { create: async () => Promise.reject(new Error('throttled')), existing: async () => 'y' }),
    ).rejects.toThrow('throttled');
  });
});
