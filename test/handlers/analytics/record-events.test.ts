import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { context, parse } from '../suppliers/support';

const NOW = new Date('2030-06-10T12:00:00.000Z');
const QUEUE_URL = 'https://sqs.eu-central-1.amazonaws.com/123456789012/storefront-events';
process.env.STOREFRONT_EVENTS_QUEUE_URL = QUEUE_URL;
const { ddb, sqs } = mockedAws(NOW);
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

/** The key as stored (what GetItem answers); the queue takes every message. */
function table(key: Record<string, unknown> | undefined) {
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({ Item: input.Key.pk.startsWith('STOREFRONT_KEY#') ? key : undefined }));
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
}

const queued = () => sqs.commandCalls(SendMessageCommand).map((call) => ({ url: call.args[0].input.QueueUrl, ...JSON.parse(call.args[0].input.MessageBody!) }));

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
    expect(queued()).toEqual([]);
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
    expect(queued()).toEqual([]);
  });

  it('queues a checked batch whole, with the key that sent it, and answers 202 with how many were accepted', async () => {
    table(storedKey());
    const batch = [event({ visitorId: 'v1' }), event({ eventId: 'e2', sessionId: 's2' })];
    expect(await post({ events: batch }, KEY)).toEqual({ status: 202, body: { accepted: 2 } });
    expect(queued()).toEqual([{ url: QUEUE_URL, keyId: KEY_ID, events: batch }]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('queues the largest batch the schema allows, in any script, as messages SQS takes: under 256 KB, printable ASCII, every event once and unchanged', async () => {
    table(storedKey());
    // Every free-text field at its longest, in characters JSON or SQS would not pass as they are.
    const text = (length: number) => '\u00e9\u4e2d\uffff\u0001'.repeat(length).slice(0, length);
    const longest = (n: number) => ({
      ...event({ eventId: String(n).padStart(64, 'e'), sessionId: 's'.repeat(64), type: 'search', occurredAt: '2030-06-10T11:00:00.000Z' }),
      customerId: 'c'.repeat(64), visitorId: 'v'.repeat(64), source: text(64), device: 'desktop', region: 'R'.repeat(12), sku: text(64), productId: text(64), categoryId: text(64), quantity: 999, query: text(200), resultCount: 1_000_000,
    });
    const batch = Array.from({ length: 100 }, (_, n) => longest(n));
    expect(await post({ events: batch }, KEY)).toEqual({ status: 202, body: { accepted: 100 } });
    const bodies = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input.MessageBody!);
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) {
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(256 * 1024);
      expect(body).toMatch(/^[\x20-\x7e]*$/);
    }
    const received = queued().flatMap((message) => message.events);
    expect(received).toHaveLength(100);
    expect(received[7]).toEqual(JSON.parse(JSON.stringify(batch[7])));
  });

  it('answers 5xx and queues nothing more when the queue refuses (the storefront sends the batch again: its events count once)', async () => {
    table(storedKey());
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));
    const answer = await post({ events: [event()] }, KEY);
    expect(answer.status).toBeGreaterThanOrEqual(500);
  });
});
