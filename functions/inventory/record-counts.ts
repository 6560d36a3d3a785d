import { inventoryRoutes } from '../../shared/contracts/inventory';
import { httpHandler } from '../../shared/http/handler';
import * as countsRepository from '../../shared/adapters/counts-repository';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { evaluateCount } from '../../shared/domain/inventory/cycle-count';
import { defaultWarehouseId, unknownWarehouses } from '../../shared/domain/inventory/warehouse-stock';
import { DomainError, invalid } from '../../shared/domain/errors';
import { countDecision } from './count-views';

/**
 * POST /inventory/counts — cycle counts of a day's list (default today). Every SKU must have a stock record and
 * every named warehouse exist, or nothing is written (400). Each line is evaluated against the stock as it stands
 * (`evaluateCount`: the class's tolerance, reservations) — a line naming `warehouseId` against that warehouse's
 * shelves, else against the whole SKU's; within tolerance the variance is booked at that warehouse (the store's
 * default one for a whole-SKU count) in one transaction with the audit row and `CountVarianceAdjusted`; beyond it nothing changes but `RecountRequested` goes
 * to ops and the list entry says RECOUNT. A stock record that keeps changing answers 409 StockChanged
 * (the lines before it are recorded; a count is absolute, so sending it again is safe).
 */
export const handler = httpHandler(inventoryRoutes.recordCounts, async function recordCounts({ body, actor, correlationId }) {
  const now = clock.now();
  const date = body.date ?? now.toISOString().slice(0, 10);
  const [{ unknown, listed }, warehouses] = await Promise.all([countsRepository.countTargets(date, body.lines.map((line) => line.sku)), ordersRepository.listWarehouses()]);
  if (unknown.length > 0) throw invalid('Only SKUs with a stock record can be counted', unknown.map((sku) => ({ field: 'lines.sku', message: `unknown SKU ${sku}` })));
  const unknownAt = unknownWarehouses(warehouses, body.lines.map(({ warehouseId }) => ({ field: 'lines.warehouseId', warehouseId })));
  if (unknownAt.length > 0) throw invalid('Counts are of known warehouses', unknownAt);

  const lines = [];
  for (const { sku, counted, warehouseId } of body.lines) {
    const abcClass = listed.get(sku)?.abcClass ?? 'A';
    const decide = (stock: { onHand: number; reserved: number }) => countDecision(evaluateCount({ sku, counted, countedBy: actor.sub, abcClass }, stock, now));
    const scope = { warehouseId: warehouseId ?? defaultWarehouseId(warehouses), wholeSku: warehouseId === undefined };
    const recorded = await countsRepository.recordCount(sku, scope, listed.get(sku), decide, actor.sub, body.note, now, correlationId);
    if (recorded === 'contention' || recorded === undefined) throw new DomainError('conflict', 'StockChanged', `The stock of ${sku} kept changing during its count; count it again`, [{ field: 'lines.sku', message: sku }]);
    lines.push({ sku, ...(warehouseId ? { warehouseId } : {}), abcClass, outcome: recorded.outcome, variance: recorded.variance, reason: recorded.reason, before: recorded.before, after: recorded.after });
  }
  logger.info('cycle counts recorded', { date, lines: lines.map(({ sku, outcome }) => ({ sku, outcome })) });
  return { date, lines };
});
