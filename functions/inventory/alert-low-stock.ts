import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import { clock } from '../../shared/adapters/clock';
import { allPages, inBatches } from '../../shared/adapters/table-access';
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
  const marks = (await allPages((page) => inventoryRepository.lowStockMarks(page), PAGE)).filter((mark) => !mark.alertedAt);
  const stocks = await inBatches(marks, (mark) => inventoryRepository.getStock(mark.sku));
  const low: LowSku[] = marks.flatMap((mark, index) => (stocks[index] ? [{ mark, stock: stocks[index] }] : []));

  const now = clock.now();
  const plan = planLowStockAlert(low, now);
  if (plan.alert) await inventoryRepository.publish(plan.alert, correlationId);
  const outcomes = await inBatches(plan.alerted, async ({ mark, restock }) => ({ restock, outcome: await inventoryRepository.markAlerted(mark, now.toISOString(), restock, correlationId) }));
  const restocks = outcomes.filter(({ restock, outcome }) => restock && outcome === 'written').length;
  const report = { low: low.length, alerted: plan.alerted.length, restocks };
  logger.info('low-stock alert run', report);
  return report;
}
