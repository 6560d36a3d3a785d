import { afterEach, describe, expect, it } from 'vitest';
import { createLocalStepFunctions, type LocalStepFunctions } from '../../../infra/local/sfn';
import { AwsServiceError } from '../../../infra/local/model';
import { ACCOUNT, REGION, functionArn, recordingBus, singleTask, stateMachine, stubLambda } from './helpers';

let sfn: LocalStepFunctions | undefined;
afterEach(() => sfn?.stop());

const echo = stateMachine('echo', { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } });
const parked = stateMachine('parked', singleTask({
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: functionArn('park'), Payload: { 'token.$': '$$.Task.Token' } },
}));

type Listing = { executions: { name: string; status: string; startDate: number; stopDate?: number }[]; nextToken?: string };

function start(options: Partial<Parameters<typeof createLocalStepFunctions>[0]> = {}) {
  sfn = createLocalStepFunctions({
    stateMachines: [echo, parked],
    lambda: stubLambda({ park: () => null }),
    region: REGION,
    accountId: ACCOUNT,
    ...options,
  });
  return sfn;
}

const errorCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: unknown) => (error instanceof AwsServiceError ? error.code : `not an AwsServiceError: ${String(error)}`),
  );

describe('local Step Functions: API', () => {
  it('answers the AWS error codes for bad ARNs, unknown resources and bad input', async () => {
    const { service } = start();
    const missingExecution = `arn:aws:states:${REGION}:${ACCOUNT}:execution:echo:missing`;

    expect(await errorCode(service.handle('DescribeExecution', { executionArn: 'arn:aws:sns:nope' }))).toBe('InvalidArn');
    expect(await errorCode(service.handle('DescribeExecution', { executionArn: missingExecution }))).toBe('ExecutionDoesNotExist');
    expect(await errorCode(service.handle('GetExecutionHistory', { executionArn: missingExecution }))).toBe('ExecutionDoesNotExist');
    expect(await errorCode(service.handle('StartExecution', { stateMachineArn: echo.arn.replace('echo', 'ghost') }))).toBe('StateMachineDoesNotExist');
    expect(await errorCode(service.handle('DescribeStateMachine', { stateMachineArn: 'not-an-arn' }))).toBe('InvalidArn');
    expect(await errorCode(service.handle('StartExecution', { stateMachineArn: echo.arn, input: '{oops' }))).toBe('InvalidExecutionInput');
    expect(await errorCode(service.handle('StartExecution', { stateMachineArn: echo.arn, name: 'has space' }))).toBe('InvalidName');
    expect(await errorCode(service.handle('ListExecutions', { stateMachineArn: echo.arn, statusFilter: 'DONE' }))).toBe('ValidationException');
    expect(await errorCode(service.handle('ListExecutions', {}))).toBe('ValidationException');
    expect(await errorCode(service.handle('ListExecutions', { stateMachineArn: echo.arn, nextToken: 'garbage' }))).toBe('InvalidToken');
    expect(await errorCode(service.handle('CreateStateMachine', {}))).toBe('UnknownOperationException');
  });

  it('lists executions newest first, filtered by status and paginated', async () => {
    const local = start();
    const done: string[] = [];
    for (const name of ['e1', 'e2', 'e3']) {
      const { executionArn } = await local.startExecution(echo.arn, {}, name);
      await local.waitForExecution(executionArn);
      done.push(name);
    }
    await local.startExecution(parked.arn, {}, 'still-running');

    const firstPage = (await local.service.handle('ListExecutions', { stateMachineArn: echo.arn, maxResults: 2 })) as Listing;
    const secondPage = (await local.service.handle('ListExecutions', { stateMachineArn: echo.arn, maxResults: 2, nextToken: firstPage.nextToken })) as Listing;
    const running = (await local.service.handle('ListExecutions', { stateMachineArn: parked.arn, statusFilter: 'RUNNING' })) as Listing;
    const succeededParked = (await local.service.handle('ListExecutions', { stateMachineArn: parked.arn, statusFilter: 'SUCCEEDED' })) as Listing;

    expect(firstPage.executions.map((execution) => execution.name)).toEqual(['e3', 'e2']);
    expect(secondPage.executions.map((execution) => execution.name)).toEqual(['e1']);
    expect(secondPage.nextToken).toBeUndefined();
    expect(firstPage.executions[0]).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: echo.arn });
    expect(typeof firstPage.executions[0]?.stopDate).toBe('number');
    expect(running.executions.map((execution) => execution.name)).toEqual(['still-running']);
    expect(running.executions[0]?.stopDate).toBeUndefined();
    expect(succeededParked.executions).toEqual([]);
  });

  it('keeps only the newest finished executions per machine', async () => {
    const local = start({ maxFinishedExecutionsPerMachine: 2 });
    for (const name of ['old', 'middle', 'new']) {
      await local.waitForExecution((await local.startExecution(echo.arn, {}, name)).executionArn);
    }

    const listing = (await local.service.handle('ListExecutions', { stateMachineArn: echo.arn })) as Listing;

    expect(listing.executions.map((execution) => execution.name)).toEqual(['new', 'middle']);
    expect(await errorCode(local.service.handle('DescribeExecution', { executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:echo:old` }))).toBe('ExecutionDoesNotExist');
  });

  it('describes and lists the state machines from the template', async () => {
    const { service } = start();

    const described = (await service.handle('DescribeStateMachine', { stateMachineArn: parked.arn })) as Record<string, unknown>;
    const listed = (await service.handle('ListStateMachines', {})) as { stateMachines: { name: string; type: string }[] };

    expect(described).toMatchObject({ stateMachineArn: parked.arn, name: 'parked', status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(described.definition as string)).toEqual(parked.definition);
    expect(typeof described.roleArn).toBe('string');
    expect(listed.stateMachines.map((machine) => [machine.name, machine.type])).toEqual([['echo', 'STANDARD'], ['parked', 'STANDARD']]);
  });

  it('pages the history, in reverse and without execution data on request', async () => {
    const local = start();
    const { executionArn } = await local.startExecution(echo.arn, { secret: 1 });
    await local.waitForExecution(executionArn);

    type Page = { events: Record<string, unknown>[]; nextToken?: string };
    const first = (await local.service.handle('GetExecutionHistory', { executionArn, maxResults: 2, reverseOrder: true, includeExecutionData: false })) as Page;
    const rest = (await local.service.handle('GetExecutionHistory', { executionArn, maxResults: 2, reverseOrder: true, nextToken: first.nextToken })) as Page;

    expect(first.events.map((event) => event.type)).toEqual(['ExecutionSucceeded', 'PassStateExited']);
    expect(first.events[0]?.executionSucceededEventDetails).toEqual({ outputDetails: { truncated: false } });
    expect(rest.events.map((event) => event.type)).toEqual(['PassStateEntered', 'ExecutionStarted']);
    expect(rest.nextToken).toBeUndefined();
  });
});

describe('local Step Functions: service integrations', () => {
  it('puts events:putEvents entries on the bus, serializing an object Detail', async () => {
    const bus = recordingBus();
    const machine = stateMachine('announce', singleTask({
      Resource: 'arn:aws:states:::events:putEvents',
      Parameters: { Entries: [{ Source: 'commerce.orders', DetailType: 'OrderPlaced', 'Detail.$': '$.order' }] },
    }));
    const local = start({ stateMachines: [machine], events: bus });

    const { executionArn } = await local.startExecution(machine.arn, { order: { orderId: 'O1' } });
    const description = await local.waitForExecution(executionArn);

    expect(bus.entries.filter((entry) => entry.Source !== 'aws.states')).toEqual([{ Source: 'commerce.orders', DetailType: 'OrderPlaced', Detail: '{"orderId":"O1"}' }]);
    expect(bus.entries[0]?.Source).toBe('aws.states');
    expect(JSON.parse(description.output ?? '')).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
  });

  it('calls sdk handlers for sns:publish and aws-sdk resources, and fails clearly without one', async () => {
    const published: Record<string, unknown>[] = [];
    const machine = stateMachine('notify', {
      StartAt: 'Publish',
      States: {
        Publish: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: 'arn:topic', 'Message.$': '$' }, ResultPath: '$.sns', Next: 'Read' },
        Read: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem', Parameters: { TableName: 't' }, ResultPath: '$.item', Next: 'Unknown' },
        Unknown: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun', End: true },
      },
    });
    const local = start({
      stateMachines: [machine],
      sdk: {
        'arn:aws:states:::sns:publish': async (params) => {
          published.push(params);
          return { MessageId: 'm-1' };
        },
        'arn:aws:states:::aws-sdk:dynamodb:getItem': async () => ({ Item: { pk: { S: 'x' } } }),
      },
    });

    const { executionArn } = await local.startExecution(machine.arn, { alert: 'low stock' });
    const description = await local.waitForExecution(executionArn);

    expect(published).toEqual([{ TopicArn: 'arn:topic', Message: '{"alert":"low stock"}' }]);
    expect(description).toMatchObject({ status: 'FAILED', error: 'LocalStepFunctions.UnsupportedResource' });
    expect(description.cause).toContain('arn:aws:states:::glue:startJobRun');
    const { events } = (await local.service.handle('GetExecutionHistory', { executionArn })) as { events: Record<string, unknown>[] };
    expect(events.find((event) => event.type === 'TaskSucceeded' && JSON.stringify(event).includes('getItem'))).toMatchObject({
      taskSucceededEventDetails: { resourceType: 'aws-sdk:dynamodb', resource: 'getItem' },
    });
  });
});
