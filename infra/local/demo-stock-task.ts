/**
 * Writes the demo shop's stock and its customers' histories with the live repository functions, run by
 * seed-traffic.ts as a function of its own on the local Lambda runtime (a worker with an inventory function's
 * environment): those functions use the table and client a Lambda has, not the seed's.
 *
 * Per SKU, as live stock comes to be: its stock record (`stockCreate`, as listing a product creates it), its unit
 * cost (`setUnitCost`, as publishing sets it), the listing supplier's offer at that cost (`putOffer`, so a restock
 * can buy it) and the units received at the hub (`adjustStock`, RECEIVED: the inventory value rises by units ×
 * cost in the same transaction, and the stock watcher sees the movement). Per customer, their history after their
 * last order through `recordBusEvent`, as the OrderPlaced consumer writes it (the counters were written already).
 * Running it again writes nothing twice: the receipt has a guard of its own, the histories theirs.
 */
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as offersRepository from '../../shared/adapters/supplier-offers-repository';
import { setUnitCost } from '../../shared/adapters/stock-ledger';
import { tableName } from '../../shared/adapters/dynamo';
import { inBatches, tableAccess as table } from '../../shared/adapters/table-access';
import type { CustomerHistory } from '../../shared/domain/analytics/orders';
import { DEFAULT_SAFETY_STOCK } from '../../shared/domain/inventory/stock';
import { stockAdjusted } from '../../shared/domain/orders/events';
import type { DemoStockLine } from './demo-stock';

export interface DemoStockRequest {
  readonly lines: readonly DemoStockLine[];
  readonly warehouseId: string;
  /** When the shop opened (the first demo day): the stock records' creation. */
  readonly openedAt: string;
  readonly customers: readonly CustomerHistory[];
}

const ACTOR = 'demo-seed';

export async function handler(request: DemoStockRequest): Promise<{ readonly received: number; readonly customers: number }> {
  const now = new Date();
  const received = await inBatches(request.lines, async (line) => {
    await table.write([inventoryRepository.stockCreate({ sku: line.sku, productId: line.productId, supplierId: line.supplierId, onHand: 0, reserved: 0, available: 0, safetyStock: DEFAULT_SAFETY_STOCK, createdAt: request.openedAt, updatedAt: request.openedAt })]);
    const costed = await setUnitCost(line.sku, line.unitCost, now);
    if (costed === 'contention' || costed === 'unknown-sku') throw new Error(`the unit cost of ${line.sku} was not set (${costed})`);
    await offersRepository.putOffer({ sku: line.sku, supplierId: line.supplierId, unitCost: line.unitCost, updatedAt: request.openedAt, updatedBy: ACTOR });
    const ref = `demo-opening-stock-${line.sku}`;
    const guard = { Put: { TableName: tableName(), Item: { pk: `SEED#${ref}`, sk: 'RECEIVED', entity: 'SeedGuard' }, ConditionExpression: 'attribute_not_exists(pk)' } };
    const cause = { kind: 'ADJUST' as const, actor: ACTOR, reason: 'RECEIVED: the demo shop\'s opening stock', ref };
    const adjusted = await inventoryRepository.adjustStock(line.sku, request.warehouseId, line.units, cause, now, stockAdjusted(line.sku, line.units, 'RECEIVED', ACTOR), ref, [guard]);
    if (adjusted === 'contention') throw new Error(`the opening stock of ${line.sku} was not received (contention)`);
    return adjusted === 'adjusted' ? 1 : 0;
  });
  const recorded = await inBatches(request.customers, async (customer) => {
    const outcome = await analyticsRepository.recordBusEvent(`demo-customer-history-${customer.customerId}`, [], { next: customer, readVersion: undefined });
    if (outcome === 'contention') throw new Error(`the history of ${customer.customerId} was not written (contention)`);
    return outcome === 'recorded' ? 1 : 0;
  });
  return { received: received.reduce((sum: number, one) => sum + one, 0), customers: recorded.reduce((sum: number, one) => sum + one, 0) };
}
