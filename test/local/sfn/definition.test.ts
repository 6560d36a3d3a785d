import { describe, expect, it } from 'vitest';
import { MAX_TIMER_SECONDS, prepareDefinition, scaledRetryIntervals, unwrapTaskInput } from '../../../infra/local/sfn/definition';

const task = (extra: Record<string, unknown> = {}) => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra });

describe('prepareDefinition', () => {
  it('finds Task states in Parallel branches and Map iterators', () => {
    const prepared = prepareDefinition({
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'A', States: { A: task() } },
            { StartAt: 'M', States: { M: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'B', States: { B: task() } } } } },
          ],
        },
      },
    });

    expect([...prepared.tasks.keys()]).toEqual(['A', 'B']);
  });

  it('refuses two Task states with the same name', () => {
    expect(() =>
      prepareDefinition({
        StartAt: 'P',
        States: { P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'T', States: { T: task() } }, { StartAt: 'T', States: { T: task() } }] } },
      }),
    ).toThrow(/"T" is used twice/);
  });

  it('gives tasks without a timeout the longest local timer instead of the interpreter default of 60 s', () => {
    const prepared = prepareDefinition({ StartAt: 'T', TimeoutSeconds: 99_999_999, States: { T: task() } });
    const runnable = prepared.runnable as unknown as { TimeoutSeconds: number; States: { T: { TimeoutSeconds: number } } };

    expect(runnable.States.T.TimeoutSeconds).toBe(MAX_TIMER_SECONDS);
    expect(runnable.TimeoutSeconds).toBe(MAX_TIMER_SECONDS);
    expect(prepared.tasks.get('T')?.timeoutSeconds).toBeUndefined();
  });

  it('resolves timeout and heartbeat paths against the state input, next to the parameters', () => {
    const definition: { StartAt: string; States: { T: Record<string, unknown> } } = {
      StartAt: 'T',
      States: { T: task({ Parameters: { 'Payload.$': '$.body' }, TimeoutSecondsPath: '$.limits.timeout', HeartbeatSecondsPath: '$.limits.heartbeat' }) },
    };
    const prepared = prepareDefinition(definition);
    const spec = prepared.tasks.get('T')!;
    const state = (prepared.runnable as unknown as { States: { T: Record<string, unknown> } }).States.T;

    expect(state.TimeoutSecondsPath).toMatch(/^\$\.__localTaskTimeouts\./);
    expect(state).not.toHaveProperty('HeartbeatSecondsPath');
    expect(definition.States.T.TimeoutSecondsPath).toBe('$.limits.timeout'); // the template's copy is untouched
    // What the interpreter would pass after evaluating the wrapped Parameters:
    const evaluated = { __localTaskTimeouts: { timeoutSeconds: 30, heartbeatSeconds: 5 }, __localTaskParameters: { Payload: 'x' } };
    expect(unwrapTaskInput(spec, evaluated)).toEqual({ parameters: { Payload: 'x' }, timeoutSeconds: 30, heartbeatSeconds: 5 });
    expect(() => unwrapTaskInput(spec, { __localTaskTimeouts: { timeoutSeconds: 30, heartbeatSeconds: 0 } })).toThrow(/positive integer/);
  });

  it('scales Retry pauses per retrier, and leaves them alone at scale 1', () => {
    const prepared = prepareDefinition({
      StartAt: 'T',
      States: { T: task({ Retry: [{ ErrorEquals: ['A'], IntervalSeconds: 2 }, { ErrorEquals: ['B'] }] }) },
    });

    expect(scaledRetryIntervals(prepared.retryIntervals, 0)).toEqual({ T: [0, 0] });
    expect(scaledRetryIntervals(prepared.retryIntervals, 0.5)).toEqual({ T: [1000, 500] });
    expect(scaledRetryIntervals(prepared.retryIntervals, 1)).toBeUndefined();
  });
});
