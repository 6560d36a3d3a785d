/**
 * `startExecution.sync:2` on the local Step Functions: a Standard parent runs an Express child and waits for
 * it (the order workflow's shipping stretch). The child's output comes back as JSON; a child that fails
 * fails the parent's task with `States.TaskFailed` and its description as the cause; Express executions
 * send no status-change events and are not journaled, so a restart resumes the parent, which starts the
 * child again (at least once, as in AWS).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalStepFunctions, type LocalStepFunctions } from '../../../infra/local/sfn';
import type { LocalStateMachine } from '../../../infra/local/model';
import { ACCOUNT, REGION, fail, functionArn, recordingBus, stateMachine, stubLambda, type RecordingBus, type StubLambda } from './helpers';

const running: LocalStepFunctions[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const service of running.splice(0)) service.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const child: LocalStateMachine = {
  ...stateMachine('shipping', {
    StartAt: 'Book',
    States: {
      Book: { Type: 'Task', Resource: functionArn('book'), ResultPath: '$.booking', Next: 'Shipped' },
      Shipped: { Type: 'Pass', Parameters: { 'orderId.$': '$.orderId', 'tracking.$': '$.booking.tracking' }, End: true },
    },
  }),
  type: 'EXPRESS',
};

const parent = stateMachine('fulfilment', {
  StartAt: 'ShipOrder',
  States: {
    ShipOrder: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: child.arn, Input: { 'orderId.$': '$.orderId', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' } },
      ResultSelector: { 'tracking.$': '$.Output.tracking', 'status.$': '$.Status' },
      ResultPath: '$.shipped',
      Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.failure', Next: 'Failed' }],
      End: true,
    },
    Failed: { Type: 'Pass', End: true },
  },
});

function start(lambda: StubLambda, bus: RecordingBus, dataDir?: string) {
  const service = createLocalStepFunctions({ stateMachines: [parent, child], lambda, events: bus, region: REGION, accountId: ACCOUNT, retryIntervalScale: 0, dataDir });
  running.push(service);
  return service;
}

describe('startExecution.sync:2', () => {
  it("runs the child to its end and hands its output back as JSON; only the Standard parent announces its status", async () => {
    const bus = recordingBus();
    const service = start(stubLambda({ book: () => ({ tracking: 'RP1' }) }), bus);
    const { executionArn } = await service.startExecution(parent.arn, { orderId: 'o-1' });
    const done = await service.waitForExecution(executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ orderId: 'o-1', shipped: { tracking: 'RP1', status: 'SUCCEEDED' } });
    expect(bus.statusChanges().map((change) => [change.stateMachineArn, change.status])).toEqual([
      [parent.arn, 'RUNNING'],
      [parent.arn, 'SUCCEEDED'],
    ]);
  });

  it("fails the parent's task with States.TaskFailed, the child's error and cause in its description", async () => {
    const service = start(stubLambda({ book: () => fail('CarrierDown', 'the carrier is down') }), recordingBus());
    const { executionArn } = await service.startExecution(parent.arn, { orderId: 'o-2' });
    const done = await service.waitForExecution(executionArn);

    const { failure } = JSON.parse(done.output!) as { failure: { Error: string; Cause: string } };
    expect(failure.Error).toBe('States.TaskFailed');
    expect(JSON.parse(failure.Cause)).toMatchObject({ StateMachineArn: child.arn, Status: 'FAILED', Error: 'CarrierDown', Input: { orderId: 'o-2', AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: executionArn } });
  });

  it('journals the Standard parent only: after a restart the parent resumes and starts the child again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sfn-nested-'));
    dirs.push(dataDir);
    let release: (value: unknown) => void = () => undefined;
    const first = start(stubLambda({ book: () => new Promise((resolve) => (release = resolve)) }), recordingBus(), dataDir);
    const lambda = stubLambda({ book: () => ({ tracking: 'RP3' }) });
    const { executionArn } = await first.startExecution(parent.arn, { orderId: 'o-3' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    first.stop();
    release({ tracking: 'lost' });
    expect(readdirSync(join(dataDir, 'stepfunctions'))).toEqual(['fulfilment']);

    const second = start(lambda, recordingBus(), dataDir);
    expect(second.resume()).toBe(1);
    const done = await second.waitForExecution(executionArn);
    expect(JSON.parse(done.output!)).toMatchObject({ shipped: { tracking: 'RP3' } });
    expect(lambda.calls.map((call) => call.event.orderId)).toEqual(['o-3']);
  });
});
