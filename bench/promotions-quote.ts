/**
 * Promotions on the quote: the cart's catalogue and promotions loaded as `POST /orders/quote` does
 * (functions/orders/quote.ts, real modules against DynamoDB Local in memory) with 0, 10 and 100 live
 * promotions that cannot apply (they target other SKUs, products and categories), and with 10 that do.
 * Promotions are found by what they target, so the reads and the time must not grow with the ones that
 * cannot apply: the 100 / 0 ratio is the proof. A middleware on the shared document client counts the
 * requests it sends (GetItem and Query).
 */
import { withBenchTable, type BenchTable } from './bench-table';
import { median, printChecks, printTable, round, type TargetCheck } from './format';
import { mergeSection } from './results';

const TARGETS = {
  /** 100 promotions that cannot apply vs none: at most this much slower (median of the runs). */
  timeRatio: 1.5,
} as const;
const RUNS = 30;
const PRODUCT_ID = '01JBENCHPR0M0PR0DVCT000000';
const SKU = 'BENCH-PROMO-MUG';

interface Run {
  readonly live: string;
  readonly medianMs: number;
  readonly readsPerQuote: number;
  readonly applied: number;
}

export async function runPromotionsQuoteSection(): Promise<void> {
  await withBenchTable('promotions', async (table) => {
    const { documentClient } = await import('../shared/adapters/dynamo');
    const reads = countReads(documentClient);
    const { loadCatalogue } = await import('../functions/orders/quote');
    const { priceCart } = await import('../shared/domain/orders/pricing');
    await seedCatalogue(table);
    const lines = [{ sku: SKU, quantity: 3 }];
    const measure = async (live: string): Promise<Run> => {
      const times: number[] = [];
      let applied = 0;
      reads.reset();
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const catalogue = await loadCatalogue(lines, { groups: [], couponCodes: [] }, new Date());
        applied = priceCart(lines, [...catalogue.skus.values()], catalogue.promotions).promotions?.applied.length ?? 0;
        times.push(performance.now() - started);
      }
      return { live, medianMs: round(median(times)), readsPerQuote: reads.count() / RUNS, applied };
    };
    await measure('warm-up');
    const runs = [await measure('0')];
    await seedPromotions(table, 0, 10, false);
    runs.push(await measure('10 that cannot apply'));
    await seedPromotions(table, 10, 100, false);
    runs.push(await measure('100 that cannot apply'));
    await seedPromotions(table, 100, 110, true);
    runs.push(await measure('100 that cannot apply + 10 that do'));

    printTable(['live promotions', 'median ms per quote', 'reads per quote', 'applied'], runs.map((run) => [run.live, String(run.medianMs), String(run.readsPerQuote), String(run.applied)]));
    const [none, , hundred] = runs as [Run, Run, Run, Run];
    const ratio = hundred.medianMs / none.medianMs;
    const checks: TargetCheck[] = [
      { target: 'reads per quote do not grow with promotions that cannot apply', actual: `${none.readsPerQuote} → ${hundred.readsPerQuote}`, met: hundred.readsPerQuote === none.readsPerQuote },
      { target: `100 that cannot apply: ≤ ${TARGETS.timeRatio}× the time of none`, actual: `${ratio.toFixed(2)}×`, met: ratio <= TARGETS.timeRatio },
    ];
    printChecks(checks);
    mergeSection('promotionsQuote', { runs, timeRatio: round(ratio * 100) / 100, targets: TARGETS, checks });
  });
}

async function seedCatalogue({ writeAll }: BenchTable): Promise<void> {
  const now = new Date().toISOString();
  const sku = { sku: SKU, options: {}, barcode: '4006381333931', unitPrice: { amount: 2000, currency: 'EUR' }, unitCost: { amount: 800, currency: 'EUR' }, weightGrams: 400, dimensions: { lengthMm: 120, widthMm: 120, heightMm: 100 }, packSize: 1 };
  await writeAll([
    { pk: `SKU#${SKU}`, sk: 'STOCK', entity: 'StockLevel', sku: SKU, productId: PRODUCT_ID, supplierId: '01JDEM0SVPP11ER00000000001', onHand: 40, reserved: 0, available: 40, createdAt: now, updatedAt: now },
    { pk: `PRODUCT#${PRODUCT_ID}`, sk: 'PRODUCT', entity: 'Product', productId: PRODUCT_ID, supplierId: '01JDEM0SVPP11ER00000000001', categoryId: 'kitchen', status: 'ACTIVE', live: { skus: [sku] }, createdAt: now, updatedAt: now },
  ]);
}

/** Promotions `from`..`to`, with their target entries as the repository writes them: on the bench SKU, or on other things. */
async function seedPromotions({ writeAll }: BenchTable, from: number, to: number, applies: boolean): Promise<void> {
  const items = Array.from({ length: to - from }, (_, index) => {
    const n = from + index;
    const promotionId = `01JBENCHPR0M0T10N${String(n).padStart(9, '0')}`;
    const key = applies ? `SKU#${SKU}` : [`SKU#OTHER-${n}`, `PRODUCT#OTHER${n}`, `CATEGORY#other-${n}`][n % 3]!;
    const promotion = {
      promotionId, name: `Bench ${n}`, currency: 'EUR', priority: 0, exclusive: false, couponRequired: false, limits: {}, timeZone: 'Europe/Berlin', status: 'ACTIVE',
      benefit: { type: 'PERCENT_OFF', percent: 1, target: { kind: key.split('#')[0], ids: [key.split('#')[1]] } },
      startsAt: '2020-01-01T00:00:00.000Z', endsAt: '2099-01-01T00:00:00.000Z', createdAt: '2020-01-01T00:00:00.000Z', createdBy: 'bench', updatedAt: '2020-01-01T00:00:00.000Z', version: 1,
    };
    return { pk: `PROMOTION_TARGET#${key}`, sk: `${promotion.endsAt}#${promotionId}`, entity: 'PromotionTarget', ...promotion };
  });
  await writeAll(items);
}

function countReads(client: { middlewareStack: { add: (middleware: never, options: object) => void } }) {
  let reads = 0;
  const names = new Set(['GetCommand', 'QueryCommand', 'BatchGetCommand']);
  const middleware = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
    if (names.has(context.commandName ?? '')) reads += 1;
    return next(args);
  };
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'benchPromotionReads' });
  return { reset: () => (reads = 0), count: () => reads };
}
