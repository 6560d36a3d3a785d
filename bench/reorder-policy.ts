/**
 * Reorder-policy section: the nightly reorder policy over a catalogue of live SKUs spread over suppliers, each
 * SKU with four weeks of sales, one in ten with a purchase order open and every supplier with delivered lead
 * times. The job (functions/inventory/recompute-reorder-policy.ts) fans out one ReorderPolicyRequested per live
 * supplier: its cost is per supplier. Each supplier's invocation (recompute-supplier-reorder-policy.ts) reads
 * its stock (GSI2) and lead times once, and per SKU a sales Query, the open order's GetItem and the policy's
 * Update: its cost is per SKU, so the time per SKU says how many SKUs one supplier may have and still finish in
 * one invocation's 15 minutes, and what one function walking all 100,000 would have taken (docs/inventory.md).
 *
 * The job runs in this process against DynamoDB Local (in memory), with its real module and client; a
 * middleware on that client counts each request.
 */
import { withBenchTable, type BenchTable } from './bench-table';
import { printChecks, printTable, round, type TargetCheck } from './format';
import { mergeSection } from './results';

const TARGETS = {
  /** One supplier's invocation holds at least this many SKUs in its 15 minutes (at the measured time per SKU). */
  skusPerInvocation: 10_000,
  /** Requests per SKU: a sales Query, the policy's Update, a GetItem for the one in ten with an order open, and the walk's share. */
  requestsPerSku: 2.3,
  /** The fan-out itself: milliseconds per supplier (its outbox event). */
  fanOutMsPerSupplier: 50,
} as const;
const SKUS_PER_SUPPLIER = 250;
const SALES_DAYS = 28;
const DAY_MS = 86_400_000;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);
/** Two decimals. */
const hundredths = (value: number): number => Math.round(value * 100) / 100;

interface Run {
  readonly skus: number;
  readonly suppliers: number;
  /** The job: one event per supplier. */
  readonly fanOutMs: number;
  /** The suppliers' invocations, one after the other here (side by side in AWS). */
  readonly ms: number;
  readonly slowestSupplierMs: number;
  readonly msPerSku: number;
  readonly requests: number;
  readonly requestsPerSku: number;
  /** What one function walking 100,000 SKUs at this time per SKU would take (the walk before the fan-out). */
  readonly minutesFor100kInOneFunction: number;
  readonly skusPerInvocation: number;
}

export async function runReorderPolicySection(): Promise<void> {
  await withBenchTable('policy', async (table) => {
    const { documentClient } = await import('../shared/adapters/dynamo');
    let requests = 0;
    documentClient.middlewareStack.add(((next: (args: unknown) => Promise<unknown>) => (args: unknown) => ((requests += 1), next(args))) as never, { step: 'initialize', name: 'benchRequestCounter' });
    const { handler: fanOut } = await import('../functions/inventory/recompute-reorder-policy');
    const { handler: perSupplier } = await import('../functions/inventory/recompute-supplier-reorder-policy');
    const seed = seeder(table);

    const runs: Run[] = [];
    for (const skus of [1_000, 4_000]) {
      console.log(`Seeding ${skus.toLocaleString('en')} live SKUs (${SKUS_PER_SUPPLIER} per supplier), ${SALES_DAYS} days of sales each…`);
      await seed.catalogue(runs.at(-1)?.skus ?? 0, skus);
      const started = performance.now();
      const fanned = await fanOut({});
      const fanOutMs = performance.now() - started;
      if (!('suppliers' in fanned) || fanned.suppliers !== skus / SKUS_PER_SUPPLIER) throw new Error(`expected ${skus / SKUS_PER_SUPPLIER} suppliers requested, the job reported ${JSON.stringify(fanned)}`);
      requests = 0;
      let ms = 0;
      let slowestSupplierMs = 0;
      let done = 0;
      for (const supplier of range(0, skus / SKUS_PER_SUPPLIER)) {
        const begun = performance.now();
        const report = await perSupplier({ detail: { supplierId: seed.supplierId(supplier * SKUS_PER_SUPPLIER), runId: 'bench' } });
        const took = performance.now() - begun;
        if (report.failed !== 0) throw new Error(`a supplier's SKUs failed: ${JSON.stringify(report)}`);
        done += report.skus;
        ms += took;
        slowestSupplierMs = Math.max(slowestSupplierMs, took);
      }
      if (done !== skus) throw new Error(`expected ${skus} SKUs recomputed, the suppliers' invocations did ${done}`);
      const msPerSku = ms / skus;
      runs.push({
        skus,
        suppliers: skus / SKUS_PER_SUPPLIER,
        fanOutMs: round(fanOutMs),
        ms: round(ms),
        slowestSupplierMs: round(slowestSupplierMs),
        msPerSku: hundredths(msPerSku),
        requests,
        requestsPerSku: hundredths(requests / skus),
        minutesFor100kInOneFunction: hundredths((msPerSku * 100_000) / 60_000),
        skusPerInvocation: Math.floor(900_000 / msPerSku),
      });
    }

    printTable(
      ['SKUs', 'suppliers', 'fan-out ms', 'suppliers\' ms', 'slowest supplier ms', 'ms per SKU', 'requests per SKU', 'SKUs per 15-min invocation', 'one function, 100,000 SKUs (min)'],
      runs.map((run) => [run.skus, run.suppliers, run.fanOutMs, run.ms, run.slowestSupplierMs, run.msPerSku, run.requestsPerSku, run.skusPerInvocation, run.minutesFor100kInOneFunction].map(String)),
    );
    // The largest run's: the first pays the module's and client's first calls.
    const largest = runs.at(-1)!;
    const fanOutPerSupplier = largest.fanOutMs / largest.suppliers;
    const checks: TargetCheck[] = [
      { target: `one supplier's invocation holds ≥ ${TARGETS.skusPerInvocation.toLocaleString('en')} SKUs in 15 minutes`, actual: String(Math.min(...runs.map((run) => run.skusPerInvocation))), met: runs.every((run) => run.skusPerInvocation >= TARGETS.skusPerInvocation) },
      { target: `≤ ${TARGETS.requestsPerSku} requests per SKU`, actual: String(Math.max(...runs.map((run) => run.requestsPerSku))), met: runs.every((run) => run.requestsPerSku <= TARGETS.requestsPerSku) },
      { target: `the fan-out: ≤ ${TARGETS.fanOutMsPerSupplier} ms per supplier (${largest.suppliers} suppliers)`, actual: hundredths(fanOutPerSupplier).toFixed(2), met: fanOutPerSupplier <= TARGETS.fanOutMsPerSupplier },
    ];
    printChecks(checks);
    mergeSection('reorderPolicy', { runs, skusPerSupplier: SKUS_PER_SUPPLIER, salesDays: SALES_DAYS, targets: TARGETS, checks });
  });
}

/** Approved suppliers with their delivered lead times, their SKUs' stock records and daily sales, and an open order for one SKU in ten. */
function seeder({ writeAll }: BenchTable) {
  const now = Date.now();
  const day = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
  const sku = (n: number) => `POLICY-${String(n).padStart(6, '0')}`;
  const supplierId = (n: number) => `01JBENCHSVPP11ER${String(Math.floor(n / SKUS_PER_SUPPLIER)).padStart(10, '0')}`;
  const purchaseOrderId = (n: number) => `01JBENCHP0${String(n).padStart(16, '0')}`;
  const terms = { paymentTermsDays: 30, leadTimeDays: 21, minimumOrderQuantity: 100, qualityStandard: 'AQL 2.5', returnPolicy: { returnWindowDays: 30, defectHandling: 'REPLACE' } };
  const supplier = (n: number) => {
    const id = supplierId(n);
    return [
      { pk: `SUPPLIER#${id}`, sk: 'PROFILE', entity: 'Supplier', gsi1pk: 'SUPPLIERS#APPROVED', gsi1sk: `bench ${id}#${id}`, supplierId: id, name: `Bench ${id}`, status: 'APPROVED', terms },
      ...[24, 23, 25, 22, 26].map((days, index) => ({ pk: `SUPPLIER_LEAD_TIMES#${id}`, sk: `${day(100 - index)}#LT${index}`, entity: 'LeadTimeObservation', supplierId: id, days, promisedDays: 21 })),
    ];
  };
  const stock = (n: number) => {
    const open = n % 10 === 0;
    return [
      {
        pk: `SKU#${sku(n)}`, sk: 'STOCK', entity: 'StockLevel', gsi2pk: `SUPPLIER_STOCK#${supplierId(n)}`, gsi2sk: sku(n), sku: sku(n), productId: '01JBENCH0PR0DVCT0000000000', supplierId: supplierId(n),
        onHand: 40, reserved: 0, available: 40, safetyStock: 10, reorderPoint: 10, createdAt: day(365), updatedAt: day(0), ...(open ? { openPurchaseOrderId: purchaseOrderId(n) } : {}),
      },
      ...(open
        ? [{ pk: `PURCHASE_ORDER#${purchaseOrderId(n)}`, sk: 'PURCHASE_ORDER', entity: 'PurchaseOrder', purchaseOrderId: purchaseOrderId(n), supplierId: supplierId(n), status: 'SENT', lines: [{ sku: sku(n), quantityOrdered: 100, quantityAccepted: 0, quantityRejected: 0, unitCost: { amount: 100, currency: 'EUR' } }] }]
        : []),
      ...range(1, SALES_DAYS + 1).map((daysAgo) => ({ pk: `SKU#${sku(n)}`, sk: `SALES#${day(daysAgo).slice(0, 10)}`, entity: 'DailySales', sku: sku(n), day: day(daysAgo).slice(0, 10), units: (n + daysAgo) % 5, valueMinor: ((n + daysAgo) % 5) * 999 })),
    ];
  };
  return {
    supplierId,
    /** SKUs `from` up to `to` (whole suppliers), with what they need. */
    catalogue: (from: number, to: number) =>
      writeAll([...range(from / SKUS_PER_SUPPLIER, to / SKUS_PER_SUPPLIER).flatMap((s) => supplier(s * SKUS_PER_SUPPLIER)), ...range(from, to).flatMap(stock)]),
  };
}
