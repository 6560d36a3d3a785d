/**
 * Place-order load section (issue 8): what `POST /orders` answers at concurrency 10, 50, 100 and 200 on
 * the local cloud — accepted (201), throttled (429: back-pressure before any work), failed (anything else:
 * 5xx, 503 timeouts, network errors) — with p50/p99 latency per outcome level. Each level sends
 * BENCH_PLACE_REQUESTS (default 200) single-attempt requests, each with its own customer and key, at most
 * `concurrency` in flight. Then every failed request is looked up with `GET /orders?idempotencyKey=`:
 * "failed but written" must be 0 (a failure that left an order behind is the ghost order of issue 8).
 */
import { ulid } from 'ulid';
import { printChecks, printTable } from './format';
import { latencySummary, positiveIntFromEnv, startOrdersCloud } from './orders-cloud';
import { mergeSection } from './results';
import { BERLIN, CARDS } from '../test/workflows/order-harness';

const REQUESTS = positiveIntFromEnv('BENCH_PLACE_REQUESTS', 200);
const LEVELS = [10, 50, 100, 200] as const;

interface Attempt {
  readonly key: string;
  readonly token: string;
  readonly status: number | 'network';
  readonly ms: number;
}

async function runLevel(baseUrl: string, sku: string, tokens: readonly string[], concurrency: number): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  let next = 0;
  const body = JSON.stringify({ lines: [{ sku, quantity: 1 }], shippingAddress: BERLIN, serviceLevel: 'STANDARD', paymentMethod: CARDS.approve });
  const worker = async () => {
    while (next < REQUESTS) {
      const token = tokens[next++ % tokens.length]!;
      const key = `bench-${concurrency}-${ulid()}`;
      const started = performance.now();
      let status: Attempt['status'];
      try {
        const response = await fetch(`${baseUrl}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
          body,
          signal: AbortSignal.timeout(35_000),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 'network';
      }
      attempts.push({ key, token, status, ms: performance.now() - started });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return attempts;
}

export async function runPlaceOrderLoadSection(): Promise<void> {
  const { cloud, orders, stop } = await startOrdersCloud();
  try {
    const baseUrl = cloud.apiUrl.replace('localhost', '127.0.0.1');
    // Stock for every request of every level: this section measures admission, not out-of-stock.
    const sku = await orders.stockedSku(REQUESTS * LEVELS.length);
    const tokens = await Promise.all(Array.from({ length: REQUESTS }, () => orders.customerToken()));
    await orders.placed([{ sku, quantity: 1 }]); // warm-up: loads the place-order worker
    const rows: string[][] = [];
    const results: Record<string, unknown> = {};
    let ghosts = 0;
    for (const concurrency of LEVELS) {
      const attempts = await runLevel(baseUrl, sku, tokens, concurrency);
      const accepted = attempts.filter((attempt) => attempt.status === 201);
      const throttled = attempts.filter((attempt) => attempt.status === 429);
      const failed = attempts.filter((attempt) => attempt.status !== 201 && attempt.status !== 429);
      let failedButWritten = 0;
      for (const attempt of failed) {
        const found = await cloud.api('GET', `/orders?idempotencyKey=${encodeURIComponent(attempt.key)}`, { token: attempt.token });
        if (Array.isArray(found.body?.items) && found.body.items.length > 0) failedButWritten += 1;
      }
      ghosts += failedButWritten;
      const latency = latencySummary(attempts.map((attempt) => attempt.ms));
      const acceptedLatency = latencySummary(accepted.map((attempt) => attempt.ms));
      results[`c${concurrency}`] = { requests: attempts.length, accepted: accepted.length, throttled: throttled.length, failed: failed.length, failedButWritten, latencyMs: latency, acceptedLatencyMs: acceptedLatency };
      rows.push([String(concurrency), String(accepted.length), String(throttled.length), String(failed.length), String(failedButWritten), String(latency.p50), String(latency.p99), String(acceptedLatency.p99)]);
    }
    printTable(['concurrency', 'accepted', 'throttled', 'failed', 'failed but written', 'p50 ms', 'p99 ms', 'p99 accepted ms'], rows);
    printChecks([{ target: 'no request failed but written (ghost orders)', actual: String(ghosts), met: ghosts === 0 }]);
    mergeSection('place-order-load', { requestsPerLevel: REQUESTS, levels: results, failedButWritten: ghosts });
  } finally {
    await stop();
  }
}
