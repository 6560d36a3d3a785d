import * as countsRepository from '../../shared/adapters/counts-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { classifyAbc, dailyCountList } from '../../shared/domain/inventory/cycle-count';

/** A year of sales classes a SKU. */
const SALES_DAYS = 365;

/**
 * The cycle-count planner (schedule `cycle-count-plan`, daily at 03:00 UTC; `npm run invoke -- cycle-count-plan`):
 * classes the live SKUs (approved suppliers' stock, by key queries) ABC by a year's sales value, and writes
 * the day's count list (`GET /inventory/counts`). Running it again the same day adds nothing already listed.
 */
export async function handler(): Promise<{ date: string; skus: number; listed: number; added: number }> {
  const now = clock.now();
  const date = now.toISOString().slice(0, 10);
  const skus = await countsRepository.liveSkus();
  const classified = classifyAbc(await countsRepository.salesValuesOf(skus, SALES_DAYS, date));
  const classOf = new Map(classified.map((item) => [item.sku, item.abcClass]));
  const list = dailyCountList(classified, date).map((sku) => ({ sku, abcClass: classOf.get(sku)! }));
  const added = await countsRepository.writeCountList(date, list, now);
  await countsRepository.recordPlanRun(date, { skus: skus.length, listed: list.length }, now);
  const report = { date, skus: skus.length, listed: list.length, added };
  logger.info('cycle-count list planned', report);
  return report;
}
