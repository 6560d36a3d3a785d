/**
 * A customer as analytics knows them: their order history (`CUSTOMER#<id>` / `ANALYTICS`, written with each placed
 * order's counters by analytics-repository.ts) and their RFM segment against the last weekly scoring — what a
 * segment's promotion reads at quote and checkout. Kept apart from analytics-repository.ts so the order functions
 * that read a segment bundle two reads, not analytics' writers.
 */
import { customerSegment, type Segment } from '../domain/analytics/rfm';
import type { CustomerHistory } from '../domain/analytics/orders';
import { isoWeekStart } from '../domain/suppliers/weekly-activity';
import { latestSegments } from './analytics-rfm-repository';
import { logger } from './logger';
import { tableAccess as table } from './table-access';

export const customerHistoryKey = (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'ANALYTICS' });

export const getCustomerHistory = (customerId: string) => table.getItem<CustomerHistory>(customerHistoryKey(customerId));

/** The customer's segment now; undefined for a customer without orders, or before the first weekly scoring. */
export async function segmentOfCustomer(customerId: string, now: Date): Promise<Segment | undefined> {
  const [history, scoring] = await Promise.all([getCustomerHistory(customerId), latestSegments(isoWeekStart(now))]);
  if (!history) return undefined;
  if (!scoring?.recencyByWeek) {
    logger.warn('a segment offer is in play but no weekly scoring places customers yet: run rfm-weekly', { scoredWeek: scoring?.weekStart ?? null });
    return undefined;
  }
  return customerSegment(history, { weekStart: scoring.weekStart, recencyByWeek: scoring.recencyByWeek });
}
