/**
 * Orders-throughput section: how many orders per second the order-to-ship saga takes from `POST /orders`
 * to SHIPPED on the local cloud with the warehouse packing automatically, and the client-side latency of
 * `POST /orders`.
 *
 * A fresh local cloud in this process (seeded, DynamoDB Local in memory, the workflows' real Retry
 * backoff as `npm start` has it), one SKU stocked for every order, one warm-up order through to SHIPPED
 * (untimed: it loads the workers on the path), then BENCH_ORDERS orders (default 100) of one unit each,
 * placed over HTTP by as many customers with at most BENCH_ORDERS_CONCURRENCY (default 20) in flight.
 * The warehouse is a listener on the AwaitPacking step's function: the moment it has stored its task
 * token, `POST /orders/{id}/packed`. An order is shipped when MarkShipped succeeded for it (checked
 * against the stored orders at the end). Throughput = shipped orders / (last SHIPPED − first POST).
 * All orders want the same SKU, so reservations contend: ReserveStock invocations per order show it.
 * CPU per order: CPU seconds of this process and its children (DynamoDB Local) over the timed run, per
 * order placed — what the local cloud itself costs, the bench's HTTP client included.
 */
import { availableParallelism } from 'node:os';
import { ulid } from 'ulid';
import { hasSupportedJava } from '../infra/local/dynamodb/server';
import { printTable, round } from './format';
import { latencySummary, ORDER_FUNCTIONS, positiveIntFromEnv, startOrdersCloud, type OrdersCloud } from './orders-cloud';
import { readCpu, type CpuReading } from './process-tree';
import { mergeSection } from './results';

const ORDERS = positiveIntFromEnv('BENCH_ORDERS', 100);
const CONCURRENCY = positiveIntFromEnv('BENCH_ORDERS_CONCURRENCY', 20);
/** The whole timed run (placing and shipping) gives up after this; what shipped by then is reported. */
const RUN_TIMEOUT_MS = Math.min(15 * 60_000, 120_000 + ORDERS * 2_000);
const WARM_UP_TIMEOUT_MS = 120_000;
const PACK_ATTEMPTS = 3;
/** Back-pressure refusals (429/503) of `POST /orders/{id}/packed` are waited out this many times. */
const PACK_RETRIES_WHEN_REFUSED = 60;

interface SagaProgress {
  /** performance.now() when MarkShipped succeeded, by order id. */
  readonly shippedAt: Map<string, number>;
  /** Orders the saga ended otherwise (RejectOrder / MarkOrderFailed), by order id. */
  readonly ended: Map<string, string>;
  readonly packFailures: string[];
  packed: number;
}

/** Issue 10: the local cloud's own CPU per order at concurrency 20 on 2 cores. */
const CPU_SECONDS_PER_ORDER_TARGET = 0.3;

const twoDecimals = (value: number) => Math.round(value * 100) / 100;
const threeDecimals = (value: number) => Math.round(value * 1000) / 1000;

const cpuPerOrder = (before: CpuReading, after: CpuReading, orders: number) => {
  if (orders === 0) return undefined;
  const node = (after.self - before.self) / orders;
  const dynamodbLocal = (after.children - before.children) / orders;
  return { total: threeDecimals(node + dynamodbLocal), node: threeDecimals(node), dynamodbLocal: threeDecimals(dynamodbLocal) };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Answer = { readonly status: number; readonly headers: Headers; readonly text: string };
const isRetryable = (response: Answer): boolean =>
  response.status === 429 || response.status === 503 || (response.status === 409 && response.text.includes('RequestInProgress'));
const retryDelayMs = (response: Answer): number => {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 250;
};

const waitUntil = async (condition: () => boolean, deadline: number): Promise<boolean> => {
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
};

/** The warehouse and the scoreboard: packs every order as soon as it awaits packing, notes how each saga went. */
const watchSagas = (ordersCloud: OrdersCloud): SagaProgress => {
  const progress: SagaProgress = { shippedAt: new Map(), ended: new Map(), packFailures: [], packed: 0 };
  const pack = async (orderId: string) => {
    for (let attempt = 1; ; attempt++) {
      const response = await ordersCloud.orders.pack(orderId).catch((error: unknown) => ({ status: 0, text: String(error) }));
      if (response.status === 202) {
        progress.packed += 1;
        return;
      }
      if (isRetryable(response as Answer) && attempt < PACK_RETRIES_WHEN_REFUSED) {
        await sleep(retryDelayMs(response as Answer));
        continue;
      }
      if (attempt >= PACK_ATTEMPTS) {
        progress.packFailures.push(`${orderId}: ${response.status} ${response.text.slice(0, 160)}`);
        return;
      }
      await sleep(100 * attempt);
    }
  };
  ordersCloud.onInvocation(({ functionName, event, ok, result }) => {
    if (!ok) return;
    const orderId = (event as { orderId?: string }).orderId;
    if (!orderId) return;
    if (functionName === ORDER_FUNCTIONS.requestPacking && (result as { waiting?: boolean } | null)?.waiting) void pack(orderId);
    else if (functionName === ORDER_FUNCTIONS.markShipped && !progress.shippedAt.has(orderId)) progress.shippedAt.set(orderId, performance.now());
    else if (functionName === ORDER_FUNCTIONS.markOrderFailed) progress.ended.set(orderId, functionName);
  });
  return progress;
};

export async function runOrdersThroughputSection(): Promise<void> {
  if (!(await hasSupportedJava())) {
    console.log('Skipped: no Java 17+ on PATH (DynamoDB Local needs it).');
    mergeSection('orders-throughput', { skipped: 'no java 17+ on PATH' });
    return;
  }
  console.log(
    `Local cloud in process on ${availableParallelism()} CPUs; ${ORDERS} orders (BENCH_ORDERS), ${CONCURRENCY} in flight (BENCH_ORDERS_CONCURRENCY), packed automatically…\n`,
  );
  const ordersCloud = await startOrdersCloud();
  try {
    const { orders } = ordersCloud;
    const progress = watchSagas(ordersCloud);
    const sku = await orders.stockedSku((ORDERS + 1) * 2);

    const warmUp = await orders.placed([{ sku, quantity: 1 }]);
    if (!(await waitUntil(() => progress.shippedAt.has(warmUp) || progress.ended.has(warmUp), performance.now() + WARM_UP_TIMEOUT_MS))) {
      throw new Error(`the warm-up order ${warmUp} did not ship within ${WARM_UP_TIMEOUT_MS / 1000} s`);
    }
    if (!progress.shippedAt.has(warmUp)) throw new Error(`the warm-up order ${warmUp} ended in ${progress.ended.get(warmUp)}`);

    // One customer per order, tokens signed before the clock starts.
    const tokens = await Promise.all(Array.from({ length: ORDERS }, () => orders.customerToken()));
    ordersCloud.resetCounters();
    progress.packFailures.length = 0;
    progress.packed = 0;

    const placedAt = new Map<string, number>();
    const postMs: number[] = [];
    const postFailures: string[] = [];
    let next = 0;
    const cpuBefore = readCpu();
    const firstPostAt = performance.now();
    const deadline = firstPostAt + RUN_TIMEOUT_MS;
    let retries = 0;
    // A customer as the racing test's: refused with 429/503 (back-pressure) or 409 RequestInProgress, it waits
    // (Retry-After, else a moment) and sends the same request with the same Idempotency-Key again.
    const customer = async () => {
      for (let index = next++; index < ORDERS && performance.now() < deadline; index = next++) {
        const sentAt = performance.now();
        const key = ulid();
        let response = await orders.place([{ sku, quantity: 1 }], { token: tokens[index], key });
        while (isRetryable(response) && performance.now() < deadline) {
          retries += 1;
          await sleep(retryDelayMs(response));
          response = await orders.place([{ sku, quantity: 1 }], { token: tokens[index], key });
        }
        postMs.push(performance.now() - sentAt);
        if (response.status === 201) placedAt.set(response.body.orderId as string, sentAt);
        else postFailures.push(`${response.status} ${response.text.slice(0, 160)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, customer));
    const placed = [...placedAt.keys()];
    const done = (orderId: string) => progress.shippedAt.has(orderId) || progress.ended.has(orderId);
    const complete = await waitUntil(() => placed.every(done), deadline);
    const cpuAfter = readCpu();

    const shipped = placed.filter((orderId) => progress.shippedAt.has(orderId));
    const stored = await Promise.all(shipped.map((orderId) => orders.readOrder(orderId)));
    const storedShipped = stored.filter((row) => row?.status === 'SHIPPED').length;
    const lastShippedAt = Math.max(firstPostAt, ...shipped.map((orderId) => progress.shippedAt.get(orderId)!));
    const wallSeconds = (lastShippedAt - firstPostAt) / 1000;
    const ordersPerSecond = wallSeconds > 0 ? shipped.length / wallSeconds : 0;
    const placeToShippedMs = shipped.map((orderId) => progress.shippedAt.get(orderId)! - placedAt.get(orderId)!);
    const post = latencySummary(postMs);
    const placeToShipped = latencySummary(placeToShippedMs);
    const rejected = placed.filter((orderId) => progress.ended.has(orderId)).length;
    // What the local cloud itself burns per order: this process (gateway, endpoint, Step Functions, bus,
    // stream poller, function workers) plus its children (DynamoDB Local's JVM). The bench's own client
    // (HTTP requests, tokens signed beforehand) runs in this process too and is counted with it.
    const cpu = cpuPerOrder(cpuBefore, cpuAfter, placed.length);

    printTable(
      ['metric', 'value'],
      [
        ['orders placed (201) / requested', `${placed.length} / ${ORDERS}${postFailures.length ? ` (${postFailures.length} refused)` : ''}`],
        ['in flight (max)', `${CONCURRENCY}`],
        ['shipped (stored SHIPPED)', `${shipped.length} (${storedShipped})${rejected ? `, ${rejected} rejected/failed` : ''}${complete ? '' : ', run TIMED OUT'}`],
        ['first POST → last SHIPPED', `${wallSeconds.toFixed(2)} s`],
        ['throughput', `${ordersPerSecond.toFixed(2)} orders/s`],
        ['POST /orders latency p50 / p99 / max (retries included)', `${post.p50} / ${post.p99} / ${post.max} ms`],
        ['POST /orders retries (429/503/409 in progress)', `${retries}`],
        ['POST → SHIPPED per order p50 / p99', `${round(placeToShipped.p50 / 1000)} / ${round(placeToShipped.p99 / 1000)} s`],
        ['packed / pack failures', `${progress.packed} / ${progress.packFailures.length}`],
        [
          `CPU per order (target ≤ ${CPU_SECONDS_PER_ORDER_TARGET})`,
          cpu ? `${cpu.total} s (node ${cpu.node} + DynamoDB Local ${cpu.dynamodbLocal}) — ${cpu.total <= CPU_SECONDS_PER_ORDER_TARGET ? 'met' : 'missed'}` : '-',
        ],
      ],
    );
    for (const failure of [...postFailures, ...progress.packFailures].slice(0, 5)) console.log(`  ! ${failure}`);

    mergeSection('orders-throughput', {
      node: process.version,
      cpus: availableParallelism(),
      orders: ORDERS,
      concurrency: CONCURRENCY,
      setup: 'in-process local cloud, DynamoDB Local in memory, real Retry backoff, one SKU, one unit per order, one warm-up order first',
      complete,
      placed: placed.length,
      refused: postFailures.length,
      postRetries: retries,
      shipped: shipped.length,
      storedShipped,
      rejectedOrFailed: rejected,
      wallSeconds: twoDecimals(wallSeconds),
      ordersPerSecond: twoDecimals(ordersPerSecond),
      postOrdersMs: post,
      placeToShippedMs: placeToShipped,
      cpuSecondsPerOrder: cpu ? { ...cpu, target: CPU_SECONDS_PER_ORDER_TARGET, met: cpu.total <= CPU_SECONDS_PER_ORDER_TARGET } : null,
      packFailures: progress.packFailures.length,
      failures: [...postFailures, ...progress.packFailures].slice(0, 10),
    });
    if (!complete) throw new Error(`${placed.length - shipped.length - rejected} of ${placed.length} orders had not shipped within ${RUN_TIMEOUT_MS / 1000} s`);
  } finally {
    await ordersCloud.stop();
  }
}
