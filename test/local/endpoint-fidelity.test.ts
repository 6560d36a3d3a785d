/**
 * The :4566 endpoint answers as AWS would where a test could otherwise pass locally and fail in AWS:
 * reserved `aws.*` sources, other regions, malformed task tokens, operations not emulated.
 */
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient, ListEventBusesCommand, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBanner } from '../../infra/local/banner';
import { startTestCloud, waitFor, type TestCloud } from '../support/local-cloud';
import { fixtureTemplate } from './fixtures';

let cloud: TestCloud;
const config = (region = 'us-east-1') => ({ endpoint: cloud.awsUrl, region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
const errorName = (promise: Promise<unknown>) => promise.then(() => 'no error', (error: Error) => error.name);

beforeAll(async () => {
  cloud = await startTestCloud({ template: { template: fixtureTemplate(), stackName: 'CommerceOps' } });
});

afterAll(async () => {
  await cloud?.stop();
});

const onboardingArn = () => cloud.model.stateMachines.find((machine) => machine.name === 'supplier-onboarding')!.arn;

describe('EventBridge on the endpoint', () => {
  it('refuses aws.* sources per entry (NotAuthorizedForSourceException) and accepts the other entries', async () => {
    const events = new EventBridgeClient(config());
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'commerce.orders', DetailType: 'OrderPlaced', Detail: '{"orderId":"O1"}', EventBusName: 'commerce-ops' },
          { Source: 'aws.states', DetailType: 'Step Functions Execution Status Change', Detail: '{"status":"FAILED"}', EventBusName: 'commerce-ops' },
          { Source: 'commerce.orders', DetailType: 'OrderCancelled', Detail: '{"orderId":"O1"}', EventBusName: 'commerce-ops' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.EventId).toEqual(expect.any(String));
    expect(result.Entries?.[1]).toEqual({ ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' });
    expect(result.Entries?.[2]?.EventId).toEqual(expect.any(String));
    const seen = cloud.bus.recentEvents(100);
    expect(seen.some((event) => event.id === result.Entries?.[0]?.EventId)).toBe(true);
    expect(seen.some((event) => event.source === 'aws.states' && JSON.stringify(event.detail) === '{"status":"FAILED"}')).toBe(false);
  });

  it('still carries the local Step Functions’ own aws.states status changes', async () => {
    const sfn = new SFNClient(config());
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: onboardingArn(), input: '{"supplierId":"S1"}' }));
    await waitFor(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status !== 'RUNNING', { timeoutMs: 30_000 });
    const statusChanges = cloud.bus.recentEvents(100).filter((event) => event.source === 'aws.states' && event.resources.includes(executionArn!));
    expect(statusChanges.map((event) => (event.detail as { status: string }).status)).toEqual(['RUNNING', 'SUCCEEDED']);
  });

  it('lists its event buses: default and the template’s', async () => {
    const { EventBuses } = await new EventBridgeClient(config()).send(new ListEventBusesCommand({}));
    expect(EventBuses).toEqual([
      { Name: 'default', Arn: 'arn:aws:events:us-east-1:000000000000:event-bus/default' },
      { Name: 'commerce-ops', Arn: expect.stringMatching(/^arn:aws:events:us-east-1:000000000000:event-bus\/commerce-ops$/) },
    ]);
    const prefixed = await new EventBridgeClient(config()).send(new ListEventBusesCommand({ NamePrefix: 'commerce' }));
    expect(prefixed.EventBuses?.map((bus) => bus.Name)).toEqual(['commerce-ops']);
  });

  it('names the bus in the banner', async () => {
    const banner = await renderBanner(cloud, 0);
    expect(banner).toMatch(/^ Event bus +commerce-ops +\(.*--event-bus-name commerce-ops\)$/m);
  });
});

describe('Step Functions on the endpoint', () => {
  it('DescribeStateMachineForExecution gives the machine an execution runs', async () => {
    const sfn = new SFNClient(config());
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: onboardingArn(), input: '{}' }));
    const machine = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(machine).toMatchObject({ stateMachineArn: onboardingArn(), name: 'supplier-onboarding', roleArn: expect.stringContaining(':role/') });
    expect(machine.updateDate).toBeInstanceOf(Date);
    expect(JSON.parse(machine.definition!)).toMatchObject({ StartAt: 'Check' });
    const missing = `${onboardingArn().replace(':stateMachine:', ':execution:')}:nope`;
    expect(await errorName(sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: missing })))).toBe('ExecutionDoesNotExist');
  });

  it.each([
    ['SendTaskSuccess', (sfn: SFNClient, taskToken: string) => sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))],
    ['SendTaskFailure', (sfn: SFNClient, taskToken: string) => sfn.send(new SendTaskFailureCommand({ taskToken, error: 'E' }))],
    ['SendTaskHeartbeat', (sfn: SFNClient, taskToken: string) => sfn.send(new SendTaskHeartbeatCommand({ taskToken }))],
  ] as const)('%s with a malformed task token: InvalidToken', async (_action, send) => {
    const sfn = new SFNClient(config());
    for (const token of ['not-a-token', 'x'.repeat(40), '{"a":1}']) expect(await errorName(send(sfn, token))).toBe('InvalidToken');
  });
});

describe('a request signed for another region', () => {
  it('sees an empty region: no machines, rules, tables; their ARNs are not found', async () => {
    const sfn = new SFNClient(config('eu-west-1'));
    expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    expect(await errorName(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: onboardingArn() })))).toBe('StateMachineDoesNotExist');
    expect(await errorName(sfn.send(new StartExecutionCommand({ stateMachineArn: onboardingArn() })))).toBe('StateMachineDoesNotExist');

    const events = new EventBridgeClient(config('eu-west-1'));
    expect((await events.send(new ListRulesCommand({}))).Rules).toEqual([]);
    expect((await events.send(new ListEventBusesCommand({}))).EventBuses).toEqual([
      { Name: 'default', Arn: 'arn:aws:events:eu-west-1:000000000000:event-bus/default' },
    ]);
    expect(await errorName(events.send(new ListRulesCommand({ EventBusName: 'commerce-ops' })))).toBe('ResourceNotFoundException');
    const before = cloud.bus.recentEvents(100).length;
    const put = await events.send(new PutEventsCommand({ Entries: [{ Source: 'commerce.orders', DetailType: 'OrderPlaced', Detail: '{}' }] }));
    expect(put.FailedEntryCount).toBe(0);
    expect(cloud.bus.recentEvents(100).length).toBe(before); // not on this region's bus

    const dynamodb = new DynamoDBClient(config('eu-west-1'));
    expect((await dynamodb.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    expect(await errorName(dynamodb.send(new DescribeTableCommand({ TableName: 'commerce-ops' })))).toBe('ResourceNotFoundException');
    // The cloud's own region still sees everything.
    expect((await new DynamoDBClient(config()).send(new ListTablesCommand({}))).TableNames).toEqual(['commerce-ops']);
  });
});

describe('what is not emulated', () => {
  it('is refused with UnknownOperationException', async () => {
    expect(await errorName(new EventBridgeClient(config()).send(new CreateEventBusCommand({ Name: 'other' })))).toBe('UnknownOperationException');
    const create = new CreateStateMachineCommand({ name: 'x', definition: '{}', roleArn: 'arn:aws:iam::000000000000:role/x' });
    expect(await errorName(new SFNClient(config()).send(create))).toBe('UnknownOperationException');
  });
});
