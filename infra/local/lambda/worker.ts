/**
 * Runs inside one worker thread per Lambda function (see runtime.ts): loads the handler module from
 * source once, then serves invocations. `process.env` here is the function's own environment.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

export interface WorkerSetup {
  readonly entry: string;
  readonly handlerExport: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly memoryMb: number;
}

export interface InvokeRequest {
  readonly id: number;
  readonly event: unknown;
  readonly deadlineMs: number;
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly errorType: string; readonly errorMessage: string }
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'result'; readonly id: number; readonly ok: false; readonly errorType: string; readonly errorMessage: string };

type Handler = (event: unknown, context: Record<string, unknown>) => Promise<unknown>;

const setup = workerData as WorkerSetup;
const port = parentPort!;

const errorFields = (error: unknown) => ({
  errorType: error instanceof Error ? error.name || 'Error' : 'Error',
  errorMessage: error instanceof Error ? error.message : String(error),
});

const lambdaContext = (deadlineMs: number) => ({
  awsRequestId: randomUUID(),
  functionName: setup.functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: setup.functionArn,
  memoryLimitInMB: String(setup.memoryMb),
  logGroupName: `/aws/lambda/${setup.functionName}`,
  logStreamName: `local/${setup.functionName}`,
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

async function loadHandler(): Promise<Handler> {
  const module = (await import(pathToFileURL(setup.entry).href)) as Record<string, unknown>;
  const handler = module[setup.handlerExport] ?? (module.default as Record<string, unknown> | undefined)?.[setup.handlerExport];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${setup.entry} does not export a function named ${setup.handlerExport}`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  return handler as Handler;
}

// Lambda's Node runtime ends the sandbox on an unhandled rejection and reports it under this name; rethrowing
// makes the worker crash the same way, so the runtime fails the calls in flight at once with a clear error.
process.on('unhandledRejection', (reason) => {
  const { errorType, errorMessage } = errorFields(reason);
  throw Object.assign(new Error(`${errorType}: ${errorMessage}`), { name: 'Runtime.UnhandledPromiseRejection' });
});

async function main(): Promise<void> {
  let handler: Handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    port.postMessage({ type: 'init-error', ...errorFields(error) } satisfies WorkerMessage);
    return;
  }
  port.on('message', (request: InvokeRequest) => {
    void (async () => {
      let reply: WorkerMessage;
      try {
        const result = await handler(request.event, lambdaContext(request.deadlineMs));
        // Lambda serialises the result as JSON: do the same so callers never see class instances.
        reply = { type: 'result', id: request.id, ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
      } catch (error) {
        reply = { type: 'result', id: request.id, ok: false, ...errorFields(error) };
      }
      port.postMessage(reply);
    })();
  });
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}

void main();
