import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { planLowStockAlert, type LowSku } from '../../shared/domain/inventory/stock-watch';

/** Marks read per query page; the job reads every page (the low list, not the catalogue). */
const PAGE = 100;

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
  for (const { mark, restock } of plan.alerted) {
    const outcome = await inventoryRepository.markAlerted(mark, now.toISOString(), restock, correlationId);
    if (outcome === 'written' && restock) restocks += 1;
  }
  const report = { low: low.length, alerted: plan.alerted.length, restocks };
  logger.info('low-stock alert run', report);
  return report;
}
