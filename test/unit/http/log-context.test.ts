import { afterEach, describe, expect, it, vi } from 'vitest';
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  // What Lambda sets for an on-demand instance; Powertools reports a cold start only then.
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
});
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../../../shared/adapters/logger';
import { defineRoute } from '../../../shared/contracts/route';
import { readHandler } from '../../../shared/http/read-handler';
import { taskHandler } from '../../../shared/tasks/task-handler';
import { httpEvent } from './http-event';

/** Every log line of an invocation carries Powertools' Lambda context: request id and cold start. */
const getThing = defineRoute({
  operationId: 'getThing',
  method: 'GET',
  path: '/things/{id}',
  summary: 'Get a thing',
  tags: ['test'],
  auth: { type: 'none' },
  handlerEntry: 'functions/test/get-thing.ts',
  pathParams: z.object({ id: z.string() }),
  response: { status: 200, description: 'A thing', schema: z.object({ id: z.string() }) },
});

const contextFor = (awsRequestId: string) => ({ awsRequestId, functionName: 'things-get-thing' }) as Context;

const logLines = () => {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  });
  return lines;
};

afterEach(() => vi.restoreAllMocks());

describe('log lines carry the Lambda context', () => {
  it('an HTTP handler logs the request id, the cold start and the correlation id; the correlation id does not outlive the request', async () => {
    const lines = logLines();
    const handler = readHandler(getThing, async ({ path }) => {
      logger.info('getting a thing');
      return { id: path.id };
    });
    await handler(httpEvent({ path: '/things/T1', pathParameters: { id: 'T1' }, requestId: 'r-1' }), contextFor('aws-1'));
    await handler(httpEvent({ path: '/things/T2', pathParameters: { id: 'T2' }, requestId: 'r-2' }), contextFor('aws-2'));
    logger.info('between invocations');
    expect(lines.map((line) => [line.message, line.function_request_id, line.cold_start, line.correlationId])).toEqual([
      ['getting a thing', 'aws-1', true, 'r-1'],
      ['getting a thing', 'aws-2', false, 'r-2'],
      ['between invocations', 'aws-2', false, undefined],
    ]);
  });

  it('a workflow task logs one line at INFO, its finish with its duration, with the request id and the workflow correlation id', async () => {
    const lines = logLines();
    const handler = taskHandler(z.object({ correlationId: z.string() }), async () => 'done');
    await handler({ correlationId: 'corr-7' }, contextFor('aws-3'));
    expect(lines.map((line) => [line.message, line.function_request_id, line.correlationId, typeof line.durationMs])).toEqual([
      ['task finished', 'aws-3', 'corr-7', 'number'],
    ]);
  });
});
