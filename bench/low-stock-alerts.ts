/**
 * Low-stock alerts section: the inventory-alerts job (functions/inventory/alert-low-stock.ts) over a
 * catalogue of 10,000 and 100,000 SKUs with 1 % of them low, and over 100,000 with as few low as the small
 * catalogue had. It reads the sparse `STOCK_LOW` marks, never the catalogue, so its reads and time follow
 * the low count: the ratio of the two runs with the same low count (100,000 vs 10,000 SKUs) is the proof.
 *
 * The job runs in this process against DynamoDB Local (in memory), with its real module and client; a
 * middleware on that client counts each request and the read units DynamoDB reports.
 */
import { withBenchTable, type BenchTable } from './bench-table';
import { printChecks, printTable, round, type TargetCheck } from './format';
import { mergeSection } from './results';

const TARGETS = {
  /** Same low count, ten times the catalogue: the job may take at most this much longer. */
  catalogueRatio: 1.5,
  /** Read requests per low SKU (a GetItem each, plus a Query page per 100 marks). */
  readsPerLowSku: 1.1,
} as const;

interface Run {
  readonly skus: number;
  readonly low: number;
  readonly ms: number;
  readonly readRequests: number;
  readonly readUnits: number;
  readonly writeRequests: number;
  readonly report: { low: number; alerted: number; restocks: number };
}

export async function runLowStockAlertsSection(): Promise<void> {
  await withBenchTable('alerts', async (table) => {
    const { documentClient } = await import('../shared/adapters/dynamo');
    const counts = countRequests(documentClient);
    const { handler } = await import('../functions/inventory/alert-low-stock');
    const seed = seeder(table);

    console.log('Seeding 10,000 stock records, 100 of them low…');
    await seed.stock(0, 10_000);
    await seed.marks(0, 100);
    const runs: Run[] = [await measure(handler, counts, 10_000, 100)];

    console.log('Growing the catalogue to 100,000 stock records, 100 newly low…');
    await seed.stock(10_000, 100_000);
    await seed.marks(10_000, 10_100);
    runs.push(await measure(handler, counts, 100_000, 100));

    console.log('… and 900 more low (1,000: 1 %)…\n');
    await seed.marks(20_000, 20_900);
    runs.push(await measure(handler, counts, 100_000, 1_000, 900));

    printTable(
      ['SKUs', 'low', 'alerted this run', 'ms', 'read requests', 'read units', 'write requests'],
      runs.map((run) => [String(run.skus), String(run.low), String(run.report.alerted), String(round(run.ms)), String(run.readRequests), String(round(run.readUnits)), String(run.writeRequests)]),
    );
    const [small, sameLow, onePercent] = runs as [Run, Run, Run];
    const ratio = sameLow.ms / small.ms;
    const readsPerLow = Math.max(...runs.map((run) => run.readRequests / run.report.alerted));
    console.log(`\n100 low: 100,000 SKUs / 10,000 SKUs = ${ratio.toFixed(2)}× the time, ${sameLow.readRequests} vs ${small.readRequests} reads (the catalogue is never read); 1,000 low: ${onePercent.ms.toFixed(0)} ms.`);
    const checks: TargetCheck[] = [
      { target: `same low count, 10× the catalogue: ≤ ${TARGETS.catalogueRatio}× the time`, actual: `${ratio.toFixed(2)}×`, met: ratio <= TARGETS.catalogueRatio },
      { target: `≤ ${TARGETS.readsPerLowSku} read requests per low SKU alerted`, actual: readsPerLow.toFixed(2), met: readsPerLow <= TARGETS.readsPerLowSku },
    ];
    printChecks(checks);
    mergeSection('lowStockAlerts', { runs, catalogueRatio: round(ratio * 100) / 100, readsPerLowSku: round(readsPerLow * 100) / 100, targets: TARGETS, checks });
  });
}

type Handler = (event?: { id?: string }) => Promise<Run['report']>;

async function measure(handler: Handler, counts: RequestCounts, skus: number, low: number, newlyLow = low): Promise<Run> {
  counts.reset();
  const started = performance.now();
  const report = await handler({ id: `bench-${skus}-${low}` });
  const ms = performance.now() - started;
  if (report.alerted !== newlyLow) throw new Error(`expected ${newlyLow} SKUs alerted, the job alerted ${report.alerted}`);
  return { skus, low, ms, report, ...counts.snapshot() };
}

export interface RequestCounts {
  reset(): void;
  snapshot(): { readRequests: number; readUnits: number; writeRequests: number };
}

/** Counts the job's requests on its own client, and the read units DynamoDB reports for them. */
export function countRequests(client: { middlewareStack: { add: (middleware: never, options: object) => void } }): RequestCounts {
  let tally = { readRequests: 0, readUnits: 0, writeRequests: 0 };
  const reads = new Set(['GetCommand', 'QueryCommand', 'GetItemCommand', 'QueryCommand', 'BatchGetCommand', 'ScanCommand']);
  const middleware = (next: (args: { input: Record<string, unknown> }) => Promise<{ output: { ConsumedCapacity?: { CapacityUnits?: number } } }>, context: { commandName?: string }) =>
    async (args: { input: Record<string, unknown> }) => {
      const read = reads.has(context.commandName ?? '');
      if (read) args.input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      if (read) {
        tally.readRequests += 1;
        tally.readUnits += result.output.ConsumedCapacity?.CapacityUnits ?? 0;
      } else tally.writeRequests += 1;
      return result;
    };
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'benchRequestCounter' });
  return {
    reset: () => (tally = { readRequests: 0, readUnits: 0, writeRequests: 0 }),
    snapshot: () => ({ ...tally }),
  };
}

/** Stock records `SKU-<n>` and, for some, an open low-stock mark (as the stock watcher writes them). */
function seeder({ writeAll }: BenchTable) {
  const sku = (n: number) => `BENCH-${String(n).padStart(6, '0')}`;
  const now = new Date().toISOString();
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);
  return {
    stock: (from: number, to: number) =>
      writeAll(
        range(from, to).map((n) => ({
          pk: `SKU#${sku(n)}`, sk: 'STOCK', entity: 'StockLevel', sku: sku(n), productId: '01JBENCH0PR0DVCT0000000000', supplierId: '01JDEM0SVPP11ER00000000001',
          onHand: 40, reserved: 0, available: 40, safetyStock: 10, reorderPoint: 10, createdAt: now, updatedAt: now,
        })),
      ),
    marks: (from: number, to: number) =>
      writeAll(
        range(from, to).map((n) => ({
          pk: `SKU#${sku(n)}`, sk: 'LOW_STOCK', entity: 'LowStockMark', gsi3pk: 'STOCK_LOW', gsi3sk: `${now}#${sku(n)}`,
          sku: sku(n), openedAt: now, availableAtOpening: 5, reorderPoint: 10,
        })),
      ),
  };
}
