import { afterEach, describe, expect, it } from 'vitest';
import { createLocalStepFunctions, type LocalStepFunctions } from '../../../infra/local/sfn';
import type { LocalStateMachine } from '../../../infra/local/model';
import {
  ACCOUNT,
  REGION,
  fail,
  functionArn,
  recordingBus,
  singleTask,
  stateMachine,
  stubLambda,
  type StubLambda,
} from './helpers';

let sfn: LocalStepFunctions | undefined;
afterEach(() => sfn?.stop());

function start(machines: LocalStateMachine[], lambda: StubLambda, extra: Partial<Parameters<typeof createLocalStepFunctions>[0]> = {}) {
  sfn = createLocalStepFunctions({ stateMachines: machines, lambda, region: REGION, accountId: ACCOUNT, retryIntervalScale: 0, ...extra });
  return sfn;
}

async function history(service: LocalStepFunctions, executionArn: string) {
  const { events } = (await service.service.handle('GetExecutionHistory', { executionArn })) as {
    events: { type: string; id: number; previousEventId: number; [key: string]: unknown }[];
  };
  return events;
}

const orderFlow = stateMachine('order-flow', {
  StartAt: 'Price',
  States: {
    Price: { Type: 'Task', Resource: functionArn('price'), ResultPath: '$.price', Next: 'Reserve' },
    Reserve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: functionArn('reserve'), 'Payload.$': '$' },
      ResultSelector: { 'reservation.$': '$.Payload' },
      ResultPath: '$.stock',
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});

describe('local Step Functions: executions', () => {
  it('runs Lambda tasks (function ARN and lambda:invoke) and reports the output', async () => {
    const lambda = stubLambda({
      price: (event) => ({ total: (event.quantity as number) * 250 }),
      reserve: (event) => ({ reserved: event.quantity, sku: event.sku }),
    });
    const service = start([orderFlow], lambda);

    const { executionArn } = await service.startExecution(orderFlow.arn, { sku: 'SKU-1', quantity: 2 }, 'order-1');
    const description = await service.waitForExecution(executionArn);

    expect(executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:order-flow:order-1`);
    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output ?? 'null')).toEqual({
      sku: 'SKU-1',
      quantity: 2,
      price: { total: 500 },
      stock: { reservation: { reserved: 2, sku: 'SKU-1' } },
    });
    expect(lambda.calls.map((call) => call.name)).toEqual(['price', 'reserve']);
    expect(lambda.calls[1]?.event).toEqual({ sku: 'SKU-1', quantity: 2, price: { total: 500 } });
    expect(description.stopDate).toBeGreaterThanOrEqual(description.startDate);
  });

  it('follows the Choice rule that matches', async () => {
    const machine = stateMachine('choose', {
      StartAt: 'Route',
      States: {
        Route: {
          Type: 'Choice',
          Choices: [{ Variable: '$.amount', NumericGreaterThan: 1000, Next: 'Review' }],
          Default: 'AutoApprove',
        },
        Review: { Type: 'Pass', Result: 'manual', ResultPath: '$.path', End: true },
        AutoApprove: { Type: 'Pass', Result: 'auto', ResultPath: '$.path', End: true },
      },
    });
    const service = start([machine], stubLambda({}));

    const big = await service.startExecution(machine.arn, { amount: 5000 });
    const small = await service.startExecution(machine.arn, { amount: 10 });

    expect(JSON.parse((await service.waitForExecution(big.executionArn)).output ?? '')).toEqual({ amount: 5000, path: 'manual' });
    expect(JSON.parse((await service.waitForExecution(small.executionArn)).output ?? '')).toEqual({ amount: 10, path: 'auto' });
    const types = (await history(service, big.executionArn)).map((event) => event.type);
    expect(types).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ChoiceStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  it('catches a named Lambda error with its errorType as the ASL error name', async () => {
    const machine = stateMachine('catching', singleTask(
      {
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: functionArn('load'), 'Payload.$': '$' },
        Catch: [
          { ErrorEquals: ['ApplicationNotFound'], ResultPath: '$.error', Next: 'NotFound' },
          { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Broken' },
        ],
      },
      { NotFound: { Type: 'Pass', Result: 'not-found', ResultPath: '$.handledBy', End: true }, Broken: { Type: 'Pass', Result: 'broken', ResultPath: '$.handledBy', End: true } },
    ));
    const lambda = stubLambda({
      load: (event) => (event.id === 'missing' ? fail('ApplicationNotFound', 'Application missing does not exist') : fail('Boom')),
    });
    const service = start([machine], lambda);

    const missing = await service.startExecution(machine.arn, { id: 'missing' });
    const broken = await service.startExecution(machine.arn, { id: 'other' });

    const missingOutput = JSON.parse((await service.waitForExecution(missing.executionArn)).output ?? '');
    expect(missingOutput.handledBy).toBe('not-found');
    expect(missingOutput.error.Error).toBe('ApplicationNotFound');
    expect(JSON.parse(missingOutput.error.Cause)).toEqual({ errorType: 'ApplicationNotFound', errorMessage: 'Application missing does not exist' });
    expect(JSON.parse((await service.waitForExecution(broken.executionArn)).output ?? '').handledBy).toBe('broken');
  });

  it('fails the execution with the Lambda error when nothing catches it', async () => {
    const machine = stateMachine('uncaught', singleTask({ Resource: functionArn('load') }));
    const service = start([machine], stubLambda({ load: () => fail('SupplierSuspended', 'no') }));

    const { executionArn } = await service.startExecution(machine.arn, {});
    const description = await service.waitForExecution(executionArn);

    expect(description).toMatchObject({ status: 'FAILED', error: 'SupplierSuspended' });
    expect(JSON.parse(description.cause ?? '')).toEqual({ errorType: 'SupplierSuspended', errorMessage: 'no' });
    expect(description.output).toBeUndefined();
    const events = await history(service, executionArn);
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionFailed', 'ExecutionFailed',
    ]);
    expect(events.at(-1)).toMatchObject({ executionFailedEventDetails: { error: 'SupplierSuspended' } });
  });

  it('retries a failing task with the Retry policy, then succeeds', async () => {
    const machine = stateMachine('retrying', singleTask({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: functionArn('flaky'), 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Retry: [{ ErrorEquals: ['Throttled'], IntervalSeconds: 5, BackoffRate: 2, MaxAttempts: 3 }],
    }));
    const lambda = stubLambda({ flaky: (_event, call) => (call < 3 ? fail('Throttled') : { ok: true, attempt: call }) });
    const service = start([machine], lambda);

    const { executionArn } = await service.startExecution(machine.arn, {});
    const description = await service.waitForExecution(executionArn);

    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output ?? '')).toEqual({ ok: true, attempt: 3 });
    const types = (await history(service, executionArn)).map((event) => event.type);
    expect(types.filter((type) => type === 'TaskScheduled')).toHaveLength(3);
    expect(types.filter((type) => type === 'TaskFailed')).toHaveLength(2);
    expect(types.at(-2)).toBe('TaskStateExited');
  });

  it('does not retry errors the Retry policy does not name', async () => {
    const machine = stateMachine('not-retrying', singleTask({
      Resource: functionArn('flaky'),
      Retry: [{ ErrorEquals: ['Throttled'], MaxAttempts: 3 }],
    }));
    const lambda = stubLambda({ flaky: () => fail('ValidationFailed') });
    const service = start([machine], lambda);

    const { executionArn } = await service.startExecution(machine.arn, {});

    expect((await service.waitForExecution(executionArn)).error).toBe('ValidationFailed');
    expect(lambda.calls).toHaveLength(1);
  });

  it('overrides Task states inside Parallel branches and Map iterators', async () => {
    const machine = stateMachine('fan-out', {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Left', States: { Left: { Type: 'Task', Resource: functionArn('left'), End: true } } },
            {
              StartAt: 'EachLine',
              States: {
                EachLine: {
                  Type: 'Map',
                  ItemsPath: '$.lines',
                  Iterator: { StartAt: 'Line', States: { Line: { Type: 'Task', Resource: functionArn('line'), End: true } } },
                  End: true,
                },
              },
            },
          ],
          End: true,
        },
      },
    });
    const lambda = stubLambda({ left: () => 'left-done', line: (event) => (event.qty as number) * 2 });
    const service = start([machine], lambda);

    const { executionArn } = await service.startExecution(machine.arn, { lines: [{ qty: 1 }, { qty: 2 }] });
    const description = await service.waitForExecution(executionArn);

    expect(JSON.parse(description.output ?? '')).toEqual(['left-done', [2, 4]]);
    const types = (await history(service, executionArn)).map((event) => event.type);
    expect(types).toContain('ParallelStateStarted');
    expect(types).toContain('MapIterationSucceeded');
    expect(types.filter((type) => type === 'LambdaFunctionSucceeded')).toHaveLength(3);
  });

  it('times the whole execution out after the top-level TimeoutSeconds', async () => {
    const machine = stateMachine('slow', { TimeoutSeconds: 1, ...singleTask({ Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: functionArn('park'), Payload: { 'token.$': '$$.Task.Token' } } }) });
    const bus = recordingBus();
    const service = start([machine], stubLambda({ park: () => null }), { events: bus });

    const { executionArn } = await service.startExecution(machine.arn, {});
    const description = await service.waitForExecution(executionArn);

    expect(description.status).toBe('TIMED_OUT');
    expect((await history(service, executionArn)).at(-1)?.type).toBe('ExecutionTimedOut');
    expect(bus.statusChanges().map((detail) => detail.status)).toEqual(['RUNNING', 'TIMED_OUT']);
  });

  it('records the history with AWS event types, ids and details', async () => {
    const lambda = stubLambda({ price: () => ({ total: 1 }), reserve: () => ({ reserved: 1 }) });
    const service = start([orderFlow], lambda);

    const { executionArn } = await service.startExecution(orderFlow.arn, { sku: 'A', quantity: 1 });
    await service.waitForExecution(executionArn);
    const events = await history(service, executionArn);

    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited',
      'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited',
      'SucceedStateEntered', 'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    events.forEach((event, index) => {
      expect(event.id).toBe(index + 1);
      expect(event.previousEventId).toBe(index);
      expect(typeof event.timestamp).toBe('number');
    });
    expect(events[0]).toMatchObject({
      executionStartedEventDetails: { input: '{"sku":"A","quantity":1}', inputDetails: { truncated: false }, roleArn: expect.stringContaining(':role/') },
    });
    expect(events[1]).toMatchObject({ stateEnteredEventDetails: { name: 'Price', input: '{"sku":"A","quantity":1}' } });
    expect(events[2]).toMatchObject({ lambdaFunctionScheduledEventDetails: { resource: functionArn('price'), input: '{"sku":"A","quantity":1}' } });
    expect(events[7]).toMatchObject({
      taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: REGION, parameters: expect.stringContaining('"FunctionName"') },
    });
    expect(events[8]).toMatchObject({ taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } });
    expect(JSON.parse((events[9]?.taskSucceededEventDetails as { output: string }).output)).toEqual({
      ExecutedVersion: '$LATEST', Payload: { reserved: 1 }, StatusCode: 200,
    });
    expect(events[10]).toMatchObject({ stateExitedEventDetails: { name: 'Reserve' } });
    expect(events[13]).toMatchObject({ executionSucceededEventDetails: { outputDetails: { truncated: false } } });
  });

  it('puts a status-change event on the bus for RUNNING and for the final status', async () => {
    const bus = recordingBus();
    const service = start([orderFlow], stubLambda({ price: () => 1, reserve: () => 2 }), { events: bus });

    const { executionArn } = await service.startExecution(orderFlow.arn, { sku: 'A' }, 'watched');
    await service.waitForExecution(executionArn);

    const entries = bus.entries.filter((entry) => entry.Source === 'aws.states');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ DetailType: 'Step Functions Execution Status Change', Resources: [executionArn] });
    expect(entries[0]?.EventBusName).toBeUndefined();
    const [running, succeeded] = bus.statusChanges();
    expect(running).toMatchObject({ executionArn, stateMachineArn: orderFlow.arn, name: 'watched', status: 'RUNNING', stopDate: null, output: null, input: '{"sku":"A"}' });
    expect(succeeded).toMatchObject({ status: 'SUCCEEDED', error: null, cause: null, inputDetails: { included: true }, outputDetails: { included: true } });
    expect(succeeded?.startDate).toBe(running?.startDate);
    expect(typeof succeeded?.stopDate).toBe('number');
    expect((succeeded?.startDate as number) > 1_000_000_000_000).toBe(true); // epoch milliseconds
    expect(JSON.parse(succeeded?.output as string)).toMatchObject({ sku: 'A', price: 1 });
  });

  it('reports FAILED with error and cause in the status-change event', async () => {
    const bus = recordingBus();
    const machine = stateMachine('failing', { StartAt: 'Stop', States: { Stop: { Type: 'Fail', Error: 'OrderRejected', Cause: 'out of stock' } } });
    const service = start([machine], stubLambda({}), { events: bus });

    const { executionArn } = await service.startExecution(machine.arn, {});
    const description = await service.waitForExecution(executionArn);

    expect(description).toMatchObject({ status: 'FAILED', error: 'OrderRejected', cause: 'out of stock' });
    expect(bus.statusChanges().at(-1)).toMatchObject({ status: 'FAILED', error: 'OrderRejected', cause: 'out of stock', output: null });
  });
});
