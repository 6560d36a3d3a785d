import * as rfmRepository from '../../shared/adapters/analytics-rfm-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { RFM_WEEKS, segmentCounts } from '../../shared/domain/analytics/rfm';
import { addWeeks, isoWeekStart } from '../../shared/domain/suppliers/weekly-activity';

/**
 * The weekly RFM segments (schedule `rfm-weekly`, Mondays 03:30 UTC; `npm run invoke -- rfm-weekly`): the cells of
 * the last 104 weeks of last orders (a key Query a week, whatever the number of customers), scored and counted
 * per segment (rfm.ts), saved for the week; the nightly KPI card shows the latest. Running it again rewrites the
 * same item.
 */
export async function handler(event: { time?: string } = {}) {
  const weekStart = isoWeekStart(event.time ? new Date(event.time) : clock.now());
  const cells = await rfmRepository.rfmCells(Array.from({ length: RFM_WEEKS }, (_, back) => addWeeks(weekStart, -back)));
  const customers = segmentCounts(cells);
  await rfmRepository.saveSegments({ weekStart, customers });
  logger.info('RFM segments', { weekStart, ...customers });
  return { weekStart, customers };
}
