import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { clock, resetClock } from '../../../shared/adapters/clock';
import { defineRoute } from '../../../shared/contracts/route';
import { conflict } from '../../../shared/domain/errors';
import { httpHandler } from '../../../shared/http/handler';
import { idempotencyRecordKey } from '../../../shared/adapters/idempotency-store';
import { canonicalJson, requestHash } from '../../../shared/http/idempotency';
import { httpEvent, jsonBody, lambdaContext, operatorClaims } from './http-event';

const dynamo = mockClient(DynamoDBDocumentClient);

const renameThing = defineRoute({
  operationId: 'renameThing',
  method: 'POST',
  path: '/things/{id}/name',
  summary: 'Rename a thing',
  tags: ['test'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/test/rename-thing.ts',
  pathParams: z.object({ id: z.string() }),
  body: z.object({ name: z.string().min(1) }),
  response: { status: 200, description: 'Renamed', schema: z.object({ id: z.string(), name: z.string() }) },
});

const NOW = new Date('2030-01-01T00:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const RECORD_PK = 'IDEMPOTENCY#renameThing#user-operator#key-1';

const rename = (body: object, headers: Record<string, string> = { 'idempotency-key': 'key-1' }) =>
  httpEvent({ method: 'POST', path: '/things/T1/name', pathParameters: { id: 'T1' }, body, headers, claims: operatorClaims });

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const storedRecord = (overrides: Record<string, unknown>) => ({
  pk: RECORD_PK,
  sk: 'IDEMPOTENCY',
  requestHash: requestHash({ path: { id: 'T1' }, body: { name: 'New' } }),
  expiresAt: NOW_SECONDS + 3600,
  ...overrides,
});

describe('Idempotency-Key on mutating routes', () => {
  const work = vi.fn();
  beforeEach(() => {
    dynamo.reset();
    work.mockReset();
    clock.now = () => NOW;
  });
  afterEach(() => resetClock());

  it('claims the key before the work and stores the response after it', async () => {
    dynamo.on(PutCommand).resolves({});
    work.mockResolvedValue({ id: 'T1', name: 'New' });
    const result = await httpHandler(renameThing, work)(rename({ name: 'New' }), lambdaContext);

    expect(result.statusCode).toBe(200);
    const puts = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts).toHaveLength(2);
    expect(puts[0]).toMatchObject({
      TableName: 'operations',
      Item: { pk: RECORD_PK, sk: 'IDEMPOTENCY', status: 'IN_PROGRESS', expiresAt: NOW_SECONDS + 24 * 3600 },
      ConditionExpression: expect.stringContaining('attribute_not_exists(pk)'),
    });
    expect(puts[1]?.Item).toMatchObject({
      pk: RECORD_PK,
      status: 'COMPLETED',
      response: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'T1', name: 'New' }) },
    });
  });

  it('replays the stored response for the same key and request, without doing the work again', async () => {
    const response = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"T1","name":"New"}' };
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({ Item: storedRecord({ status: 'COMPLETED', response }) });

    const result = await httpHandler(renameThing, work)(rename({ name: 'New' }), lambdaContext);
    expect(work).not.toHaveBeenCalled();
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe(response.body);
    expect(result.headers).toMatchObject({ 'idempotency-replayed': 'true', 'x-correlation-id': 'req-1' });
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ Key: { pk: RECORD_PK, sk: 'IDEMPOTENCY' }, ConsistentRead: true });
  });

  it('answers 422 IdempotencyKeyReused when the key was used for a different request', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({ Item: storedRecord({ status: 'COMPLETED', response: { statusCode: 200, headers: {}, body: '{}' } }) });

    const result = await httpHandler(renameThing, work)(rename({ name: 'Other' }), lambdaContext);
    expect(result.statusCode).toBe(422);
    expect(jsonBody(result)).toMatchObject({ code: 'IdempotencyKeyReused', type: 'https://commerce-ops.dev/problems/idempotency-key-reused' });
    expect(work).not.toHaveBeenCalled();
  });

  it('answers 409 RequestInProgress while the first request is still running', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({ Item: storedRecord({ status: 'IN_PROGRESS', lockedUntil: NOW_SECONDS + 30 }) });

    const result = await httpHandler(renameThing, work)(rename({ name: 'New' }), lambdaContext);
    expect(result.statusCode).toBe(409);
    expect(jsonBody(result).code).toBe('RequestInProgress');
    expect(work).not.toHaveBeenCalled();
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('deletes the claim when the work fails with a 5xx, so a retry can run', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(DeleteCommand).resolves({});
    work.mockRejectedValue(new Error('boom'));

    const result = await httpHandler(renameThing, work)(rename({ name: 'New' }), lambdaContext);
    expect(result.statusCode).toBe(500);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({ TableName: 'operations', Key: { pk: RECORD_PK, sk: 'IDEMPOTENCY' } });
  });

  it('releases the key on a refusal (4xx): nothing was written, so a retry or a corrected request runs again', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(DeleteCommand).resolves({});
    work.mockRejectedValue(conflict('ThingArchived', 'The thing is archived'));

    const result = await httpHandler(renameThing, work)(rename({ name: 'New' }), lambdaContext);
    expect(result.statusCode).toBe(409);
    expect(jsonBody(result).code).toBe('ThingArchived');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item?.status).toBe('IN_PROGRESS');
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({ TableName: 'operations', Key: { pk: RECORD_PK, sk: 'IDEMPOTENCY' } });
  });

  it('hands the handler its creation scope (operation, caller, key, request hash) when a key was sent', async () => {
    dynamo.on(PutCommand).resolves({});
    work.mockResolvedValue({ id: 'T1', name: 'New' });
    await httpHandler(renameThing, work)(rename({ name: 'New' }), lambdaContext);
    expect(work.mock.calls[0]?.[0].creation).toEqual({
      operationId: 'renameThing',
      callerId: 'user-operator',
      key: 'key-1',
      requestHash: requestHash({ path: { id: 'T1' }, body: { name: 'New' } }),
    });
  });

  it('claims nothing when the request is invalid or carries no key', async () => {
    work.mockResolvedValue({ id: 'T1', name: 'New' });
    const handler = httpHandler(renameThing, work);
    const invalidBody = await handler(rename({ name: '' }), lambdaContext);
    const noKey = await handler(rename({ name: 'New' }, {}), lambdaContext);
    expect(invalidBody.statusCode).toBe(400);
    expect(noKey.statusCode).toBe(200);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it.each([[''], ['x'.repeat(256)], ['tab\there'], ['emoji-\u{1F600}']])('rejects the malformed key %j with 400', async (key) => {
    const result = await httpHandler(renameThing, work)(rename({ name: 'New' }, { 'idempotency-key': key }), lambdaContext);
    expect(result.statusCode).toBe(400);
    expect(jsonBody(result).code).toBe('InvalidIdempotencyKey');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('honours IDEMPOTENCY_TTL_HOURS', async () => {
    process.env.IDEMPOTENCY_TTL_HOURS = '2';
    try {
      dynamo.on(PutCommand).resolves({});
      work.mockResolvedValue({ id: 'T1', name: 'New' });
      await httpHandler(renameThing, work)(rename({ name: 'New' }), lambdaContext);
      expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item?.expiresAt).toBe(NOW_SECONDS + 2 * 3600);
    } finally {
      delete process.env.IDEMPOTENCY_TTL_HOURS;
    }
  });
});

describe('request identity', () => {
  it('keys records by operation, caller and key', () => {
    expect(idempotencyRecordKey('placeOrder', { sub: 'u1', roles: ['customer'] }, 'k')).toBe('IDEMPOTENCY#placeOrder#u1#k');
    expect(idempotencyRecordKey('carrierWebhook', undefined, 'k')).toBe('IDEMPOTENCY#carrierWebhook#anonymous#k');
  });

  it('hashes equal requests equally whatever the key order, and different ones differently', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    const a = requestHash({ path: { id: 'T1' }, body: { name: 'N', tags: ['x'] } });
    expect(requestHash({ path: { id: 'T1' }, body: { tags: ['x'], name: 'N' } })).toBe(a);
    expect(requestHash({ path: { id: 'T2' }, body: { name: 'N', tags: ['x'] } })).not.toBe(a);
  });
});
