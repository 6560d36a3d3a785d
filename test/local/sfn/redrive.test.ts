/**
 * RedriveExecution on the local Step Functions, as AWS redrives a Standard execution: one that FAILED runs
 * again from the top-level state it failed in, with that state's input, keeping its history; after a restart
 * too (the journal knows where it stood). What the order workflow relies on when its shipping stretch fails
 * for good after packing (docs/orders.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalStepFunctions, type LocalStepFunctions } from '../../../infra/local/sfn';
import { AwsServiceError } from '../../../infra/local/model';
import { ACCOUNT, REGION, fail, functionArn, recordingBus, stateMachine, stubLambda, type StubLambda } from './helpers';

const running: LocalStepFunctions[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const service of running.splice(0)) service.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const machine = stateMachine('shipping', {
  StartAt: 'Pack',
  States: {
    Pack: { Type: 'Task', Resource: functionArn('pack'), ResultPath: '$.packed', Next: 'Ship' },
    Ship: { Type: 'Task', Resource: functionArn('ship'), ResultPath: '$.shipped', End: true },
  },
});

function start(lambda: StubLambda, dataDir?: string) {
  const service = createLocalStepFunctions({ stateMachines: [machine], lambda, events: recordingBus(), region: REGION, accountId: ACCOUNT, retryIntervalScale: 0, dataDir });
  running.push(service);
  return service;
}

/** `ship` fails until `carrierBack` is set; `pack` always works. */
function carrier() {
  const state = { back: false };
  const lambda = stubLambda({ pack: () => 'packed', ship: () => (state.back ? 'RP1' : fail('CarrierDown')) });
  return { lambda, state };
}

const statusOf = async (service: LocalStepFunctions, executionArn: string) =>
  (await service.service.handle('DescribeExecution', { executionArn })) as { status: string; output?: string };

describe('RedriveExecution', () => {
  it('runs a failed execution again from the state that failed, with its input; the history says so', async () => {
    const { lambda, state } = carrier();
    const service = start(lambda);
    const { executionArn } = await service.startExecution(machine.arn, { orderId: 'o-1' });
    expect((await service.waitForExecution(executionArn)).status).toBe('FAILED');

    state.back = true;
    await service.service.handle('RedriveExecution', { executionArn });
    const done = await service.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ orderId: 'o-1', packed: 'packed', shipped: 'RP1' });
    // Pack ran once: the redrive picked up at Ship.
    expect(lambda.calls.map((call) => call.name)).toEqual(['pack', 'ship', 'ship']);
    const { events } = (await service.service.handle('GetExecutionHistory', { executionArn, maxResults: 1000 })) as { events: { type: string }[] };
    expect(events.map((event) => event.type)).toContain('ExecutionRedriven');
    expect(events.filter((event) => event.type === 'ExecutionFailed')).toHaveLength(1);
  });

  it('refuses what AWS refuses: a running or succeeded execution', async () => {
    const service = start(stubLambda({ pack: () => 'packed', ship: () => 'RP1' }));
    const { executionArn } = await service.startExecution(machine.arn, {});
    await service.waitForExecution(executionArn);
    const refusal = await service.service.handle('RedriveExecution', { executionArn }).then(
      () => 'redriven',
      (error: unknown) => (error instanceof AwsServiceError ? error.code : String(error)),
    );
    expect(refusal).toBe('ExecutionNotRedrivable');
  });

  it('redrives after a restart: the journal knows the state it failed in', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sfn-redrive-'));
    dirs.push(dataDir);
    const first = carrier();
    const before = start(first.lambda, dataDir);
    const { executionArn } = await before.startExecution(machine.arn, { orderId: 'o-3' });
    await before.waitForExecution(executionArn);
    before.stop();

    const after = carrier();
    after.state.back = true;
    const service = start(after.lambda, dataDir);
    service.resume();
    expect((await statusOf(service, executionArn)).status).toBe('FAILED');
    await service.service.handle('RedriveExecution', { executionArn });
    expect((await service.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
    expect(after.lambda.calls.map((call) => call.name)).toEqual(['ship']);
  });
});
