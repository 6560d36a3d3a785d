import { afterEach, describe, expect, it } from 'vitest';
import { createLocalStepFunctions, type LocalStepFunctions } from '../../../infra/local/sfn';
import { AwsServiceError, type LocalStateMachine } from '../../../infra/local/model';
import { ACCOUNT, REGION, functionArn, recordingBus, singleTask, stateMachine, stubLambda, type StubLambda } from './helpers';

let sfn: LocalStepFunctions | undefined;
afterEach(() => sfn?.stop());

function start(machines: LocalStateMachine[], lambda: StubLambda, bus = recordingBus()) {
  sfn = createLocalStepFunctions({ stateMachines: machines, lambda, events: bus, region: REGION, accountId: ACCOUNT, retryIntervalScale: 0 });
  return sfn;
}

const awaitApproval = (task: Record<string, unknown> = {}, next: Record<string, unknown> = {}) =>
  stateMachine('approval', singleTask(
    {
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: functionArn('notify'),
        Payload: { 'token.$': '$$.Task.Token', 'executionId.$': '$$.Execution.Id', 'applicationId.$': '$.applicationId' },
      },
      ResultPath: '$.decision',
      ...task,
    },
    next,
  ));

const expectAwsError = async (promise: Promise<unknown>, code: string) => {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AwsServiceError);
  expect((error as AwsServiceError).code).toBe(code);
};

describe('local Step Functions: task tokens', () => {
  it('hands $$.Task.Token to the function and resumes on SendTaskSuccess', async () => {
    const machine = awaitApproval();
    const lambda = stubLambda({ notify: () => ({ queued: true }) });
    const service = start([machine], lambda);

    const { executionArn } = await service.startExecution(machine.arn, { applicationId: 'A1' });
    const notified = await lambda.called('notify');
    expect(notified).toMatchObject({ executionId: executionArn, applicationId: 'A1' });
    expect(notified.token).toMatch(/^AQ/);
    expect(((await service.service.handle('DescribeExecution', { executionArn })) as { status: string }).status).toBe('RUNNING');

    await service.service.handle('SendTaskSuccess', { taskToken: notified.token, output: '{"approved":true}' });
    const description = await service.waitForExecution(executionArn);

    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output ?? '')).toEqual({ applicationId: 'A1', decision: { approved: true } });
    await expectAwsError(service.service.handle('SendTaskSuccess', { taskToken: notified.token, output: '{}' }), 'TaskTimedOut');
  });

  it('gives each waiting task its own token', async () => {
    const machine = stateMachine('two-steps', {
      StartAt: 'First',
      States: {
        First: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: functionArn('notify'), Payload: { 'token.$': '$$.Task.Token' } }, ResultPath: '$.first', Next: 'Second' },
        Second: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: functionArn('notify'), Payload: { 'token.$': '$$.Task.Token' } }, ResultPath: '$.second', End: true },
      },
    });
    const lambda = stubLambda({ notify: () => null });
    const service = start([machine], lambda);

    const { executionArn } = await service.startExecution(machine.arn, {});
    const first = await lambda.called('notify', 1);
    await service.service.handle('SendTaskSuccess', { taskToken: first.token, output: '1' });
    const second = await lambda.called('notify', 2);
    await service.service.handle('SendTaskSuccess', { taskToken: second.token, output: '2' });

    expect(second.token).not.toBe(first.token);
    expect(JSON.parse((await service.waitForExecution(executionArn)).output ?? '')).toEqual({ first: 1, second: 2 });
  });

  it('fails the task with the SendTaskFailure error, which Catch matches', async () => {
    const machine = awaitApproval(
      { Catch: [{ ErrorEquals: ['ApplicationRejected'], ResultPath: '$.rejection', Next: 'Rejected' }] },
      { Rejected: { Type: 'Pass', End: true } },
    );
    const lambda = stubLambda({ notify: () => null });
    const service = start([machine], lambda);

    const { executionArn } = await service.startExecution(machine.arn, { applicationId: 'A2' });
    const { token } = await lambda.called('notify');
    await service.service.handle('SendTaskFailure', { taskToken: token, error: 'ApplicationRejected', cause: 'incomplete documents' });
    const description = await service.waitForExecution(executionArn);

    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output ?? '').rejection).toEqual({ Error: 'ApplicationRejected', Cause: 'incomplete documents' });
  });

  it('times the task out after TimeoutSecondsPath, read from the state input; the token dies', async () => {
    const machine = awaitApproval(
      {
        TimeoutSecondsPath: '$.approvalTimeoutSeconds',
        Catch: [
          { ErrorEquals: ['States.TaskFailed'], Next: 'Failed' },
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Expired' },
        ],
      },
      { Failed: { Type: 'Fail', Error: 'WrongCatcher' }, Expired: { Type: 'Pass', End: true } },
    );
    const lambda = stubLambda({ notify: () => null });
    const service = start([machine], lambda);

    const { executionArn } = await service.startExecution(machine.arn, { applicationId: 'A3', approvalTimeoutSeconds: 1 });
    const notified = await lambda.called('notify');
    const description = await service.waitForExecution(executionArn);

    expect(notified).not.toHaveProperty('approvalTimeoutSeconds');
    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output ?? '').timeout.Error).toBe('States.Timeout');
    await expectAwsError(service.service.handle('SendTaskSuccess', { taskToken: notified.token, output: '{}' }), 'TaskTimedOut');
    const { events } = (await service.service.handle('GetExecutionHistory', { executionArn })) as { events: { type: string }[] };
    expect(events.map((event) => event.type)).toContain('TaskTimedOut');
  });

  it('fails with States.HeartbeatTimeout when no heartbeat arrives', async () => {
    const machine = awaitApproval({ HeartbeatSeconds: 1, TimeoutSeconds: 60 });
    const lambda = stubLambda({ notify: () => null });
    const service = start([machine], lambda);

    const { executionArn } = await service.startExecution(machine.arn, { applicationId: 'A4' });
    const { token } = await lambda.called('notify');
    const description = await service.waitForExecution(executionArn);

    expect(description).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    await expectAwsError(service.service.handle('SendTaskHeartbeat', { taskToken: token }), 'TaskTimedOut');
  });

  it('keeps a task alive while heartbeats arrive (HeartbeatSecondsPath)', async () => {
    const machine = awaitApproval({ HeartbeatSecondsPath: '$.heartbeatSeconds' });
    const lambda = stubLambda({ notify: () => null });
    const service = start([machine], lambda);

    const { executionArn } = await service.startExecution(machine.arn, { applicationId: 'A5', heartbeatSeconds: 1 });
    const { token } = await lambda.called('notify');
    // Five heartbeats 300 ms apart outlive the 1 s heartbeat window several times over.
    for (let beat = 0; beat < 5; beat += 1) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await service.service.handle('SendTaskHeartbeat', { taskToken: token });
    }
    await service.service.handle('SendTaskSuccess', { taskToken: token, output: '"ok"' });

    expect((await service.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
    const { events } = (await service.service.handle('GetExecutionHistory', { executionArn })) as { events: Record<string, unknown>[] };
    expect(events.find((event) => event.type === 'TaskScheduled')).toMatchObject({
      taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', heartbeatInSeconds: 1 },
    });
  });

  it('aborts on StopExecution: ABORTED with error and cause, the token dies', async () => {
    const bus = recordingBus();
    const machine = awaitApproval();
    const lambda = stubLambda({ notify: () => null });
    const service = start([machine], lambda, bus);

    const { executionArn } = await service.startExecution(machine.arn, { applicationId: 'A6' });
    const { token } = await lambda.called('notify');
    const stopped = (await service.service.handle('StopExecution', { executionArn, error: 'Cancelled', cause: 'operator' })) as { stopDate: number };
    const description = await service.waitForExecution(executionArn);

    expect(typeof stopped.stopDate).toBe('number');
    expect(description).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'operator' });
    const { events } = (await service.service.handle('GetExecutionHistory', { executionArn })) as { events: Record<string, unknown>[] };
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Cancelled', cause: 'operator' } });
    await expectAwsError(service.service.handle('SendTaskSuccess', { taskToken: token, output: '{}' }), 'TaskTimedOut');
    expect(bus.statusChanges().map((detail) => detail.status)).toEqual(['RUNNING', 'ABORTED']);
  });

  it('stop() aborts waiting executions and clears every timer they armed', async () => {
    const activeTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const baseline = activeTimers();
    const machine = awaitApproval({ HeartbeatSeconds: 3600, TimeoutSeconds: 7200 });
    const lambda = stubLambda({ notify: () => null });
    const service = start([machine], lambda);

    const { executionArn } = await service.startExecution(machine.arn, { applicationId: 'A8' });
    await lambda.called('notify');
    expect(activeTimers()).toBeGreaterThan(baseline);
    service.stop();
    const description = await service.waitForExecution(executionArn);
    await new Promise((resolve) => setImmediate(resolve));

    expect(description.status).toBe('ABORTED');
    expect(activeTimers()).toBeLessThanOrEqual(baseline);
  });

  it('treats StartExecution with the same name and input as the same running execution', async () => {
    const machine = awaitApproval();
    const lambda = stubLambda({ notify: () => null });
    const service = start([machine], lambda);

    const first = await service.startExecution(machine.arn, { applicationId: 'A7' }, 'application-A7');
    const again = await service.service.handle('StartExecution', { stateMachineArn: machine.arn, name: 'application-A7', input: '{ "applicationId": "A7" }' });

    expect(again).toEqual(first);
    await expectAwsError(service.startExecution(machine.arn, { applicationId: 'other' }, 'application-A7'), 'ExecutionAlreadyExists');
    const { token } = await lambda.called('notify');
    await service.service.handle('SendTaskSuccess', { taskToken: token, output: '{}' });
    await service.waitForExecution(first.executionArn);
    // Once closed, the name stays taken, as in AWS.
    await expectAwsError(service.startExecution(machine.arn, { applicationId: 'A7' }, 'application-A7'), 'ExecutionAlreadyExists');
    expect(lambda.calls).toHaveLength(1);
  });

  it('rejects malformed and unknown task tokens with the AWS error codes', async () => {
    const service = start([awaitApproval()], stubLambda({}));

    await expectAwsError(service.service.handle('SendTaskSuccess', { taskToken: 'nope', output: '{}' }), 'InvalidToken');
    await expectAwsError(service.service.handle('SendTaskFailure', { taskToken: `AQ${'a'.repeat(64)}` }), 'TaskDoesNotExist');
    await expectAwsError(service.service.handle('SendTaskSuccess', { output: '{}' }), 'ValidationException');
  });
});
