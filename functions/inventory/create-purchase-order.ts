import * as z from '../../shared/contracts/z';
import { moneySchema } from '../../shared/contracts/common';
import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import { clock } from '../../shared/adapters/clock';
import { newId } from '../../shared/adapters/ids';
import { createPurchaseOrder } from '../../shared/domain/inventory/purchase-order';
import { SUPPLIER_STANDINGS } from '../../shared/domain/suppliers/standing';
import { orderableQuantity } from '../../shared/domain/inventory/supplier-offers';

const input = z.extend(restockTaskInput, {
  quantity: z.int().check(z.minimum(1)),
  supplier: z.object({
    supplierId: z.string(),
    standing: z.enum(SUPPLIER_STANDINGS),
    unitCost: moneySchema,
    leadTimeDays: z.number(),
    aql: z.string(),
    // The chosen offer's; absent from executions that chose before offers carried them.
    minimumOrderQuantity: z.optional(z.int().check(z.minimum(1))),
    packSize: z.optional(z.int().check(z.minimum(1))),
  }),
});

/**
 * Workflow task CreatePurchaseOrder: one DRAFT purchase order per restock execution (the execution's name
 * guards it, so a retried step answers the order the first run created), and none while the SKU has an order
 * open (`alreadyOnOrder`: a restock asked for twice). The quantity is made orderable from the chosen offer (its MOQ,
 * whole packs). Compensation: CancelPurchaseOrder.
 */
export const handler = taskHandler(input, async function createRestockPurchaseOrder({ sku, quantity, supplier, executionName, correlationId }) {
  const { next, events } = createPurchaseOrder(
    {
      purchaseOrderId: newId(),
      supplierId: supplier.supplierId,
      supplierStanding: supplier.standing,
      lines: [{ sku, quantity: orderableQuantity(quantity, { minimumOrderQuantity: supplier.minimumOrderQuantity ?? 1, packSize: supplier.packSize ?? 1 }), unitCost: supplier.unitCost }],
      aql: supplier.aql,
      leadTimeDays: supplier.leadTimeDays,
      createdBy: 'restock',
    },
    clock.now(),
  );
  const created = await purchaseOrdersRepository.createPurchaseOrderOnce(executionName, next, events, correlationId);
  if ('alreadyOpen' in created) return { alreadyOnOrder: true, purchaseOrderId: created.alreadyOpen };
  return { alreadyOnOrder: false, purchaseOrderId: created.order.purchaseOrderId, total: created.order.total };
});
