import * as z from '../../shared/contracts/z';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { logger } from '../../shared/adapters/logger';
import { taskHandler } from '../../shared/tasks/task-handler';

/** `ProductListed` as EventBridge delivers it (the fields this consumer reads). */
const catalogEvent = z.object({
  'detail-type': z.literal('ProductListed'),
  detail: z.object({ productId: z.string(), skus: z.array(z.object({ sku: z.string() })) }),
});

/**
 * The live-SKU count (rule on `ProductListed`): each SKU counted once, the first time one of its product's revisions
 * goes live, whatever the redeliveries and later revisions; the nightly card's SKU activity rate reads it. The
 * catalog has no event for a retired product yet, so the count never goes down (docs/analytics.md, "Seams").
 */
export const handler = taskHandler(catalogEvent, async function recordCatalogEvent(event) {
  const outcomes = [];
  for (const { sku } of event.detail.skus) outcomes.push(await analyticsRepository.countLiveSku(sku));
  const counted = outcomes.filter((outcome) => outcome === 'counted').length;
  logger.info('live SKUs counted', { productId: event.detail.productId, counted, already: outcomes.length - counted });
  return { counted, already: outcomes.length - counted };
});
