/**
 * Durable executions on the engine: a service stopped mid-execution (as a crash leaves it: nothing
 * more is written) and a new one on the same data dir carry every RUNNING execution to its end.
 * The kill -9 of the whole local cloud is proven in test/integration/restart.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalStepFunctions, type LocalStepFunctions } from '../../../infra/local/sfn';
import { replay } from '../../../infra/local/sfn/journal';
import type { LocalStateMachine } from '../../../infra/local/model';
import { ACCOUNT, REGION, functionArn, recordingBus, stateMachine, stubLambda, type StubLambda } from './helpers';

const running: LocalStepFunctions[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const service of running.splice(0)) service.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-durable-'));
  dirs.push(dir);
  return dir;
}

function start(dir: string, machines: LocalStateMachine[], lambda: StubLambda) {
  const service = createLocalStepFunctions({ stateMachines: machines, lambda, events: recordingBus(), region: REGION, accountId: ACCOUNT, retryIntervalScale: 0, dataDir: dir });
  running.push(service);
  return service;
}

/** Stops a service as a crash would leave it: no further journal line, every run and timer gone. */
function crash(service: LocalStepFunctions): void {
  service.stop();
  running.splice(running.indexOf(service), 1);
}

const awaitDecision = (task: Record<string, unknown> = {}) =>
  stateMachine('decision', {
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Pass', Result: 'prepared', ResultPath: '$.prepared', Next: 'AwaitDecision' },
      AwaitDecision: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: functionArn('notify'), Payload: { 'token.$': '$$.Task.Token', 'id.$': '$.id' } },
        ResultPath: '$.decision',
        Catch: [{ ErrorEquals: ['States.HeartbeatTimeout', 'States.Timeout'], ResultPath: '$.expired', Next: 'Expired' }],
        Next: 'Decided',
        ...task,
      },
      Decided: { Type: 'Pass', End: true },
      Expired: { Type: 'Pass', End: true },
    },
  });

/** Waits until the journal says the task's resource has the token. */
async function handedOver(dir: string, machine: string, execution: string): Promise<void> {
  const file = join(dir, 'stepfunctions', machine, `${execution}.jsonl`);
  for (let tries = 0; tries < 100 && !replay(readFileSync(file, 'utf8'))?.wait?.invoked; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type History = { events: { type: string; id: number; previousEventId: number }[] };

describe('local Step Functions: executions survive a restart', () => {
  it('re-opens a task token wait with the same token, without invoking the task again', async () => {
    const dir = dataDir();
    const machine = awaitDecision({ HeartbeatSeconds: 3600 });
    const firstLambda = stubLambda({ notify: () => null });
    const first = start(dir, [machine], firstLambda);
    const { executionArn } = await first.startExecution(machine.arn, { id: 'A1' }, 'a1');
    const { token } = await firstLambda.called('notify');
    await handedOver(dir, 'decision', 'a1');
    crash(first);

    const secondLambda = stubLambda({ notify: () => null });
    const second = start(dir, [machine], secondLambda);
    expect(second.resume()).toBe(1);
    const listed = (await second.service.handle('ListExecutions', { stateMachineArn: machine.arn })) as { executions: { name: string; status: string }[] };
    expect(listed.executions).toEqual([expect.objectContaining({ name: 'a1', status: 'RUNNING' })]);

    await second.service.handle('SendTaskSuccess', { taskToken: token, output: '{"approved":true}' });
    const description = await second.waitForExecution(executionArn);

    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output ?? '')).toMatchObject({ id: 'A1', prepared: 'prepared', decision: { approved: true } });
    expect(secondLambda.calls).toEqual([]);
    const { events } = (await second.service.handle('GetExecutionHistory', { executionArn })) as History;
    const types = events.map((event) => event.type);
    expect(types.filter((type) => type === 'ExecutionStarted')).toHaveLength(1);
    expect(types.filter((type) => type === 'TaskStateEntered')).toHaveLength(1);
    expect(types).toEqual(expect.arrayContaining(['PassStateExited', 'TaskScheduled', 'TaskSucceeded', 'ExecutionSucceeded']));
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
  });

  it('hands the same token over again when the crash cut the hand-over short', async () => {
    const dir = dataDir();
    const machine = awaitDecision({ HeartbeatSeconds: 3600 });
    const firstLambda = stubLambda({ notify: () => new Promise(() => undefined) });
    const first = start(dir, [machine], firstLambda);
    const { executionArn } = await first.startExecution(machine.arn, { id: 'A6' }, 'a6');
    const { token } = await firstLambda.called('notify');
    crash(first);

    const secondLambda = stubLambda({ notify: () => null });
    const second = start(dir, [machine], secondLambda);
    second.resume();
    expect((await secondLambda.called('notify')).token).toBe(token);
    await second.service.handle('SendTaskSuccess', { taskToken: token, output: '{"approved":true}' });

    expect((await second.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
    expect(secondLambda.calls).toHaveLength(1);
  });

  it('fires a deadline that passed while the cloud was down at once, into the Catch', async () => {
    const dir = dataDir();
    const machine = awaitDecision({ HeartbeatSeconds: 1 });
    const firstLambda = stubLambda({ notify: () => null });
    const first = start(dir, [machine], firstLambda);
    const { executionArn } = await first.startExecution(machine.arn, { id: 'A2' }, 'a2');
    await firstLambda.called('notify');
    crash(first);
    await new Promise((resolve) => setTimeout(resolve, 1200));

    const second = start(dir, [machine], stubLambda({ notify: () => null }));
    second.resume();
    const description = await second.waitForExecution(executionArn);

    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output ?? '').expired.Error).toBe('States.HeartbeatTimeout');
  });

  it('keeps a TimeoutSeconds deadline across the restart and lets States.Timeout reach its Catch', async () => {
    const dir = dataDir();
    const machine = awaitDecision({ TimeoutSeconds: 2, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Decided' }, { ErrorEquals: ['States.Timeout'], ResultPath: '$.expired', Next: 'Expired' }] });
    const firstLambda = stubLambda({ notify: () => null });
    const first = start(dir, [machine], firstLambda);
    const { executionArn } = await first.startExecution(machine.arn, { id: 'A3' }, 'a3');
    await firstLambda.called('notify');
    crash(first);

    const second = start(dir, [machine], stubLambda({ notify: () => null }));
    second.resume();
    const description = await second.waitForExecution(executionArn);

    expect(JSON.parse(description.output ?? '').expired.Error).toBe('States.Timeout');
    // The original deadline, not a new full wait from the restart.
    expect((Number(description.stopDate) - Number(description.startDate))).toBeLessThan(3.5);
  });

  it('runs a task that was running at the crash again, and carries on', async () => {
    const dir = dataDir();
    const machine = stateMachine('work', {
      StartAt: 'Work',
      States: {
        Work: { Type: 'Task', Resource: functionArn('work'), ResultPath: '$.result', Next: 'Done' },
        Done: { Type: 'Succeed' },
      },
    });
    const firstLambda = stubLambda({ work: () => new Promise(() => undefined) });
    const first = start(dir, [machine], firstLambda);
    const { executionArn } = await first.startExecution(machine.arn, { orderId: 'O1' }, 'o1');
    await firstLambda.called('work');
    crash(first);

    const secondLambda = stubLambda({ work: (event) => ({ worked: event.orderId }) });
    const second = start(dir, [machine], secondLambda);
    second.resume();
    const description = await second.waitForExecution(executionArn);

    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output ?? '')).toEqual({ orderId: 'O1', result: { worked: 'O1' } });
    expect(secondLambda.calls.map((call) => call.event)).toEqual([{ orderId: 'O1' }]);
  });

  it('waits a Wait state until its original due time, not its full length again', async () => {
    const dir = dataDir();
    const machine = stateMachine('pause', { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 2, Next: 'Done' }, Done: { Type: 'Succeed' } } });
    const first = start(dir, [machine], stubLambda({}));
    const { executionArn } = await first.startExecution(machine.arn, {}, 'p1');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    crash(first);

    const second = start(dir, [machine], stubLambda({}));
    second.resume();
    const description = await second.waitForExecution(executionArn);

    expect(description.status).toBe('SUCCEEDED');
    const took = Number(description.stopDate) - Number(description.startDate);
    expect(took).toBeGreaterThanOrEqual(1.9);
    expect(took).toBeLessThan(3.5);
  });

  it('delivers a callback accepted just before the crash, even though the next state was not reached', async () => {
    const dir = dataDir();
    const machine = awaitDecision({ HeartbeatSeconds: 3600 });
    const firstLambda = stubLambda({ notify: () => null });
    const first = start(dir, [machine], firstLambda);
    const { executionArn } = await first.startExecution(machine.arn, { id: 'A4' }, 'a4');
    await firstLambda.called('notify');
    crash(first);
    // What the journal holds when SendTaskSuccess was answered and the process died right after.
    const journalFile = join(dir, 'stepfunctions', 'decision', 'a4.jsonl');
    const text = readFileSync(journalFile, 'utf8');
    const token = replay(text)?.wait?.token;
    writeFileSync(journalFile, `${text}${JSON.stringify({ k: 'settled', token, outcome: { output: { approved: false } } })}\n{"k":"ev`);

    const second = start(dir, [machine], stubLambda({ notify: () => null }));
    second.resume();
    const description = await second.waitForExecution(executionArn);

    expect(JSON.parse(description.output ?? '').decision).toEqual({ approved: false });
  });

  it('keeps finished executions and their history, and forgets none that is running', async () => {
    const dir = dataDir();
    const machine = stateMachine('echo', { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } });
    const first = start(dir, [machine], stubLambda({}));
    const { executionArn } = await first.startExecution(machine.arn, { n: 1 }, 'e1');
    await first.waitForExecution(executionArn);
    crash(first);

    const second = start(dir, [machine], stubLambda({}));
    expect(second.resume()).toBe(0);
    const description = await second.waitForExecution(executionArn);
    expect(description).toMatchObject({ status: 'SUCCEEDED', output: '{"n":1}' });
    await expect(second.startExecution(machine.arn, { n: 2 }, 'e1')).rejects.toMatchObject({ code: 'ExecutionAlreadyExists' });
    expect(readdirSync(join(dir, 'stepfunctions', 'echo'))).toEqual(['e1.jsonl']);
  });

  it('advances a wait\'s next deadline on request (local only), so a reminder days away fires now', async () => {
    const dir = dataDir();
    const machine = awaitDecision({ HeartbeatSeconds: 72 * 3600 });
    const lambda = stubLambda({ notify: () => null });
    const service = start(dir, [machine], lambda);
    const { executionArn } = await service.startExecution(machine.arn, { id: 'A5' }, 'a5');
    await lambda.called('notify');

    expect(service.advanceTimer(executionArn)).toMatchObject({ state: 'AwaitDecision' });
    const description = await service.waitForExecution(executionArn);

    expect(JSON.parse(description.output ?? '').expired.Error).toBe('States.HeartbeatTimeout');
    expect(service.advanceTimer(executionArn)).toBeUndefined();
  });
});

describe('local Step Functions: the execution journal', () => {
  it('ignores a line cut short by a crash and follows a wait to its outcome', () => {
    const lines = [
      { k: 'start', executionArn: 'arn', stateMachineArn: 'sm', name: 'x', inputText: '{}', startDate: 1, sequence: 3 },
      { k: 'at', state: 'AwaitDecision', input: { id: 1 }, enteredAt: 2 },
      { k: 'wait', wait: { state: 'AwaitDecision', token: 't1', openedAt: 2, heartbeatSeconds: 10, heartbeatDue: 12 } },
      { k: 'beat', token: 't1', heartbeatDue: 20 },
    ].map((line) => JSON.stringify(line));
    const journaled = replay(`${lines.join('\n')}\n{"k":"settled","tok`);

    expect(journaled?.position).toEqual({ state: 'AwaitDecision', input: { id: 1 }, enteredAt: 2 });
    expect(journaled?.wait).toEqual({ state: 'AwaitDecision', token: 't1', openedAt: 2, heartbeatSeconds: 10, heartbeatDue: 20 });
    expect(journaled?.end).toBeUndefined();
  });

  it('leaves a wait behind once another state is entered', () => {
    const text = [
      { k: 'start', executionArn: 'arn', stateMachineArn: 'sm', name: 'x', inputText: '{}', startDate: 1, sequence: 1 },
      { k: 'wait', wait: { state: 'AwaitPacking', token: 't1', openedAt: 4 } },
      { k: 'settled', token: 't1', outcome: { output: {} } },
      { k: 'at', state: 'CreateShipment', input: {}, enteredAt: 5 },
    ].map((line) => JSON.stringify(line)).join('\n');

    expect(replay(text)?.wait).toBeUndefined();
    expect(replay(text)?.position?.state).toBe('CreateShipment');
  });

  it('places the execution by the interpreter\'s clock: a late line for an earlier state moves nothing', () => {
    const text = [
      { k: 'start', executionArn: 'arn', stateMachineArn: 'sm', name: 'x', inputText: '{}', startDate: 1, sequence: 1 },
      { k: 'wait', wait: { state: 'AwaitDecision', token: 't1', openedAt: 3 } },
      { k: 'at', state: 'Prepare', input: {}, enteredAt: 2 },
      { k: 'at', state: 'AwaitDecision', input: { id: 1 }, enteredAt: 3 },
    ].map((line) => JSON.stringify(line)).join('\n');

    expect(replay(text)?.position?.state).toBe('AwaitDecision');
    expect(replay(text)?.wait?.token).toBe('t1');
  });
});
