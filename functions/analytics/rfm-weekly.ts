import * as rfmRepository from '../../shared/adapters/analytics-rfm-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { recencyScores, RFM_WEEKS, segmentCounts } from '../../shared/domain/analytics/rfm';
import { addWeeks, isoWeekStart } from '../../shared/domain/suppliers/weekly-activity';

/**
 * The weekly RFM segments (schedule `rfm-weekly`, Mondays 03:30 UTC; `npm run invoke -- rfm-weekly`): the cells of
 * the last 104 weeks of last orders (a key Query a week, whatever the number of customers), scored and counted
 * per segment (rfm.ts), saved for the week with each week's recency score; the nightly KPI card shows the latest,
 * and promotions place a customer in a segment against it. Running it again rewrites the
 * same item.
 */
export async function handler(event: { time?: string } = {}) {
  const weekStart = isoWeekStart(event.time ? new Date(event.time) : clock.now());
  const cells = await rfmRepository.rfmCells(Array.from({ length: RFM_WEEKS }, (_, back) => addWeeks(weekStart, -back)));
  const customers = segmentCounts(cells);
  // The week scores too: a segment's promotion places one customer against them (analytics-customers.ts).
  await rfmRepository.saveSegments({ weekStart, customers, recencyByWeek: recencyScores(cells) });
  logger.info('RFM segments', { weekStart, ...customers });
  return { weekStart, customers };
}
