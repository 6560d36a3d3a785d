import { purchaseOrderRoutes } from '../../shared/contracts/purchase-orders';
import { httpHandler } from '../../shared/http/handler';
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { newId } from '../../shared/adapters/ids';
import { logger } from '../../shared/adapters/logger';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { conflict, invalid } from '../../shared/domain/errors';
import { receiptChange, receiptWait } from '../../shared/domain/inventory/restock';
import { unknownWarehouses } from '../../shared/domain/inventory/warehouse-stock';
import { toPurchaseOrderView } from './purchase-order-views';

/**
 * POST /purchase-orders/{id}/receipts — the warehouse received goods: each lot is judged on its QC sample;
 * accepted units go on hand at `warehouseId` (default: the store's default warehouse; an unknown one is 400) in
 * the purchase order's own transaction, a rejected lot records a quality
 * incident (LotRejected alerts ops) and is still owed. Then the waiting restock workflow is woken: it closes
 * the order when nothing is owed, else waits again. A receipt the order cannot take is refused, unwritten.
 */
export const handler = httpHandler(purchaseOrderRoutes.receiveGoods, async function receiveGoods({ path, body, actor, creation, correlationId }) {
  // The same Idempotency-Key is the same receipt, even when its first request died after writing.
  const receiptId = creation ? `${creation.callerId}:${creation.key}` : newId();
  const unknown = body.warehouseId ? unknownWarehouses(await ordersRepository.listWarehouses(), [{ field: 'warehouseId', warehouseId: body.warehouseId }]) : [];
  if (unknown.length > 0) throw invalid('Goods are received at a known warehouse', unknown);
  const now = clock.now();
  const updated = await purchaseOrdersRepository.updatePurchaseOrder(
    path.id,
    (order) => ({ ...receiptChange(order, { receiptId, receivedBy: actor.sub, warehouseId: body.warehouseId, lines: body.lines }, now), clear: ['receiptToken'] as const }),
    correlationId,
  );
  if (updated === 'contention') throw conflict('PurchaseOrderChangedConcurrently', 'The purchase order changed while goods were received; send the receipt again');
  if (updated === 'stock-missing') throw conflict('StockRecordMissing', 'A SKU of this purchase order has no stock record; nothing was received');
  const { read, order } = updated;
  const resumed = read.receiptToken ? await sendTaskSuccess(read.receiptToken, receiptWait(order, now)) : 'token-expired';
  logger.info('goods received', { purchaseOrderId: order.purchaseOrderId, status: order.status, resumed });
  return toPurchaseOrderView(order);
});
