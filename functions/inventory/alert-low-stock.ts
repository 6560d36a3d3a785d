import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { planLowStockAlert, type LowSku } from '../../shared/domain/inventory/stock-watch';

/** Marks read per query page; the job reads every page (the low list, not the catalogue). */
const PAGE = 100;
/** Marks stamped at once: a thousand low SKUs are stamped in seconds, well inside the job's minute. */
const STAMPS_AT_ONCE = 10;

/**
 * The low-stock alert job (schedule `inventory-alerts`, every 15 minutes; `npm run invoke -- inventory-alerts`):
 * reads the open low-stock marks from the sparse index (as many reads as low SKUs, never the catalogue),
 * sends ONE consolidated `LowStockAlert` to ops listing the SKUs newly low with their days of cover, records
 * each as alerted (once per episode), and asks for a restock (`RestockRequested`, starting the restock
 * workflow) for each of them with no purchase order open. The alert is written first: a run that dies
 * after it alerts again next time rather than never.
 */
export async function handler(event: { id?: string } = {}): Promise<{ low: number; alerted: number; restocks: number }> {
  const correlationId = event.id ?? `inventory-alerts-${clock.now().toISOString()}`;
  const low: LowSku[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await inventoryRepository.lowStockMarks({ limit: PAGE, exclusiveStartKey });
    const due = page.items.filter((mark) => !mark.alertedAt);
    const stocks = await Promise.all(due.map((mark) => inventoryRepository.getStock(mark.sku)));
    due.forEach((mark, index) => stocks[index] && low.push({ mark, stock: stocks[index] }));
    exclusiveStartKey = page.lastEvaluatedKey;
  } while (exclusiveStartKey);

  const now = clock.now();
  const plan = planLowStockAlert(low, now);
  if (plan.alert) await inventoryRepository.publish(plan.alert, correlationId);
  let restocks = 0;
  for (let start = 0; start < plan.alerted.length; start += STAMPS_AT_ONCE) {
    const outcomes = await Promise.all(
      plan.alerted.slice(start, start + STAMPS_AT_ONCE).map(async ({ mark, restock }) => ({ restock, outcome: await inventoryRepository.markAlerted(mark, now.toISOString(), restock, correlationId) })),
    );
    restocks += outcomes.filter(({ restock, outcome }) => restock && outcome === 'written').length;
  }
  const report = { low: low.length, alerted: plan.alerted.length, restocks };
  logger.info('low-stock alert run', report);
  return report;
}
