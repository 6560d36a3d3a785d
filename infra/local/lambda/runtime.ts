/**
 * Local Lambda: one worker thread per function, started lazily, each with ITS OWN environment
 * (Lambda isolates functions' env vars; a shared process.env would leak one function's config into another).
 * Handlers run as JavaScript bundled once for all functions (build.ts): no worker runs a transpiler.
 */
import { Worker } from 'node:worker_threads';
import { LambdaInvocationError, type LambdaInvoker, type LocalFunction } from '../model';
import { buildFunctions, type BuiltFunctions } from './build';
import type { InvokeRequest, WorkerMessage, WorkerSetup } from './worker';

export interface LambdaRuntimeOptions {
  readonly functions: readonly LocalFunction[];
  readonly region: string;
  /** The AWS-compatible endpoint the handlers' SDK clients talk to. */
  readonly endpointUrl: string;
  /**
   * DynamoDB Local itself, for the handlers' DynamoDB clients (`AWS_ENDPOINT_URL_DYNAMODB`): the endpoint would
   * only relay their requests unchanged, at the cost of a parse and a copy per call on the cloud's main thread.
   * @default - through endpointUrl
   */
  readonly dynamodbEndpointUrl?: string;
  /** Per function name: extra/overridden env vars (tests shorten deadlines this way). */
  readonly environmentOverrides?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Discard the functions' own stdout/stderr (tests). */
  readonly quiet?: boolean;
  /** When quiet: told the bytes each function writes to stdout/stderr instead (the cost bench prices them as log ingestion). */
  readonly onFunctionOutput?: (functionName: string, bytes: number) => void;
  readonly logger?: { warn(message: string, data?: object): void };
  /** How long a worker may take to load its handler before calls to it fail. @default INIT_TIMEOUT_MS */
  readonly initTimeoutMs?: number;
  /**
   * Warm sandboxes kept at most: past this, starting one stops the least recently used idle one (Lambda
   * reclaims idle sandboxes too). Bounds memory whatever the number of functions. @default MAX_WARM_SANDBOXES
   */
  readonly maxWarmSandboxes?: number;
  /** Where the bundles are cached between starts. @default DEFAULT_BUILD_CACHE_DIR */
  readonly buildCacheDir?: string;
}

/**
 * Lambda allows 10 s of init; locally a shared, busy machine loads slower, so the limit is looser. It exists
 * so a module that never finishes loading fails its callers. The bundle's build time does not count.
 */
export const INIT_TIMEOUT_MS = 60_000;

/** About 20 MB each (a V8 isolate with a bundled handler and the AWS SDK): 24 keep the whole cloud under 1 GiB. */
export const MAX_WARM_SANDBOXES = 24;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** One sandbox: a worker thread serving one function. */
class Sandbox {
  readonly ready: Promise<void>;
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The worker thread has exited. */
  private gone = false;
  retired = false;
  private initialized = false;
  /** Calls taken and not yet answered, counted from the moment invoke() is entered (before the await). */
  private callers = 0;
  /** When it last finished a call: idle sandboxes are the first to go when too many are warm. */
  lastUsed = Date.now();

  constructor(
    private readonly fn: LocalFunction,
    built: Promise<BuiltFunctions>,
    env: Record<string, string>,
    quiet: false | ((bytes: number) => void),
    initTimeoutMs: number,
    private readonly onExit: () => void,
  ) {
    this.ready = built
      .catch((error: unknown) => {
        // A bundle that does not build is this function's init error, as a module that does not load is in Lambda.
        throw new LambdaInvocationError('Runtime.ImportModuleError', error instanceof Error ? error.message : String(error));
      })
      .then((bundles) => this.startWorker(bundles, env, quiet, initTimeoutMs));
    this.ready.catch(() => {
      this.retired = true;
      if (!this.worker) this.exited();
    });
  }

  /** Loading, or serving a call: not one to reclaim. */
  get busy(): boolean {
    return !this.initialized || this.callers > 0;
  }

  /** `quiet`: the worker's output is discarded, each chunk's size told to it. */
  private startWorker(bundles: BuiltFunctions, env: Record<string, string>, quiet: false | ((bytes: number) => void), initTimeoutMs: number): Promise<void> {
    const { fn } = this;
    if (this.retired) throw new LambdaInvocationError('Runtime.ExitError', `${fn.name} was stopped`);
    const setup: WorkerSetup = {
      entry: bundles.outputFor(fn.entry),
      handlerExport: fn.handlerExport,
      functionName: fn.name,
      functionArn: fn.arn,
      memoryMb: fn.memoryMb,
    };
    const worker = new Worker(bundles.workerFile, { env, workerData: setup, stdout: Boolean(quiet), stderr: Boolean(quiet) });
    this.worker = worker;
    if (quiet) {
      for (const stream of [worker.stdout, worker.stderr]) stream.on('data', (chunk: Buffer) => quiet(chunk.length));
    }
    return new Promise((resolve, reject) => {
      // A module that never finishes loading must not hold its callers forever.
      const initTimer = setTimeout(() => {
        reject(new LambdaInvocationError('Runtime.InitTimeout', `${fn.name} did not finish initialising within ${initTimeoutMs / 1000} s`));
        void this.stop();
      }, initTimeoutMs);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          clearTimeout(initTimer);
          this.initialized = true;
          this.lastUsed = Date.now();
          resolve();
        } else if (message.type === 'init-error') {
          clearTimeout(initTimer);
          // Lambda retries a failed init on the next invocation: never reuse this sandbox.
          reject(new LambdaInvocationError(message.errorType, message.errorMessage));
          void this.stop();
        } else this.settle(message);
      });
      // A crash (uncaught exception, unhandled rejection) fails what is in flight at once; the next call gets a fresh worker.
      worker.on('error', (error) => {
        clearTimeout(initTimer);
        this.retired = true;
        const failure = new LambdaInvocationError(error.name || 'Runtime.ExitError', error.message);
        reject(failure);
        this.failAll(failure);
      });
      worker.on('exit', (code) => {
        clearTimeout(initTimer);
        this.retired = true;
        this.exited();
        const failure = new LambdaInvocationError('Runtime.ExitError', `${fn.name} exited with code ${code}`);
        reject(failure);
        this.failAll(failure);
      });
    });
  }

  private exited(): void {
    if (this.gone) return;
    this.gone = true;
    this.onExit();
  }

  async invoke(event: unknown): Promise<unknown> {
    this.callers++;
    try {
      return await this.call(event);
    } finally {
      this.callers--;
      this.lastUsed = Date.now();
    }
  }

  private async call(event: unknown): Promise<unknown> {
    await this.ready;
    // The worker may have died while this call waited its turn: a message to it would never be answered.
    if (this.gone) throw new LambdaInvocationError('Runtime.ExitError', `${this.fn.name}'s worker has exited`);
    const worker = this.worker!;
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
      worker.postMessage(request);
    });
  }

  async stop(): Promise<void> {
    this.retired = true;
    this.failAll(new LambdaInvocationError('Runtime.ExitError', `${this.fn.name} was stopped`));
    if (this.worker) await this.worker.terminate();
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

  /** Every function's bundle, built (or taken from the cache) once; a failed build is retried by the next call. */
  bundles(): Promise<BuiltFunctions> {
    return buildFunctions(this.options.functions, this.options.buildCacheDir);
  }

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

  /**
   * Builds the bundles (so a function's first call only loads its module, ~0.1 s), then loads the named
   * functions one at a time (2 cores are shared). Loading all would hold a worker per function: the cap applies.
   */
  async prewarm(functionNames: readonly string[] = []): Promise<void> {
    await this.bundles().catch(() => undefined);
    for (const name of functionNames) {
      if (this.stopped) return;
      await this.sandboxFor(this.functionOrThrow(name)).ready.catch(() => undefined);
    }
  }

  /** Sandboxes whose worker runs now (bench, tests). */
  get warmSandboxes(): number {
    return this.live.size;
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
    this.reclaimIdleSandbox();
    const { quiet = false, onFunctionOutput, initTimeoutMs = INIT_TIMEOUT_MS } = this.options;
    const output = quiet && ((bytes: number) => onFunctionOutput?.(fn.name, bytes));
    const sandbox: Sandbox = new Sandbox(fn, this.bundles(), this.environmentFor(fn), output, initTimeoutMs, () => this.live.delete(sandbox));
    this.sandboxes.set(fn.name, sandbox);
    this.live.add(sandbox);
    return sandbox;
  }

  /** At the cap, stops the least recently used idle sandbox (none when all are busy: calls are never delayed). */
  private reclaimIdleSandbox(): void {
    const max = this.options.maxWarmSandboxes ?? MAX_WARM_SANDBOXES;
    const current = [...this.sandboxes].filter(([, sandbox]) => !sandbox.retired);
    if (current.length < max) return;
    const idle = current.filter(([, sandbox]) => !sandbox.busy).sort(([, a], [, b]) => a.lastUsed - b.lastUsed)[0];
    if (!idle) return;
    this.sandboxes.delete(idle[0]);
    void idle[1].stop();
  }

  private environmentFor(fn: LocalFunction): Record<string, string> {
    const { region, endpointUrl, dynamodbEndpointUrl } = this.options;
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      TZ: 'UTC',
      ...fn.environment,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ENDPOINT_URL: endpointUrl,
      ...(dynamodbEndpointUrl ? { AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpointUrl } : {}),
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SESSION_TOKEN: 'local',
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      // As Lambda sets them for a function with JSON logs: Powertools follows Lambda's application log level.
      ...(fn.logging.format === 'JSON' ? { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: fn.logging.applicationLogLevel ?? 'INFO' } : {}),
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      // As Lambda sets it for on-demand instances: Powertools reads it to mark the first invocation a cold start.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
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
