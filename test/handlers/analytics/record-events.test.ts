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

/** The key, and the sessions as stored (by id): what GetItem answers. */
function table(key: Record<string, unknown> | undefined, sessions: Record<string, Record<string, unknown>> = {}) {
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({
    Item: input.Key.pk.startsWith('STOREFRONT_KEY#') ? key : input.Key.pk.startsWith('SESSION#') ? sessions[input.Key.pk.slice('SESSION#'.length)] : undefined,
  }));
  ddb.on(TransactWriteCommand).resolves({});
}

/** What one counter update adds, by counter name. */
const added = (update: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }) =>
  Object.fromEntries(Object.entries(update.ExpressionAttributeNames!).filter(([name]) => name.startsWith('#c')).map(([name, counter]) => [counter, update.ExpressionAttributeValues![`:${name.slice(1)}`]]));

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

  it("records an event with its new session (holding the event's id), the visitor's day and its counters in one transaction; a resent one is a duplicate", async () => {
    table(storedKey());
    expect(await post({ events: [event({ visitorId: 'v1' })] }, KEY)).toEqual({ status: 200, body: { recorded: 1, duplicates: 0 } });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]?.Put).toMatchObject({ Item: { pk: 'SESSION#s1', day: '2030-06-10', pageViews: 1, eventIds: ['e1'] }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items[1]?.Put).toMatchObject({ Item: { pk: 'VISITOR#2030-06-10#V:v1' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items.slice(2).map((item) => item.Update?.Key?.sk)).toEqual(['TOTAL', 'SOURCE#direct', 'REGION#UNKNOWN', 'DEVICE#other']);
    expect(items[2]?.Update?.UpdateExpression).toMatch(/ADD /);
    expect(added(items[2]!.Update!)).toMatchObject({ sessions: 1, visitors: 1 });
    expect(items.some((item) => String(item.Put?.Item?.pk).startsWith('STOREFRONT_EVENT#'))).toBe(false);

    // Sent again: its session holds it, so nothing is written.
    const stored = items[0]!.Put!.Item!;
    ddb.reset();
    table(storedKey(), { s1: stored });
    expect(await post({ events: [event({ visitorId: 'v1' })] }, KEY)).toEqual({ status: 200, body: { recorded: 0, duplicates: 1 } });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('counts a visitor known only by its session without a guard of its own: the new session is counted once already', async () => {
    table(storedKey());
    expect(await post({ events: [event()] }, KEY)).toEqual({ status: 200, body: { recorded: 1, duplicates: 0 } });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.some((item) => String(item.Put?.Item?.pk).startsWith('VISITOR#'))).toBe(false);
    expect(added(items.find((item) => item.Update?.Key?.sk === 'TOTAL')!.Update!)).toMatchObject({ sessions: 1, visitors: 1 });
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key!.pk)).not.toContain('VISITOR#2030-06-10#S:s1');
  });

  it("writes a session's events of a batch together: the session once, the counters merged", async () => {
    table(storedKey());
    const batch = [event(), event({ eventId: 'e2', occurredAt: '2030-06-10T11:00:30.000Z' })];
    expect(await post({ events: batch }, KEY)).toEqual({ status: 200, body: { recorded: 2, duplicates: 0 } });
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    const items = calls[0]!.args[0].input.TransactItems!;
    expect(items[0]?.Put?.Item).toMatchObject({ pk: 'SESSION#s1', pageViews: 2, engaged: true, version: 2, eventIds: ['e1', 'e2'] });
    expect(added(items.find((item) => item.Update?.Key?.sk === 'TOTAL')!.Update!)).toEqual({ events: 2, pageViews: 2, sessions: 1, visitors: 1, engagedSessions: 1, sessionSeconds: 30 });
  });

  it("writes a batch's sessions in one transaction: each counter item once, a visitor counted once for its two sessions", async () => {
    table(storedKey());
    const batch = [event({ customerId: 'c1' }), event({ eventId: 'e2', sessionId: 's2', customerId: 'c1', occurredAt: '2030-06-10T11:30:00.000Z' }), event({ eventId: 'e3', sessionId: 's3' })];
    expect(await post({ events: batch }, KEY)).toEqual({ status: 200, body: { recorded: 3, duplicates: 0 } });
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    const items = calls[0]!.args[0].input.TransactItems!;
    expect(items.filter((item) => String(item.Put?.Item?.pk).startsWith('SESSION#'))).toHaveLength(3);
    expect(items.filter((item) => String(item.Put?.Item?.pk).startsWith('VISITOR#')).map((item) => item.Put!.Item!.pk)).toEqual(['VISITOR#2030-06-10#C:c1']);
    const totals = items.filter((item) => item.Update?.Key?.sk === 'TOTAL');
    expect(totals).toHaveLength(1);
    expect(added(totals[0]!.Update!)).toMatchObject({ events: 3, sessions: 3, visitors: 2 });
  });

  it('reads and decides again when a session moved meanwhile: only what its session does not hold yet counts', async () => {
    table(storedKey());
    const moved = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });
    ddb.on(TransactWriteCommand).rejectsOnce(moved).resolves({});
    // Another request recorded e1 into s1 meanwhile: the second read finds it there.
    let reads = 0;
    const s1 = { pk: 'SESSION#s1', sk: 'SESSION', sessionId: 's1', day: '2030-06-10', startedAt: '2030-06-10T11:00:00.000Z', lastAt: '2030-06-10T11:00:00.000Z', pageViews: 1, engaged: false, source: 'direct', region: 'UNKNOWN', device: 'other', visitorId: 'S:s1', version: 1, eventIds: ['e1'] };
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({
      Item: input.Key.pk.startsWith('STOREFRONT_KEY#') ? storedKey() : input.Key.pk === 'SESSION#s1' && reads++ > 0 ? s1 : undefined,
    }));
    const batch = [event(), event({ eventId: 'e2', occurredAt: '2030-06-10T11:00:30.000Z' })];
    expect(await post({ events: batch }, KEY)).toEqual({ status: 200, body: { recorded: 1, duplicates: 1 } });
    const [, again] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(again![0]!.Put).toMatchObject({ Item: { pk: 'SESSION#s1', pageViews: 2, version: 2, eventIds: ['e1', 'e2'] }, ConditionExpression: '#version = :version', ExpressionAttributeValues: { ':version': 1 } });
    expect(added(again!.find((item) => item.Update?.Key?.sk === 'TOTAL')!.Update!)).toEqual({ events: 1, pageViews: 1, engagedSessions: 1, sessionSeconds: 30 });
  });
});
