import { inventoryRoutes } from '../../shared/contracts/inventory';
import { httpHandler } from '../../shared/http/handler';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as qualityHoldRepository from '../../shared/adapters/quality-hold-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { notFound } from '../../shared/domain/errors';
import { releaseQualityHold } from '../../shared/domain/inventory/quality-hold';
import { toStockView } from './stock-view';

/**
 * POST /inventory/{sku}/quality-hold/release — an operator releases a SKU from quality hold, saying why: it can be
 * sold and restocked again, `SkuQualityHoldReleased` goes to ops, and only incidents from now count towards the
 * next hold. 409 NotOnQualityHold when it is not on hold (writes nothing).
 */
export const handler = httpHandler(inventoryRoutes.releaseQualityHold, async function releaseQualityHoldRoute({ path, body, actor, correlationId }) {
  const stock = await inventoryRepository.getStock(path.sku);
  if (!stock) throw notFound('Stock of SKU', path.sku);
  const { releasedAt, events } = releaseQualityHold(stock, actor.sub, body.note, clock.now());
  const outcome = await qualityHoldRepository.releaseQualityHold(path.sku, stock.qualityHold!.since, releasedAt, events, correlationId);
  logger.info('quality hold released', { sku: path.sku, by: actor.sub, outcome });
  return toStockView((await inventoryRepository.getStock(path.sku))!);
});
