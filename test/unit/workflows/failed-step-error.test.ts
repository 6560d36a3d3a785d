import { describe, expect, it } from 'vitest';
import { failedStepError } from '../../../shared/domain/workflow-errors';

const childDescription = (fields: Record<string, unknown>) => JSON.stringify({ ExecutionArn: 'arn:aws:states:eu-central-1:1:express:order-shipping:x', Status: 'FAILED', ...fields });

describe('failedStepError', () => {
  it.each([
    ['a Lambda step names its own error', { Error: 'Lambda.ServiceException', Cause: '{"errorMessage":"boom"}' }, 'Lambda.ServiceException'],
    ["a child workflow's failure names the child's error", { Error: 'States.TaskFailed', Cause: childDescription({ Error: 'OrderChangedConcurrently', Cause: '…' }) }, 'OrderChangedConcurrently'],
    ['a child timed out', { Error: 'States.TaskFailed', Cause: childDescription({ Status: 'TIMED_OUT', Error: 'States.Timeout' }) }, 'States.Timeout'],
    ['a task failure whose cause is no description stays as it is', { Error: 'States.TaskFailed', Cause: 'not json' }, 'States.TaskFailed'],
    ['a description without an error stays as it is', { Error: 'States.TaskFailed', Cause: childDescription({}) }, 'States.TaskFailed'],
    ['nothing caught', undefined, 'UnknownError'],
  ])('%s', (_, failure, expected) => {
    expect(failedStepError(failure)).toBe(expected);
  });
});
