/**
 * How the restock workflow's tasks save what the purchase-order domain decided: the order this execution
 * raised (found by the execution's guard) is changed conditionally on the version read; a decision that
 * changes nothing (the step's result is there already) writes nothing, so a task run twice does no more.
 */
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import type { PurchaseOrderChange, StoredPurchaseOrder } from '../../shared/adapters/purchase-orders-repository';
import { conflict, notFound } from '../../shared/domain/errors';

export async function purchaseOrderOf(executionName: string): Promise<StoredPurchaseOrder> {
  const order = await purchaseOrdersRepository.purchaseOrderOfExecution(executionName);
  if (!order) throw notFound('PurchaseOrder', `of restock ${executionName}`);
  return order;
}

export async function applyPurchaseOrderStep<D extends PurchaseOrderChange>(
  executionName: string,
  decide: (order: StoredPurchaseOrder) => D,
  correlationId: string,
): Promise<{ read: StoredPurchaseOrder; order: StoredPurchaseOrder; change: D }> {
  const { purchaseOrderId } = await purchaseOrderOf(executionName);
  const updated = await purchaseOrdersRepository.updatePurchaseOrder(purchaseOrderId, decide, correlationId);
  if (updated === 'contention') throw conflict('PurchaseOrderChangedConcurrently', `Purchase order ${purchaseOrderId} kept changing while a restock step wrote it`);
  if (updated === 'stock-missing') throw conflict('StockRecordMissing', `A SKU of purchase order ${purchaseOrderId} has no stock record`);
  return updated;
}
