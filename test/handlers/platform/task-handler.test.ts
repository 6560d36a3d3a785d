import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { notFound } from '../../../shared/domain/errors';
import { taskHandler } from '../../../shared/tasks/task-handler';

const input = z.object({ applicationId: z.string(), correlationId: z.string().optional() });

const thrown = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
};

describe('taskHandler', () => {
  it('passes the validated input and the workflow correlation id', async () => {
    const fn = vi.fn(async (value: z.output<typeof input>, ctx: { correlationId: string }) => ({ seen: value.applicationId, ctx }));
    const handler = taskHandler(input, fn);
    await expect(handler({ applicationId: 'A1', correlationId: 'corr-9' })).resolves.toEqual({ seen: 'A1', ctx: { correlationId: 'corr-9' } });
  });

  it('rejects input that does not match with InvalidTaskInput, before any work', async () => {
    const fn = vi.fn();
    const error = await thrown(taskHandler(input, fn)({ applicationId: 7 }));
    expect(error.name).toBe('InvalidTaskInput');
    expect(error.message).toContain('applicationId');
    expect(fn).not.toHaveBeenCalled();
  });

  it('surfaces a DomainError under its code so an ASL Catch can match it', async () => {
    const error = await thrown(
      taskHandler(input, async () => {
        throw notFound('Application', 'A1');
      })({ applicationId: 'A1' }),
    );
    expect(error.name).toBe('ApplicationNotFound');
    expect(error.message).toBe('Application A1 does not exist');
  });

  it('lets other errors through unchanged, so Retry on transient errors still applies', async () => {
    const original = Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
    const error = await thrown(
      taskHandler(input, async () => {
        throw original;
      })({ applicationId: 'A1' }),
    );
    expect(error).toBe(original);
  });
});
