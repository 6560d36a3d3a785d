import * as z from '../../shared/contracts/z';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { logger } from '../../shared/adapters/logger';
import { taskHandler } from '../../shared/tasks/task-handler';

/** `ProductListed` and `ProductArchived` as EventBridge delivers them (the fields this consumer reads). */
const catalogEvent = z.object({
  'detail-type': z.enum(['ProductListed', 'ProductArchived']),
  detail: z.object({ productId: z.string(), skus: z.array(z.object({ sku: z.string() })) }),
});

/**
 * The live-SKU count (rules on `ProductListed`, `ProductArchived`): each SKU counted once, the first time one of its
 * product's revisions goes live, and counted off once when its product is archived, whatever the redeliveries and
 * later revisions; the nightly card's SKU activity rate reads it.
 */
export const handler = taskHandler(catalogEvent, async function recordCatalogEvent(event) {
  const listed = event['detail-type'] === 'ProductListed';
  const outcomes = [];
  for (const { sku } of event.detail.skus) outcomes.push(listed ? await analyticsRepository.countLiveSku(sku) : await analyticsRepository.retireLiveSku(sku));
  const changed = outcomes.filter((outcome) => outcome === 'counted' || outcome === 'retired').length;
  logger.info(listed ? 'live SKUs counted' : 'live SKUs counted off', { productId: event.detail.productId, changed, unchanged: outcomes.length - changed });
  return { changed, unchanged: outcomes.length - changed };
});
