import { describe, expect, it, vi } from 'vitest';
vi.hoisted(() => {
  process.env.EVENT_BUS_NAME = 'commerce-ops';
});
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { storedOrder } from '../orders/support';
import { orderItem } from '../../../shared/adapters/orders-repository';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { handler } from '../../../functions/platform/publish-outbox';
import { mockedAws } from '../mocked-aws';

const { eventBridge, ddb } = mockedAws();

const outboxRecord = (n: number, overrides: Partial<DynamoDBRecord> = {}, item: Record<string, unknown> = {}): DynamoDBRecord => ({
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: {
    SequenceNumber: String(1000 + n),
    NewImage: marshall({
      pk: `OUTBOX#E${n}`,
      sk: 'OUTBOX',
      entity: 'OutboxEvent',
      source: 'commerce.suppliers',
      detailType: 'SupplierApplicationSubmitted',
      detail: { applicationId: `A${n}`, summary: `Application A${n} was submitted`, eventId: `E${n}`, occurredAt: '2030-01-01T00:00:00.000Z', correlationId: 'c-1' },
      expiresAt: 1_900_000_000,
      ...item,
    }, { removeUndefinedValues: true }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
  },
  ...overrides,
});

const streamEvent = (records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

const sentEntries = () => eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);

/** An order's stream record: the events its write added ride on it in `outbox` (the last write's only). */
const orderRecord = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', oldEvents: string[] | undefined, newEvents: string[] | undefined, n = 1): DynamoDBRecord => {
  const event = (id: string) => ({ source: 'commerce.orders', detailType: `Order${id}`, detail: { orderId: 'O1', summary: 'An order event.' }, eventId: id, occurredAt: '2030-01-01T00:00:00.000Z', correlationId: 'c-1' });
  // The order item as stored (its events inside its compressed body), as Lambda delivers it: binary attributes base64-encoded.
  const image = (events: string[] | undefined) => {
    const marshalled = marshall(orderItem(storedOrder('SHIPPED'), (events ?? []).map(event)), { removeUndefinedValues: true });
    return { ...marshalled, body: { B: Buffer.from(marshalled.body!.B!).toString('base64') } } as unknown as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];
  };
  return {
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: { SequenceNumber: String(2000 + n), ...(eventName !== 'INSERT' ? { OldImage: image(oldEvents) } : {}), ...(eventName !== 'REMOVE' ? { NewImage: image(newEvents) } : {}) },
  };
};

describe('publish-outbox', () => {

  it('publishes the events an item carries that its old image did not: each once, and none for a write that added none', async () => {
    ddb.on(PutCommand).resolves({});
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'x' })) }));
    const result = await handler(streamEvent([
      orderRecord('INSERT', undefined, ['Placed'], 1),
      orderRecord('MODIFY', ['Placed'], ['Shipped', 'InTransit'], 2),
      // Replayed with the same images: the same events again (consumers drop them by eventId).
      orderRecord('MODIFY', ['Shipped'], ['Shipped', 'InTransit'], 3),
      orderRecord('MODIFY', ['InTransit'], undefined, 4),
      orderRecord('REMOVE', ['InTransit'], undefined, 5),
    ]));
    expect(result.batchItemFailures).toEqual([]);
    const published = sentEntries().flat().map((entry) => [entry.Source, entry.DetailType, JSON.parse(entry.Detail ?? '{}').eventId]);
    expect(published).toEqual([
      ['commerce.orders', 'OrderPlaced', 'Placed'],
      ['commerce.orders', 'OrderShipped', 'Shipped'],
      ['commerce.orders', 'OrderInTransit', 'InTransit'],
      ['commerce.orders', 'OrderInTransit', 'InTransit'],
    ]);
  });

  it('publishes each outbox insert with its source, detail-type and stored detail', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'x' }] });
    const result = await handler(streamEvent([outboxRecord(1)]));
    expect(result.batchItemFailures).toEqual([]);
    const [entry] = sentEntries()[0] ?? [];
    expect(entry).toMatchObject({ EventBusName: 'commerce-ops', Source: 'commerce.suppliers', DetailType: 'SupplierApplicationSubmitted' });
    expect(JSON.parse(entry?.Detail ?? '')).toEqual({
      applicationId: 'A1',
      summary: 'Application A1 was submitted',
      eventId: 'E1',
      occurredAt: '2030-01-01T00:00:00.000Z',
      correlationId: 'c-1',
    });
    expect(entry?.Time).toEqual(new Date('2030-01-01T00:00:00.000Z'));
  });

  it('sends at most 10 entries per PutEvents call', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map(() => ({ EventId: 'x' })),
    }));
    const result = await handler(streamEvent(Array.from({ length: 23 }, (_, n) => outboxRecord(n))));
    expect(sentEntries().map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(result.batchItemFailures).toEqual([]);
  });

  it('ignores modifications, removals and non-outbox items', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'x' }] });
    const result = await handler(
      streamEvent([
        outboxRecord(1, { eventName: 'MODIFY' }),
        outboxRecord(2, { eventName: 'REMOVE' }),
        outboxRecord(3, {}, { pk: 'APPLICATION#A3' }),
      ]),
    );
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(result.batchItemFailures).toEqual([]);
  });

  it('reports entries the bus rejected by their sequence number', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }, { EventId: 'c' }],
    });
    const result = await handler(streamEvent([outboxRecord(1), outboxRecord(2), outboxRecord(3)]));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1002' }]);
  });

  it('reports a whole batch when PutEvents itself fails, and still sends the other batches', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(new Error('throttled'))
      .callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'x' })) }));
    const result = await handler(streamEvent(Array.from({ length: 12 }, (_, n) => outboxRecord(n))));
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(Array.from({ length: 10 }, (_, n) => String(1000 + n)));
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
  });

  it('counts each published event under its detail-type, as an EMF metric line', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure' }, { EventId: 'c' }] });
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    try {
      await handler(streamEvent([outboxRecord(1), outboxRecord(2), outboxRecord(3, {}, { detailType: 'OrderPlaced' })]));
    } finally {
      write.mockRestore();
    }
    const emf = written.flatMap((chunk) => chunk.split('\n')).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));
    expect(emf).toHaveLength(1);
    expect(emf[0]._aws.CloudWatchMetrics[0].Namespace).toBe('CommerceOps');
    expect(emf[0]).toMatchObject({ SupplierApplicationSubmitted: 1, OrderPlaced: 1 });
  });

  it('reports a batch that failed whole record by record, instead of throwing', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('bus unavailable'));
    const result = await handler(streamEvent([outboxRecord(1), outboxRecord(2)]));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1001' }, { itemIdentifier: '1002' }]);
  });

  it('fails a malformed outbox item instead of publishing half an event', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'x' }] });
    const result = await handler(streamEvent([outboxRecord(1, {}, { source: undefined }), outboxRecord(2)]));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1001' }]);
    expect(sentEntries()[0]).toHaveLength(1);
  });
});
