import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import type { Context } from 'aws-lambda';
import { context } from '../suppliers/support';

const NOW = new Date('2030-06-10T12:00:00.000Z');
const { ddb } = mockedAws(NOW);
const { handler } = await import('../../../functions/analytics/count-storefront-events');

const event = (over: Record<string, unknown> = {}) => ({ eventId: 'e1', type: 'page_view', occurredAt: '2030-06-10T11:00:00.000Z', sessionId: 's1', ...over });

/** The SQS event of these queued batches (one message each), as Lambda hands it over. */
const messages = (...batches: readonly (readonly Record<string, unknown>[] | string)[]): SQSEvent => ({
  Records: batches.map((events, n) => ({
    messageId: `m${n + 1}`,
    receiptHandle: `r${n + 1}`,
    body: typeof events === 'string' ? events : JSON.stringify({ keyId: 'KEY', events }),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(NOW.getTime()), SenderId: 'x', ApproximateFirstReceiveTimestamp: String(NOW.getTime()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:123456789012:storefront-events',
    awsRegion: 'eu-central-1',
  })),
});

/** Lambda's context with `remainingMs` left before the function's timeout. */
const lambdaContext = (remainingMs = 60_000): Context => ({ ...context, getRemainingTimeInMillis: () => remainingMs });
const count = (sqsEvent: SQSEvent, remainingMs?: number) => handler(sqsEvent, lambdaContext(remainingMs));

/** The sessions and visitor guards as stored (by key): what GetItem answers; every write succeeds. */
function table(sessions: Record<string, Record<string, unknown>> = {}, visitors: Record<string, Record<string, unknown>> = {}) {
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({
    Item: input.Key.pk.startsWith('SESSION#') ? sessions[input.Key.pk.slice('SESSION#'.length)] : visitors[input.Key.pk],
  }));
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(PutCommand).resolves({});
}

const claims = () => ddb.commandCalls(PutCommand).map((call) => call.args[0].input);

const transactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);

/** What one counter update adds, by counter name. */
const added = (update: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }) =>
  Object.fromEntries(Object.entries(update.ExpressionAttributeNames!).filter(([name]) => name.startsWith('#c')).map(([name, counter]) => [counter, update.ExpressionAttributeValues![`:${name.slice(1)}`]]));

describe('counting queued storefront events', () => {
  it("records an event with its new session (holding the event's id), the visitor's day and its counters in one transaction; delivered again, it counts nothing", async () => {
    table();
    expect(await count(messages([event({ visitorId: 'v1' })]))).toEqual({ batchItemFailures: [] });
    // The visitor's day claimed for its session first, a plain conditional put (one unit, not two in the transaction).
    expect(claims()).toEqual([
      expect.objectContaining({ Item: expect.objectContaining({ pk: 'VISITOR#2030-06-10#V:v1', claimedBy: 's1' }), ConditionExpression: 'attribute_not_exists(pk) OR claimedBy = :session' }),
    ]);
    const items = transactions()[0]!;
    expect(items[0]?.Put).toMatchObject({ Item: { pk: 'SESSION#s1', day: '2030-06-10', pageViews: 1, eventIds: ['e1'] }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items.slice(1).map((item) => item.Update?.Key?.sk)).toEqual(['TOTAL', 'SOURCE#direct', 'REGION#UNKNOWN', 'DEVICE#other']);
    expect(items[1]?.Update?.UpdateExpression).toMatch(/ADD /);
    expect(added(items[1]!.Update!)).toMatchObject({ sessions: 1, visitors: 1 });

    // SQS delivers the message again: its session holds the event, so nothing is written.
    const stored = items[0]!.Put!.Item!;
    ddb.reset();
    table({ s1: stored });
    expect(await count(messages([event({ visitorId: 'v1' })]))).toEqual({ batchItemFailures: [] });
    expect(transactions()).toHaveLength(0);
  });

  it('counts a visitor known only by its session without a guard of its own: the new session is counted once already', async () => {
    table();
    await count(messages([event()]));
    const items = transactions()[0]!;
    expect(claims()).toEqual([]);
    expect(added(items.find((item) => item.Update?.Key?.sk === 'TOTAL')!.Update!)).toMatchObject({ sessions: 1, visitors: 1 });
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key!.pk)).not.toContain('VISITOR#2030-06-10#S:s1');
  });

  it("writes a session's events together: the session once, the counters merged", async () => {
    table();
    await count(messages([event(), event({ eventId: 'e2', occurredAt: '2030-06-10T11:00:30.000Z' })]));
    expect(transactions()).toHaveLength(1);
    const items = transactions()[0]!;
    expect(items[0]?.Put?.Item).toMatchObject({ pk: 'SESSION#s1', pageViews: 2, engaged: true, version: 2, eventIds: ['e1', 'e2'] });
    expect(added(items.find((item) => item.Update?.Key?.sk === 'TOTAL')!.Update!)).toEqual({ events: 2, pageViews: 2, sessions: 1, visitors: 1, engagedSessions: 1, sessionSeconds: 30 });
  });

  it("counts the messages of a delivery together, whichever storefront sent them: each counter item once, a visitor once for its two sessions", async () => {
    table();
    await count(messages([event({ customerId: 'c1' })], [event({ eventId: 'e2', sessionId: 's2', customerId: 'c1', occurredAt: '2030-06-10T11:30:00.000Z' })], [event({ eventId: 'e3', sessionId: 's3' })]));
    expect(transactions()).toHaveLength(1);
    const items = transactions()[0]!;
    expect(items.filter((item) => String(item.Put?.Item?.pk).startsWith('SESSION#'))).toHaveLength(3);
    expect(claims().map((claim) => [claim.Item!.pk, claim.Item!.claimedBy])).toEqual([['VISITOR#2030-06-10#C:c1', 's1']]);
    const totals = items.filter((item) => item.Update?.Key?.sk === 'TOTAL');
    expect(totals).toHaveLength(1);
    expect(added(totals[0]!.Update!)).toMatchObject({ events: 3, sessions: 3, visitors: 2 });
  });

  it('counts a batch and its resending once when one delivery holds both (no session holds their events yet)', async () => {
    table();
    const batch = [event(), event({ eventId: 'e2', occurredAt: '2030-06-10T11:00:30.000Z' })];
    expect(await count(messages(batch, batch))).toEqual({ batchItemFailures: [] });
    const items = transactions()[0]!;
    expect(items[0]?.Put?.Item).toMatchObject({ pk: 'SESSION#s1', pageViews: 2, eventIds: ['e1', 'e2'] });
    expect(added(items.find((item) => item.Update?.Key?.sk === 'TOTAL')!.Update!)).toMatchObject({ events: 2, pageViews: 2, sessions: 1 });
  });

  it('counts a visitor claimed meanwhile by another session as seen: the claim refused, read and decided again', async () => {
    let claimed = false;
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({ Item: input.Key.pk === 'VISITOR#2030-06-10#V:v1' && claimed ? { claimedBy: 'other' } : undefined }));
    ddb.on(PutCommand).callsFake(() => {
      claimed = true;
      throw Object.assign(new Error('refused'), { name: 'ConditionalCheckFailedException' });
    });
    ddb.on(TransactWriteCommand).resolves({});
    expect(await count(messages([event({ visitorId: 'v1' })]))).toEqual({ batchItemFailures: [] });
    expect(transactions()).toHaveLength(1);
    const total = added(transactions()[0]!.find((item) => item.Update?.Key?.sk === 'TOTAL')!.Update!);
    expect(total).toMatchObject({ sessions: 1 });
    expect(total.visitors).toBeUndefined();
  });

  it('counts the visitor with its claiming session when that session\'s transaction failed after the claim (the message delivered again)', async () => {
    table({}, { 'VISITOR#2030-06-10#V:v1': { claimedBy: 's1' } });
    await count(messages([event({ visitorId: 'v1' })]));
    expect(claims().map((claim) => claim.Item!.claimedBy)).toEqual(['s1']);
    expect(added(transactions()[0]!.find((item) => item.Update?.Key?.sk === 'TOTAL')!.Update!)).toMatchObject({ sessions: 1, visitors: 1 });
  });

  it('reads and decides again when a session moved meanwhile: only what its session does not hold yet counts', async () => {
    table();
    const moved = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });
    ddb.on(TransactWriteCommand).rejectsOnce(moved).resolves({});
    // Another delivery recorded e1 into s1 meanwhile: the second read finds it there.
    let reads = 0;
    const s1 = { pk: 'SESSION#s1', sk: 'SESSION', sessionId: 's1', day: '2030-06-10', startedAt: '2030-06-10T11:00:00.000Z', lastAt: '2030-06-10T11:00:00.000Z', pageViews: 1, engaged: false, source: 'direct', region: 'UNKNOWN', device: 'other', visitorId: 'S:s1', version: 1, eventIds: ['e1'] };
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({ Item: input.Key.pk === 'SESSION#s1' && reads++ > 0 ? s1 : undefined }));
    expect(await count(messages([event(), event({ eventId: 'e2', occurredAt: '2030-06-10T11:00:30.000Z' })]))).toEqual({ batchItemFailures: [] });
    const [, again] = transactions();
    expect(again![0]!.Put).toMatchObject({ Item: { pk: 'SESSION#s1', pageViews: 2, version: 2, eventIds: ['e1', 'e2'] }, ConditionExpression: '#version = :version', ExpressionAttributeValues: { ':version': 1 } });
    expect(added(again!.find((item) => item.Update?.Key?.sk === 'TOTAL')!.Update!)).toEqual({ events: 1, pageViews: 1, engagedSessions: 1, sessionSeconds: 30 });
  });

  it('reports an unreadable message as failed (SQS redelivers it, then parks it) and counts the others', async () => {
    table();
    expect(await count(messages([event()], 'not json', [event({ eventId: 'e2', sessionId: 's2' })]))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(transactions()).toHaveLength(1);
    expect(transactions()[0]!.filter((item) => String(item.Put?.Item?.pk).startsWith('SESSION#'))).toHaveLength(2);
  });

  it('counts each message alone when counting them together fails, and reports only the ones that still fail', async () => {
    table();
    // s2's transaction always fails; s1's succeeds once alone.
    ddb.on(TransactWriteCommand).callsFake((input: { TransactItems: { Put?: { Item?: { pk?: string } } }[] }) => {
      if (input.TransactItems.some((item) => item.Put?.Item?.pk === 'SESSION#s2')) throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
      return {};
    });
    expect(await count(messages([event()], [event({ eventId: 'e2', sessionId: 's2' })]))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    const written = transactions().filter((items) => !items.some((item) => item.Put?.Item?.pk === 'SESSION#s2'));
    expect(written).toHaveLength(1);
    expect(written[0]!.map((item) => item.Put?.Item?.pk).filter(Boolean)).toEqual(['SESSION#s1']);
  });

  it('reports a message whose events are not what POST /events checks (a redriven or hand-sent one) as failed, and counts the others', async () => {
    table();
    expect(await count(messages([{ eventId: 'x1', type: 'page_view', occurredAt: '2030-06-10T11:00:00.000Z' }], [event()]))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(transactions()[0]!.map((item) => item.Put?.Item?.pk).filter(Boolean)).toEqual(['SESSION#s1']);
  });

  it('leaves out events older than the counting window (a dead letter redriven too late): their sessions may be gone', async () => {
    table();
    const old = event({ eventId: 'old', sessionId: 's-old', occurredAt: '2030-06-04T11:00:00.000Z' }); // 6 days and 1 hour
    expect(await count(messages([old, event()]))).toEqual({ batchItemFailures: [] });
    expect(transactions()[0]!.map((item) => item.Put?.Item?.pk).filter(Boolean)).toEqual(['SESSION#s1']);
  });

  it('counts equal event ids of two sessions as two events (an event belongs to its session)', async () => {
    table();
    await count(messages([event({ eventId: 'evt-1' })], [event({ eventId: 'evt-1', sessionId: 's2' })]));
    expect(transactions()[0]!.map((item) => item.Put?.Item?.pk).filter(Boolean)).toEqual(['SESSION#s1', 'SESSION#s2']);
  });

  it('keeps the sessions a week after their last event, and a visitor claim a week past the end of its day', async () => {
    table();
    await count(messages([event({ visitorId: 'v1' })]));
    const week = 7 * 86_400;
    expect(transactions()[0]![0]!.Put!.Item!.expiresAt).toBe(Date.parse('2030-06-10T11:00:00.000Z') / 1000 + week);
    expect(claims()[0]!.Item!.expiresAt).toBe(Date.parse('2030-06-11T00:00:00.000Z') / 1000 + week);
  });

  it('gives back the messages it has no time left to try alone, instead of timing out with all of them', async () => {
    table();
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    expect(await count(messages([event()], [event({ eventId: 'e2', sessionId: 's2' })]), 5_000)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }] });
    expect(transactions()).toHaveLength(1); // the try together; none alone
  });
});
