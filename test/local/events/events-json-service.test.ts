import { Readable } from 'node:stream';
import { DescribeRuleCommand, EventBridgeClient, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it, vi } from 'vitest';
import { createEventsJsonService, LocalEventBus } from '../../../infra/local/events/bus';
import { AwsServiceError, type AwsJsonService, type LocalRule } from '../../../infra/local/model';

const region = 'us-east-1';
const accountId = '000000000000';

const rules: LocalRule[] = [
  {
    logicalId: 'StockLowRule',
    name: 'stock-low-alert',
    busName: 'default',
    eventPattern: { source: ['commerce.inventory'], 'detail-type': ['StockLow'] },
    enabled: true,
    targets: [{ id: 'alerts', arn: `arn:aws:sns:${region}:${accountId}:ops-alerts`, maxRetries: 3 }],
  },
  {
    logicalId: 'NightlyKpi',
    name: 'nightly-kpi',
    busName: 'default',
    scheduleExpression: 'cron(0 2 * * ? *)',
    enabled: false,
    targets: [],
  },
];

/**
 * An EventBridgeClient whose HTTP layer hands the exact request body the SDK serialized to the
 * local JSON service — what the :4566 endpoint does, minus the socket.
 */
function sdkClientFor(service: AwsJsonService) {
  const requestHandler = {
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      const [prefix, action] = (request.headers['x-amz-target'] ?? '').split('.');
      let status = 200;
      let payload: unknown;
      try {
        expect(prefix).toBe(service.targetPrefix);
        const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
        payload = await service.handle(action ?? '', JSON.parse(text) as Record<string, unknown>);
      } catch (error) {
        if (!(error instanceof AwsServiceError)) throw error;
        status = error.statusCode;
        payload = { __type: error.code, message: error.message };
      }
      const body = Readable.from([Buffer.from(JSON.stringify(payload))]);
      return { response: { statusCode: status, headers: { 'content-type': 'application/x-amz-json-1.1' }, body } };
    },
  };
  return new EventBridgeClient({
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    endpoint: 'http://localhost:4566',
    requestHandler,
  });
}

function setup() {
  const dispatch = vi.fn(async (_arn: string, _payload: string) => {});
  const bus = new LocalEventBus({ rules, buses: [], dispatch, region, accountId });
  const service = createEventsJsonService(bus);
  return { bus, dispatch, service, client: sdkClientFor(service) };
}

describe('createEventsJsonService (AWSEvents over the AWS JSON protocol)', () => {
  it('answers PutEvents exactly as the AWS SDK v3 sends it, Time included', async () => {
    const { bus, dispatch, client } = setup();
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'commerce.inventory',
            DetailType: 'StockLow',
            Detail: JSON.stringify({ sku: 'SKU-1', available: 2 }),
            Time: new Date('2026-04-01T08:30:00Z'),
          },
          { Source: 'commerce.inventory', DetailType: 'StockLow', Detail: 'oops' },
        ],
      }),
    );
    await bus.drain();

    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.EventId).toEqual(expect.any(String));
    expect(result.Entries?.[1]?.ErrorCode).toBe('MalformedDetail');
    expect(dispatch).toHaveBeenCalledTimes(1);
    const delivered = JSON.parse(dispatch.mock.calls[0]![1]) as Record<string, unknown>;
    expect(delivered).toMatchObject({ time: '2026-04-01T08:30:00Z', detail: { sku: 'SKU-1', available: 2 } });
  });

  it('surfaces a ValidationException to the SDK for too many entries', async () => {
    const { client } = setup();
    const entries = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'd', Detail: '{}' }));
    await expect(client.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('lists and describes rules', async () => {
    const { client } = setup();
    const listed = await client.send(new ListRulesCommand({ NamePrefix: 'nightly' }));
    expect(listed.Rules).toEqual([
      {
        Name: 'nightly-kpi',
        Arn: `arn:aws:events:${region}:${accountId}:rule/nightly-kpi`,
        EventBusName: 'default',
        State: 'DISABLED',
        ScheduleExpression: 'cron(0 2 * * ? *)',
      },
    ]);
    const described = await client.send(new DescribeRuleCommand({ Name: 'stock-low-alert' }));
    expect(JSON.parse(described.EventPattern ?? '{}')).toEqual(rules[0]?.eventPattern);
    expect(described.State).toBe('ENABLED');
  });

  it('pages ListRules with Limit and NextToken', async () => {
    const { service } = setup();
    const first = (await service.handle('ListRules', { Limit: 1 })) as { Rules: { Name: string }[]; NextToken?: string };
    expect(first.Rules.map((r) => r.Name)).toEqual(['stock-low-alert']);
    const second = (await service.handle('ListRules', { Limit: 1, NextToken: first.NextToken })) as typeof first;
    expect(second.Rules.map((r) => r.Name)).toEqual(['nightly-kpi']);
    expect(second.NextToken).toBeUndefined();
  });

  it('describes the targets of a rule', async () => {
    const { service } = setup();
    expect(await service.handle('ListTargetsByRule', { Rule: 'stock-low-alert' })).toEqual({
      Targets: [{ Id: 'alerts', Arn: `arn:aws:sns:${region}:${accountId}:ops-alerts`, RetryPolicy: { MaximumRetryAttempts: 3 } }],
    });
  });

  it('answers ResourceNotFoundException for an unknown rule and refuses unknown operations', async () => {
    const { client, service } = setup();
    await expect(client.send(new DescribeRuleCommand({ Name: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(service.handle('DeleteRule', {})).rejects.toMatchObject({ code: 'UnknownOperationException' });
  });
});
