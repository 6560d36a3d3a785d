import { afterAll, describe, expect, it } from 'vitest';
import { LocalLambdaRuntime } from '../../infra/local/lambda/runtime';
import { LambdaInvocationError } from '../../infra/local/model';
import { buildLocalModel } from '../../infra/local/template/model';
import { fixtureTemplate, repoRoot } from './fixtures';

const model = buildLocalModel(fixtureTemplate(), { stackName: 'CommerceOps', region: 'us-east-1', accountId: '000000000000', repoRoot });
const runtime = new LocalLambdaRuntime({
  functions: model.functions,
  region: 'us-east-1',
  endpointUrl: 'http://127.0.0.1:4566',
  environmentOverrides: { 'other-echo': { TABLE_NAME: 'overridden-table' } },
  quiet: true,
});

afterAll(() => runtime.stop());

describe('LocalLambdaRuntime', () => {
  it('runs the TypeScript handler with its own environment and a Lambda-like context', async () => {
    const result = await runtime.invoke('echo', { hello: 'world' });
    expect(result).toEqual({
      event: { hello: 'world' },
      greeting: 'hello from us-east-1 in CommerceOps',
      tableName: 'commerce-ops',
      endpoint: 'http://127.0.0.1:4566',
      functionName: 'echo',
      requestIdPresent: true,
      remainingPositive: true,
    });
  });

  it('isolates environments: two functions, same variable names, different values', async () => {
    const [first, second] = (await Promise.all([
      runtime.invoke('arn:aws:lambda:us-east-1:000000000000:function:echo', {}),
      runtime.invoke('other-echo', {}),
    ])) as { greeting: string; tableName: string }[];
    expect(first).toMatchObject({ greeting: 'hello from us-east-1 in CommerceOps', tableName: 'commerce-ops' });
    expect(second).toMatchObject({ greeting: 'hi from the other one', tableName: 'overridden-table' });
    expect(process.env.GREETING).toBeUndefined();
  });

  it('surfaces a thrown error as LambdaInvocationError named after the error', async () => {
    const failure = await runtime.invoke('fail', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LambdaInvocationError);
    expect(failure).toMatchObject({ errorType: 'OrderRejected', errorMessage: 'no stock for sku A', name: 'OrderRejected' });
  });

  it('enforces the function timeout and serves the next call from a fresh sandbox', async () => {
    await expect(runtime.invoke('slow', {})).rejects.toMatchObject({ errorType: 'Sandbox.Timedout' });
    await expect(runtime.invoke('slow', {})).rejects.toMatchObject({ errorType: 'Sandbox.Timedout' });
  });

  it('rejects an unknown function', async () => {
    await expect(runtime.invoke('nope', {})).rejects.toMatchObject({ errorType: 'ResourceNotFoundException' });
  });
});
