import * as z from '../../shared/contracts/z';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { logger } from '../../shared/adapters/logger';
import { taskHandler } from '../../shared/tasks/task-handler';
import { refundCounters, returnedCounters } from '../../shared/domain/analytics/orders';
import { storeDay } from '../../shared/domain/analytics/storefront-events';
import { untilSettled } from './retry';
import { settings } from './settings';

/** The return events as EventBridge delivers them (the fields this consumer reads). */
const returnEvent = z.object({
  'detail-type': z.enum(['ReturnReceived', 'ReturnRefunded']),
  detail: z.object({
    eventId: z.string(),
    returnId: z.string(),
    occurredAt: z.string(),
    received: z.optional(z.array(z.object({ sku: z.string(), quantity: z.int() }))),
    refund: z.optional(z.object({ amount: z.int(), currency: z.string() })),
  }),
});

/**
 * The analytics recorder of returns (rule on `ReturnReceived`, `ReturnRefunded`): the units that came back (in
 * total and per SKU) on the store day they arrived, the refunds on the day they were paid — once per event id.
 * The card's return rate and refunds, and the supplier-quality insight, read them.
 */
export const handler = taskHandler(returnEvent, async function recordReturnEvent(event) {
  const { eventId, returnId, occurredAt, received, refund } = event.detail;
  const day = storeDay(occurredAt, settings.timeZone);
  const counters = event['detail-type'] === 'ReturnReceived' ? returnedCounters(day, received ?? []) : refundCounters(day, refund?.amount ?? 0);
  const outcome = counters.length === 0 ? 'nothing-to-count' : await untilSettled(`return ${returnId}`, () => analyticsRepository.recordBusEvent(eventId, counters, undefined, settings.counterShards));
  logger.info('return event counted', { type: event['detail-type'], returnId, day, outcome });
  return { outcome };
});
