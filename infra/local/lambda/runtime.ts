/**
 * Local Lambda: one worker thread per function, started lazily, each with ITS OWN environment
 * (Lambda isolates functions' env vars; a shared process.env would leak one function's config into another).
 * Handlers run from their TypeScript source through tsx.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LambdaInvocationError, type LambdaInvoker, type LocalFunction } from '../model';
import type { InvokeRequest, WorkerMessage, WorkerSetup } from './worker';

export interface LambdaRuntimeOptions {
  readonly functions: readonly LocalFunction[];
  readonly region: string;
  /** The AWS-compatible endpoint the handlers' SDK clients talk to. */
  readonly endpointUrl: string;
  /** Per function name: extra/overridden env vars (tests shorten deadlines this way). */
  readonly environmentOverrides?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Discard the functions' own stdout/stderr (tests). */
  readonly quiet?: boolean;
  readonly logger?: { warn(message: string, data?: object): void };
  /** How long a worker may take to load its handler before calls to it fail. @default INIT_TIMEOUT_MS */
  readonly initTimeoutMs?: number;
}

/**
 * Lambda allows 10 s of init; locally the first load also compiles the handler's TypeScript on a shared
 * machine, so the limit is looser. It exists so a module that never finishes loading fails its callers.
 */
export const INIT_TIMEOUT_MS = 60_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const require = createRequire(import.meta.url);
const tsxApiUrl = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
const workerUrl = new URL('./worker.ts', import.meta.url).href;
// A tiny CommonJS bootstrap registers tsx inside the worker before importing the TypeScript worker:
// on Node 20 `execArgv: ['--import', 'tsx']` does not apply to a worker's entry module.
const bootstrap = `import(${JSON.stringify(tsxApiUrl)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); });`;

/** One sandbox: a worker thread serving one function. */
class Sandbox {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The worker thread has exited. */
  private gone = false;
  retired = false;

  constructor(
    private readonly fn: LocalFunction,
    env: Record<string, string>,
    quiet: boolean,
    initTimeoutMs: number,
    onExit: () => void,
  ) {
    const setup: WorkerSetup = { entry: fn.entry, handlerExport: fn.handlerExport, functionName: fn.name, functionArn: fn.arn, memoryMb: fn.memoryMb };
    this.worker = new Worker(bootstrap, { eval: true, env, workerData: setup, stdout: quiet, stderr: quiet });
    if (quiet) {
      this.worker.stdout.resume();
      this.worker.stderr.resume();
    }
    this.ready = new Promise((resolve, reject) => {
      // A module that never finishes loading must not hold its callers forever.
      const initTimer = setTimeout(() => {
        reject(new LambdaInvocationError('Runtime.InitTimeout', `${fn.name} did not finish initialising within ${initTimeoutMs / 1000} s`));
        void this.stop();
      }, initTimeoutMs);
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          clearTimeout(initTimer);
          resolve();
        } else if (message.type === 'init-error') {
          clearTimeout(initTimer);
          // Lambda retries a failed init on the next invocation: never reuse this sandbox.
          reject(new LambdaInvocationError(message.errorType, message.errorMessage));
          void this.stop();
        } else this.settle(message);
      });
      // A crash (uncaught exception, unhandled rejection) fails what is in flight at once; the next call gets a fresh worker.
      this.worker.on('error', (error) => {
        clearTimeout(initTimer);
        this.retired = true;
        const failure = new LambdaInvocationError(error.name || 'Runtime.ExitError', error.message);
        reject(failure);
        this.failAll(failure);
      });
      this.worker.on('exit', (code) => {
        clearTimeout(initTimer);
        this.retired = true;
        this.gone = true;
        onExit();
        const failure = new LambdaInvocationError('Runtime.ExitError', `${fn.name} exited with code ${code}`);
        reject(failure);
        this.failAll(failure);
      });
    });
    this.ready.catch(() => undefined);
  }

  async invoke(event: unknown): Promise<unknown> {
    await this.ready;
    // The worker may have died while this call waited its turn: a message to it would never be answered.
    if (this.gone) throw new LambdaInvocationError('Runtime.ExitError', `${this.fn.name}'s worker has exited`);
    const id = this.nextId++;
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new LambdaInvocationError('Sandbox.Timedout', `Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds`));
        // Lambda kills the sandbox on timeout: retire this one (the next call gets a fresh worker).
        this.retired = true;
        if (this.pending.size === 0) void this.stop();
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const request: InvokeRequest = { id, event, deadlineMs: Date.now() + timeoutMs };
      this.worker.postMessage(request);
    });
  }

  async stop(): Promise<void> {
    this.retired = true;
    this.failAll(new LambdaInvocationError('Runtime.ExitError', `${this.fn.name} was stopped`));
    await this.worker.terminate();
  }

  private settle(message: Extract<WorkerMessage, { type: 'result' }>): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new LambdaInvocationError(message.errorType, message.errorMessage));
    if (this.retired && this.pending.size === 0) void this.stop();
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
  }
}

export class LocalLambdaRuntime implements LambdaInvoker {
  /** The sandbox serving each function's next call. */
  private readonly sandboxes = new Map<string, Sandbox>();
  /** Every sandbox whose worker still runs, retired ones finishing their last calls included: stop() ends them all. */
  private readonly live = new Set<Sandbox>();
  private readonly inFlightAsync = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: LambdaRuntimeOptions) {}

  /** RequestResponse invoke by function name or ARN. */
  async invoke(functionNameOrArn: string, event: unknown): Promise<unknown> {
    return this.sandboxFor(this.functionOrThrow(functionNameOrArn)).invoke(event);
  }

  /** Event invoke: returns at once; Lambda retries a failed async invocation twice. */
  invokeAsync(functionNameOrArn: string, event: unknown): void {
    const fn = this.functionOrThrow(functionNameOrArn);
    const attempt = async (): Promise<void> => {
      for (let tries = 1; ; tries++) {
        try {
          await this.invoke(fn.arn, event);
          return;
        } catch (error) {
          if (this.stopped) return;
          if (tries >= 3) {
            this.options.logger?.warn(`async invoke of ${fn.name} failed after ${tries} attempts`, { error: String(error) });
            return;
          }
        }
      }
    };
    const running = attempt();
    this.inFlightAsync.add(running);
    void running.finally(() => this.inFlightAsync.delete(running));
  }

  /** Resolves once every async invocation started so far has settled. */
  async drain(): Promise<void> {
    while (this.inFlightAsync.size) await Promise.allSettled([...this.inFlightAsync]);
  }

  /** Starts every function's worker, one at a time (2 cores are shared), so first requests are fast. */
  async prewarm(): Promise<void> {
    for (const fn of this.options.functions) {
      if (this.stopped) return;
      await this.sandboxFor(fn).ready.catch(() => undefined);
    }
  }

  hasFunction(functionNameOrArn: string): boolean {
    return this.find(functionNameOrArn) !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const sandboxes = [...this.live];
    this.sandboxes.clear();
    this.live.clear();
    await Promise.allSettled(sandboxes.map((sandbox) => sandbox.stop()));
  }

  private sandboxFor(fn: LocalFunction): Sandbox {
    if (this.stopped) throw new LambdaInvocationError('ServiceException', 'The local Lambda runtime is stopped');
    const existing = this.sandboxes.get(fn.name);
    if (existing && !existing.retired) return existing;
    const sandbox: Sandbox = new Sandbox(fn, this.environmentFor(fn), this.options.quiet ?? false, this.options.initTimeoutMs ?? INIT_TIMEOUT_MS, () =>
      this.live.delete(sandbox),
    );
    this.sandboxes.set(fn.name, sandbox);
    this.live.add(sandbox);
    return sandbox;
  }

  private environmentFor(fn: LocalFunction): Record<string, string> {
    const { region, endpointUrl } = this.options;
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      TZ: 'UTC',
      ...fn.environment,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ENDPOINT_URL: endpointUrl,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SESSION_TOKEN: 'local',
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      // Lambda runs Node 22, where the SDK prints no Node-version warning; keep the local output the same.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...this.options.environmentOverrides?.[fn.name],
    };
  }

  private find(functionNameOrArn: string): LocalFunction | undefined {
    // Accept a name, an ARN, or a qualified ARN (`…:function:name:$LATEST`).
    const name = /:function:([^:]+)/.exec(functionNameOrArn)?.[1] ?? functionNameOrArn;
    return this.options.functions.find((fn) => fn.name === name || fn.arn === functionNameOrArn);
  }

  private functionOrThrow(functionNameOrArn: string): LocalFunction {
    const fn = this.find(functionNameOrArn);
    if (!fn) throw new LambdaInvocationError('ResourceNotFoundException', `Function not found: ${functionNameOrArn}`);
    return fn;
  }
}
