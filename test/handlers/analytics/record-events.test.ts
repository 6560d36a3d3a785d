import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { context, parse } from '../suppliers/support';

const NOW = new Date('2030-06-10T12:00:00.000Z');
const { ddb } = mockedAws(NOW);
const { handler } = await import('../../../functions/analytics/record-events');

const KEY_ID = '01J00000000000000000000KEY';
const SECRET = 'a'.repeat(43);
const KEY = `sfk_${KEY_ID}_${SECRET}`;
const storedKey = (status = 'ACTIVE') => ({ pk: `STOREFRONT_KEY#${KEY_ID}`, sk: 'KEY', keyId: KEY_ID, status, secretHash: createHash('sha256').update(SECRET).digest('hex') });

const post = (body: unknown, key?: string) =>
  handler(
    {
      version: '2.0',
      routeKey: 'POST /events',
      rawPath: '/events',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', ...(key ? { 'x-storefront-key': key } : {}) },
      body: JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: { requestId: 'req-1', http: { method: 'POST', path: '/events' } },
    } as unknown as APIGatewayProxyEventV2,
    context,
  ).then(parse);

const event = (over: Record<string, unknown> = {}) => ({ eventId: 'e1', type: 'page_view', occurredAt: '2030-06-10T11:00:00.000Z', sessionId: 's1', ...over });

function table(key: Record<string, unknown> | undefined) {
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({ Item: input.Key.pk.startsWith('STOREFRONT_KEY#') ? key : undefined }));
  ddb.on(TransactWriteCommand).resolves({});
}

describe('POST /events', () => {
  it.each([
    ['no key', undefined, storedKey(), 'Unauthorized'],
    ['a revoked key', KEY, storedKey('REVOKED'), 'InvalidStorefrontKey'],
    ['a wrong secret', `sfk_${KEY_ID}_${'b'.repeat(43)}`, storedKey(), 'InvalidStorefrontKey'],
    ['an unknown key', KEY, undefined, 'InvalidStorefrontKey'],
  ])('answers 401 to %s, writing nothing', async (_, key, stored, code) => {
    table(stored);
    const answer = await post({ events: [event()] }, key);
    expect(answer).toMatchObject({ status: 401, body: { code } });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 401 to a bad key before reading the batch (a malformed one too)', async () => {
    table(undefined);
    expect(await post({ events: [{ type: 'nonsense' }] }, KEY)).toMatchObject({ status: 401, body: { code: 'InvalidStorefrontKey' } });
    expect(await post({ events: [{ type: 'nonsense' }] })).toMatchObject({ status: 401, body: { code: 'Unauthorized' } });
  });

  it('refuses a batch with an event from the future (400, by index), writing nothing', async () => {
    table(storedKey());
    const answer = await post({ events: [event(), event({ eventId: 'e2', occurredAt: '2030-06-10T13:00:00.000Z' })] }, KEY);
    expect(answer).toMatchObject({ status: 400, body: { errors: [{ field: 'events.1.occurredAt' }] } });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it("records an event with its guard, its new session, the visitor's day and its counters in one transaction; a resent one is a duplicate", async () => {
    table(storedKey());
    expect(await post({ events: [event()] }, KEY)).toEqual({ status: 200, body: { recorded: 1, duplicates: 0 } });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]?.Put).toMatchObject({ Item: { pk: 'STOREFRONT_EVENT#e1' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items[1]?.Put).toMatchObject({ Item: { pk: 'SESSION#s1', day: '2030-06-10', pageViews: 1 }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items[2]?.Put).toMatchObject({ Item: { pk: 'VISITOR#2030-06-10#S:s1' } });
    expect(items.slice(3).map((item) => item.Update?.Key?.sk)).toEqual(['TOTAL', 'SOURCE#direct', 'REGION#UNKNOWN', 'DEVICE#other']);
    expect(items[3]?.Update?.UpdateExpression).toMatch(/ADD /);

    ddb.on(TransactWriteCommand).rejects(
      Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }),
    );
    expect(await post({ events: [event()] }, KEY)).toEqual({ status: 200, body: { recorded: 0, duplicates: 1 } });
  });

  it("writes a session's events of a batch together: a guard each, the session once, the counters merged", async () => {
    table(storedKey());
    const batch = [event(), event({ eventId: 'e2', occurredAt: '2030-06-10T11:00:30.000Z' })];
    expect(await post({ events: batch }, KEY)).toEqual({ status: 200, body: { recorded: 2, duplicates: 0 } });
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    const items = calls[0]!.args[0].input.TransactItems!;
    expect(items.slice(0, 2).map((item) => item.Put?.Item?.pk)).toEqual(['STOREFRONT_EVENT#e1', 'STOREFRONT_EVENT#e2']);
    expect(items[2]?.Put?.Item).toMatchObject({ pk: 'SESSION#s1', pageViews: 2, engaged: true, version: 2 });
    const total = items.find((item) => item.Update?.Key?.sk === 'TOTAL')!.Update!;
    const added = Object.fromEntries(Object.entries(total.ExpressionAttributeNames!).filter(([name]) => name.startsWith('#c')).map(([name, counter]) => [counter, total.ExpressionAttributeValues![`:${name.slice(1)}`]]));
    expect(added).toEqual({ events: 2, pageViews: 2, sessions: 1, visitors: 1, engagedSessions: 1, sessionSeconds: 30 });
  });

  it('records the events one by one when one of them was counted before, so only the new one counts', async () => {
    table(storedKey());
    const seenBefore = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }] });
    ddb.on(TransactWriteCommand).rejectsOnce(seenBefore).rejectsOnce(seenBefore).resolves({});
    const batch = [event(), event({ eventId: 'e2', occurredAt: '2030-06-10T11:00:30.000Z' })];
    expect(await post({ events: batch }, KEY)).toEqual({ status: 200, body: { recorded: 1, duplicates: 1 } });
    expect(ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems![0]!.Put!.Item!.pk)).toEqual([
      'STOREFRONT_EVENT#e1',
      'STOREFRONT_EVENT#e1',
      'STOREFRONT_EVENT#e2',
    ]);
  });
});
