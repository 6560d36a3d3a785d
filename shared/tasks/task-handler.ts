import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { safeParse, type core, type output } from 'zod/mini';
import { DomainError, namedError } from '../domain/errors';
import { logger } from '../adapters/logger';
import { newId } from '../adapters/ids';

export interface TaskContext {
  /** From the task input's `correlationId` (workflows pass it along), else a fresh id. */
  readonly correlationId: string;
}

const correlationIdOf = (payload: unknown): string | undefined => {
  const value = payload !== null && typeof payload === 'object' ? (payload as { correlationId?: unknown }).correlationId : undefined;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

/**
 * A Step Functions Lambda task: validates the state input (`InvalidTaskInput` when it does not match,
 * a programming error no retry fixes), logs its finish with its duration, and surfaces DomainErrors by their code
 * (e.g. `ApplicationNotFound`) so the state machine can Catch them by name. Other errors pass through
 * untouched, so Retry on Lambda's transient errors still applies.
 */
export const taskHandler = <S extends core.$ZodType, O>(
  input: S,
  fn: (input: output<S>, ctx: TaskContext) => Promise<O>,
): ((payload: unknown, context?: Context) => Promise<O>) => {
  const run = async (payload: unknown, context: Context): Promise<O> => {
    const correlationId = correlationIdOf(payload) ?? context?.awsRequestId ?? newId();
    logger.appendKeys({ correlationId });
    const parsed = safeParse(input, payload);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`);
      logger.error('task input rejected', { problems });
      throw namedError('InvalidTaskInput', problems.join('; '));
    }
    // One INFO line a call, with its duration (the platform's REPORT lines are not sent: ops-function.ts).
    const startedAt = performance.now();
    logger.debug('task started');
    try {
      const output = await fn(parsed.data, { correlationId });
      logger.info('task finished', { durationMs: Math.round(performance.now() - startedAt) });
      return output;
    } catch (error) {
      // A DomainError is already named by its code, which is what the state machine matches.
      if (error instanceof DomainError) logger.warn('task refused', { code: error.code, detail: error.message });
      else logger.error('task failed', { error });
      throw error;
    }
  };
  // Powertools adds the request id and cold start to every log line, and drops the correlation id after the task.
  const handler = middy<unknown, O>(run).use(injectLambdaContext(logger, { resetKeys: true }));
  return (payload, context) => handler(payload, context ?? ({} as Context));
};
