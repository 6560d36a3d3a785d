import { describe, expect, it, vi } from 'vitest';
import { LocalEventBus } from '../../../infra/local/events/bus';
import { AwsServiceError, type LocalRule, type PutEventsEntry } from '../../../infra/local/model';

const region = 'us-east-1';
const accountId = '000000000000';
const lambdaArn = `arn:aws:lambda:${region}:${accountId}:function:notify`;
const customBus = { logicalId: 'OpsBus', name: 'commerce-ops', arn: `arn:aws:events:${region}:${accountId}:event-bus/commerce-ops` };

const orderPlacedRule: LocalRule = {
  logicalId: 'OrderPlacedRule',
  name: 'order-placed',
  busName: 'default',
  eventPattern: { source: ['commerce.orders'], 'detail-type': ['OrderPlaced'] },
  enabled: true,
  targets: [{ id: 'notify', arn: lambdaArn }],
};

const entry = (overrides: Partial<PutEventsEntry> = {}): PutEventsEntry => ({
  Source: 'commerce.orders',
  DetailType: 'OrderPlaced',
  Detail: JSON.stringify({ orderId: '01J0', totalMinor: 1299 }),
  ...overrides,
});

function setup(rules: LocalRule[] = [orderPlacedRule], dispatch = vi.fn(async (_arn: string, _payload: string) => {})) {
  const logger = { info: vi.fn(), warn: vi.fn() };
  const onEvent = vi.fn();
  const bus = new LocalEventBus({ rules, buses: [customBus], dispatch, region, accountId, onEvent, logger, retryDelayMs: 1 });
  return { bus, dispatch, logger, onEvent };
}

const payloadsTo = (dispatch: ReturnType<typeof vi.fn>, arn: string) =>
  dispatch.mock.calls.filter(([target]) => target === arn).map(([, payload]) => JSON.parse(payload as string) as Record<string, unknown>);

describe('LocalEventBus.putEvents', () => {
  it('builds the EventBridge envelope and delivers it to the matching rule target', async () => {
    const { bus, dispatch } = setup();
    const result = await bus.putEvents([entry({ Time: '2026-03-01T10:00:00.123Z', Resources: ['arn:order'] })]);
    await bus.drain();

    expect(result.FailedEntryCount).toBe(0);
    const eventId = result.Entries[0]?.EventId;
    expect(eventId).toEqual(expect.any(String));
    expect(payloadsTo(dispatch, lambdaArn)).toEqual([
      {
        version: '0',
        id: eventId,
        'detail-type': 'OrderPlaced',
        source: 'commerce.orders',
        account: accountId,
        time: '2026-03-01T10:00:00Z',
        region,
        resources: ['arn:order'],
        detail: { orderId: '01J0', totalMinor: 1299 },
      },
    ]);
  });

  it('delivers nothing for events no enabled rule on that bus matches', async () => {
    const disabled = { ...orderPlacedRule, name: 'disabled', enabled: false };
    const otherBus = { ...orderPlacedRule, name: 'on-ops-bus', busName: 'commerce-ops' };
    const { bus, dispatch } = setup([disabled, otherBus]);
    await bus.putEvents([entry(), entry({ DetailType: 'OrderCancelled', EventBusName: 'commerce-ops' })]);
    await bus.drain();
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('resolves the bus by name or ARN and reports an unknown bus per entry', async () => {
    const onOpsBus = { ...orderPlacedRule, name: 'on-ops-bus', busName: 'commerce-ops' };
    const { bus, dispatch } = setup([onOpsBus]);
    const result = await bus.putEvents([
      entry({ EventBusName: 'commerce-ops' }),
      entry({ EventBusName: customBus.arn }),
      entry({ EventBusName: 'nope' }),
    ]);
    await bus.drain();
    expect(dispatch).toHaveBeenCalledTimes(2);
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries[2]).toEqual({ ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus nope does not exist.' });
  });

  it('reports invalid entries in Entries, in order, and still accepts the valid ones', async () => {
    const { bus, dispatch } = setup();
    const result = await bus.putEvents([
      entry({ Source: undefined }),
      entry(),
      entry({ DetailType: '' }),
      entry({ Detail: 'not json' }),
      entry({ Detail: '[1,2]' }),
      entry({ Detail: undefined }),
    ]);
    await bus.drain();

    expect(result.FailedEntryCount).toBe(5);
    expect(result.Entries.map((e) => e.ErrorCode ?? 'ok')).toEqual([
      'InvalidArgument',
      'ok',
      'InvalidArgument',
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
    ]);
    expect(result.Entries[0]?.ErrorMessage).toMatch(/Source is a required argument/);
    expect(result.Entries[1]?.EventId).toEqual(expect.any(String));
    expect(dispatch).toHaveBeenCalledTimes(1);
  });

  it('rejects an oversized entry', async () => {
    const { bus } = setup();
    const result = await bus.putEvents([entry({ Detail: JSON.stringify({ blob: 'x'.repeat(256 * 1024) }) })]);
    expect(result.Entries[0]?.ErrorCode).toBe('EntrySizeExceeded');
  });

  it('throws a ValidationException for more than 10 entries or none', async () => {
    const { bus } = setup();
    await expect(bus.putEvents(Array.from({ length: 11 }, () => entry()))).rejects.toBeInstanceOf(AwsServiceError);
    await expect(bus.putEvents(Array.from({ length: 11 }, () => entry()))).rejects.toMatchObject({ code: 'ValidationException' });
    await expect(bus.putEvents([])).rejects.toMatchObject({ code: 'ValidationException' });
  });

  it('does not wait for delivery; drain() waits for it', async () => {
    let release = () => {};
    let delivered = false;
    const dispatch = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          release = () => {
            delivered = true;
            resolve();
          };
        }),
    );
    const { bus } = setup([orderPlacedRule], dispatch);
    const result = await bus.putEvents([entry()]);
    expect(result.FailedEntryCount).toBe(0);
    expect(delivered).toBe(false);

    let drained = false;
    const draining = bus.drain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    release();
    await draining;
    expect(delivered).toBe(true);
  });

  it('retries a failing dispatch and stops once it succeeds', async () => {
    const dispatch = vi
      .fn(async (_arn: string, _payload: string) => {})
      .mockRejectedValueOnce(new Error('throttled'))
      .mockRejectedValueOnce(new Error('throttled'));
    const { bus, logger } = setup([orderPlacedRule], dispatch);
    await bus.putEvents([entry()]);
    await bus.drain();
    expect(dispatch).toHaveBeenCalledTimes(3);
    expect(logger.warn).not.toHaveBeenCalledWith('event target delivery abandoned', expect.anything());
  });

  it('gives up after maxRetries, logs, and sends {event, error} to the dead-letter ARN', async () => {
    const deadLetterArn = `arn:aws:sqs:${region}:${accountId}:rule-dlq`;
    const rule: LocalRule = { ...orderPlacedRule, targets: [{ id: 'notify', arn: lambdaArn, maxRetries: 1, deadLetterArn }] };
    const dispatch = vi.fn(async (arn: string, _payload: string) => {
      if (arn === lambdaArn) throw new Error('function crashed');
    });
    const { bus, logger } = setup([rule], dispatch);
    const result = await bus.putEvents([entry()]);
    await bus.drain();

    expect(dispatch.mock.calls.filter(([arn]) => arn === lambdaArn)).toHaveLength(2);
    const [letter] = payloadsTo(dispatch, deadLetterArn);
    expect(letter).toMatchObject({ error: 'function crashed', ruleName: 'order-placed', targetId: 'notify' });
    expect(letter?.event).toMatchObject({ id: result.Entries[0]?.EventId, source: 'commerce.orders' });
    expect(logger.warn).toHaveBeenCalledWith('event target delivery abandoned', expect.objectContaining({ ruleName: 'order-placed' }));
  });

  it('uses the default of 2 retries when the target sets none', async () => {
    const dispatch = vi.fn(async () => {
      throw new Error('down');
    });
    const { bus } = setup([orderPlacedRule], dispatch);
    await bus.putEvents([entry()]);
    await bus.drain();
    expect(dispatch).toHaveBeenCalledTimes(3);
  });

  it("shapes each target's input with its transformer, including the rule name", async () => {
    const rule: LocalRule = {
      ...orderPlacedRule,
      targets: [
        { id: 'raw', arn: 'arn:raw' },
        { id: 'path', arn: 'arn:path', inputPath: '$.detail.orderId' },
        {
          id: 'shaped',
          arn: 'arn:shaped',
          inputTransformer: { inputPathsMap: { order: '$.detail.orderId' }, inputTemplate: '{"text": "Order <order> via <aws.events.rule-name>"}' },
        },
      ],
    };
    const { bus, dispatch } = setup([rule]);
    await bus.putEvents([entry()]);
    await bus.drain();
    expect(payloadsTo(dispatch, 'arn:raw')[0]).toMatchObject({ source: 'commerce.orders' });
    expect(payloadsTo(dispatch, 'arn:path')).toEqual(['01J0']);
    expect(payloadsTo(dispatch, 'arn:shaped')).toEqual([{ text: 'Order 01J0 via order-placed' }]);
  });

  it('tells onEvent about every accepted event and keeps the recent ones', async () => {
    const { bus, onEvent } = setup();
    await bus.putEvents([entry({ DetailType: 'A' }), entry({ DetailType: 'B' }), entry({ Source: undefined })]);
    await bus.putEvents([entry({ DetailType: 'C' })]);
    expect(onEvent).toHaveBeenCalledTimes(3);
    expect(bus.recentEvents(2).map((e) => e['detail-type'])).toEqual(['B', 'C']);
    expect(bus.recentEvents().map((e) => e['detail-type'])).toEqual(['A', 'B', 'C']);
    expect(bus.recentEvents(0)).toEqual([]);
  });

  it('refuses to start with a rule whose pattern is invalid, naming the rule', () => {
    const broken = { ...orderPlacedRule, name: 'broken', eventPattern: { source: [] } };
    expect(() => setup([broken])).toThrow(/Rule broken: .*Empty arrays are not allowed/);
  });
});
