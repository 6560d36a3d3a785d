/**
 * What the two order-to-ship bench sections share: a fresh local cloud in this process (seeded, DynamoDB
 * Local in memory, random ports on 127.0.0.1) with the order test harness on it (a stocked SKU, placing
 * orders, packing, signed carrier webhooks), and taps on the cloud's own seams:
 *
 * - every Lambda invocation (`cloud.lambda.invoke`: the gateway, Step Functions, the stream poller, rule
 *   and SNS targets all call it), timed, with listeners, so the warehouse packs the moment the workflow's
 *   AwaitPacking step has stored its token, and a section can count and time invocations;
 * - every execution started (`cloud.stepFunctions.startExecution`, which the OrderPlaced rule calls),
 *   so an order's execution is known without listing them all;
 * - every PutEvents entry (`cloud.bus.putEvents`), SNS publish (`cloud.topics.publish`) and API request.
 *
 * Reuses test/support/local-cloud.ts (startTestCloud) and test/workflows/order-harness.ts: plain modules
 * with no test-runner dependency, and the same way the integration tests drive an order.
 */
import { startTestCloud, type TestCloud } from '../test/support/local-cloud';
import { orderHarness, type OrderHarness } from '../test/workflows/order-harness';
import type { LocalCloudOptions } from '../infra/local/cloud';
import { percentile, round } from './format';

/** The saga's task functions a section waits on (local names from the template). */
export const ORDER_FUNCTIONS = {
  placeOrder: 'orders-place-order',
  requestPacking: 'orders-request-packing',
  markShipped: 'orders-mark-shipped',
  markOrderFailed: 'orders-mark-order-failed',
} as const;

export interface Invocation {
  readonly functionName: string;
  readonly event: unknown;
  readonly ok: boolean;
  readonly result?: unknown;
  /** Wall time of the call as the runtime served it (the handler's duration once the worker is warm). */
  readonly ms: number;
}

export interface Counters {
  /** Per function name. */
  readonly invocations: Map<string, { count: number; ms: number[] }>;
  /** PutEvents entries by `Source` (accepted entries only). */
  readonly eventsBySource: Map<string, number>;
  /** SNS publishes by topic ARN or name. */
  readonly snsPublishes: Map<string, number>;
  /** API requests by `METHOD /path`. */
  readonly apiRequests: Map<string, number>;
  /** Bytes each function wrote to stdout/stderr (its Powertools log lines at the template's level), by function name. */
  readonly outputBytes: Map<string, number>;
}

export interface OrdersCloud {
  readonly cloud: TestCloud;
  readonly orders: OrderHarness;
  readonly counters: Counters;
  /** Adds a listener for every settled invocation; returns its removal. */
  onInvocation(listener: (invocation: Invocation) => void): () => void;
  /** Resolves with the first successful invocation of `functionName` for `orderId` (at once if it already happened). */
  invoked(functionName: string, orderId: string, timeoutMs: number): Promise<Invocation>;
  /** The execution the OrderPlaced rule started for `orderId` (waits for it). */
  executionOf(orderId: string, timeoutMs: number): Promise<string>;
  /** Something happened (an invocation, event, publish or request) since this many ms. */
  idleForMs(): number;
  resetCounters(): void;
  stop(): Promise<void>;
}

const newCounters = (): Counters => ({ invocations: new Map(), eventsBySource: new Map(), snsPublishes: new Map(), apiRequests: new Map(), outputBytes: new Map() });
const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
const functionNameOf = (nameOrArn: string) => /:function:([^:]+)/.exec(nameOrArn)?.[1] ?? nameOrArn;
const orderIdOf = (event: unknown): string | undefined => {
  const orderId = (event as { orderId?: unknown } | null)?.orderId;
  return typeof orderId === 'string' ? orderId : undefined;
};

/** Rejects after `ms` with `message` (a bound on every wait in the bench). */
export const withTimeout = <T>(promise: Promise<T>, ms: number, message: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} (after ${ms / 1000} s)`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

/**
 * Starts the cloud as the integration tests do, but with the workflows' real Retry backoff (as
 * `npm start` runs them), and taps it. `options` reach startLocalCloud (e.g. a template, env overrides).
 */
export async function startOrdersCloud(options: Partial<LocalCloudOptions> = {}): Promise<OrdersCloud> {
  const counters = newCounters();
  const cloud = await startTestCloud({
    seed: true,
    retryIntervalScale: 1,
    onFunctionOutput: (functionName, bytes) => bump(counters.outputBytes, functionName, bytes),
    ...options,
  });
  const listeners = new Set<(invocation: Invocation) => void>();
  const executions = new Map<string, string>();
  const executionWaiters = new Map<string, (executionArn: string) => void>();
  let lastActivity = performance.now();
  const touch = () => (lastActivity = performance.now());

  const invoke = cloud.lambda.invoke.bind(cloud.lambda);
  cloud.lambda.invoke = async (functionNameOrArn, event) => {
    const functionName = functionNameOf(functionNameOrArn);
    touch();
    const startedAt = performance.now();
    const settle = (ok: boolean, result?: unknown) => {
      const ms = performance.now() - startedAt;
      touch();
      const entry = counters.invocations.get(functionName) ?? { count: 0, ms: [] };
      entry.count += 1;
      entry.ms.push(ms);
      counters.invocations.set(functionName, entry);
      for (const listener of listeners) listener({ functionName, event, ok, result, ms });
    };
    try {
      const result = await invoke(functionNameOrArn, event);
      settle(true, result);
      return result;
    } catch (error) {
      settle(false);
      throw error;
    }
  };

  const startExecution = cloud.stepFunctions.startExecution.bind(cloud.stepFunctions);
  cloud.stepFunctions.startExecution = async (stateMachineArn, input, name) => {
    const started = await startExecution(stateMachineArn, input, name);
    const orderId = orderIdOf(input);
    if (orderId) {
      executions.set(orderId, started.executionArn);
      executionWaiters.get(orderId)?.(started.executionArn);
    }
    return started;
  };

  const putEvents = cloud.bus.putEvents.bind(cloud.bus);
  cloud.bus.putEvents = async (entries) => {
    touch();
    const result = await putEvents(entries);
    entries.forEach((entry, at) => {
      if (!result.Entries[at]?.ErrorCode) bump(counters.eventsBySource, entry.Source ?? '(none)');
    });
    return result;
  };

  const publish = cloud.topics.publish.bind(cloud.topics);
  cloud.topics.publish = async (topicArnOrName, input) => {
    touch();
    const published = await publish(topicArnOrName, input);
    bump(counters.snsPublishes, topicArnOrName.split(':').at(-1) ?? topicArnOrName);
    return published;
  };

  const api = cloud.api.bind(cloud);
  cloud.api = async (method, path, requestOptions) => {
    touch();
    bump(counters.apiRequests, `${method} ${path.replace(/\/(?:[0-9A-Z]{26}|[0-9a-f-]{36})(?=\/|$)/g, '/{id}').replace(/^\/carrier-webhooks\/[^/]+/, '/carrier-webhooks/{carrier}')}`);
    const response = await api(method, path, requestOptions);
    touch();
    return response;
  };

  const onInvocation = (listener: (invocation: Invocation) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  // The first success per function and order, so a wait that starts late still sees what already happened.
  const succeeded = new Map<string, Invocation>();
  const succeededKey = (functionName: string, orderId: string) => `${functionName} ${orderId}`;
  onInvocation((invocation) => {
    const orderId = orderIdOf(invocation.event);
    if (invocation.ok && orderId && !succeeded.has(succeededKey(invocation.functionName, orderId))) {
      succeeded.set(succeededKey(invocation.functionName, orderId), invocation);
    }
  });

  return {
    cloud,
    orders: orderHarness(cloud),
    counters,
    onInvocation,
    invoked(functionName, orderId, timeoutMs) {
      const already = succeeded.get(succeededKey(functionName, orderId));
      if (already) return Promise.resolve(already);
      let remove = () => false as boolean;
      const seen = new Promise<Invocation>((resolve) => {
        remove = onInvocation((invocation) => {
          if (invocation.ok && invocation.functionName === functionName && orderIdOf(invocation.event) === orderId) resolve(invocation);
        });
      });
      return withTimeout(seen, timeoutMs, `${functionName} for order ${orderId}`).finally(() => remove());
    },
    executionOf(orderId, timeoutMs) {
      const known = executions.get(orderId);
      if (known) return Promise.resolve(known);
      const started = new Promise<string>((resolve) => executionWaiters.set(orderId, resolve));
      return withTimeout(started, timeoutMs, `the execution of order ${orderId}`).finally(() => executionWaiters.delete(orderId));
    },
    idleForMs: () => performance.now() - lastActivity,
    resetCounters() {
      for (const map of Object.values(counters)) (map as Map<string, unknown>).clear();
    },
    stop: () => cloud.stop(),
  };
}

/**
 * Waits until nothing has happened for `quietMs` (the stream poller polls every 100 ms; outbox events,
 * rule targets and SNS deliveries follow a write by a few hops), bounded by `timeoutMs`.
 */
export async function settle(ordersCloud: OrdersCloud, quietMs: number, timeoutMs: number): Promise<void> {
  const giveUpAt = performance.now() + timeoutMs;
  await ordersCloud.cloud.lambda.drain();
  await ordersCloud.cloud.bus.drain();
  while (ordersCloud.idleForMs() < quietMs) {
    if (performance.now() > giveUpAt) throw new Error(`the local cloud did not go quiet for ${quietMs} ms within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(20, quietMs - ordersCloud.idleForMs())));
  }
}

/** p50/p99/max of a list of milliseconds, one decimal. */
export const latencySummary = (ms: readonly number[]) => ({
  p50: round(percentile(ms, 50)),
  p99: round(percentile(ms, 99)),
  max: round(ms.length ? Math.max(...ms) : 0),
});

/** A bench knob from the environment: a positive integer, else the default. */
export const positiveIntFromEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
