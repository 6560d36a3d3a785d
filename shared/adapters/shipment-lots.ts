/**
 * The lots an order's units shipped from (shared/domain/inventory/lots.ts): the SKU's audit rows, oldest first,
 * from the first to the order's delivery (one key Query on `SKU#<sku>`, `AUDIT#` sort keys, paged), replayed FIFO
 * at the order's warehouse. Reads only; its cost grows with the SKU's movements before the shipment.
 */
import { lotsShipped, type LotShare } from '../domain/inventory/lots';
import type { MovementAudit } from '../domain/inventory/warehouse-stock';
import { allPages, tableAccess as table } from './table-access';

export async function lotsOfShipment(sku: string, warehouseId: string, orderId: string, shippedBy: string): Promise<LotShare[] | undefined> {
  const rows = await allPages((page) => table.queryRange<MovementAudit>(`SKU#${sku}`, 'AUDIT#', `AUDIT#${shippedBy}~`, page), 500);
  return lotsShipped(rows, warehouseId, orderId);
}
