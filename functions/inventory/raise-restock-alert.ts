import * as z from '../../shared/contracts/z';
import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import { restockFailed, restockNotPossible } from '../../shared/domain/inventory/events';

const input = z.extend(restockTaskInput, {
  alert: z.enum(['NO_ELIGIBLE_SUPPLIER', 'RESTOCK_FAILED']),
  reason: z.optional(z.string()),
  message: z.optional(z.string()),
  /** The Catch's `{ Error, Cause }` of a failed step. */
  failure: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

/** Workflow task: tells ops, once per execution, that this restock needs a person (no supplier, or a step failed). */
export const handler = taskHandler(input, async function raiseRestockAlert({ sku, alert, reason, message, failure, executionName, correlationId }) {
  const order = await purchaseOrdersRepository.purchaseOrderOfExecution(executionName);
  const event =
    alert === 'NO_ELIGIBLE_SUPPLIER'
      ? restockNotPossible(sku, reason ?? alert, message ?? `No eligible supplier for SKU ${sku}.`)
      : restockFailed(sku, order?.purchaseOrderId, failure?.Error ?? 'States.ALL', order ? `is ${order.status}` : '');
  const raised = await purchaseOrdersRepository.raiseRestockAlertOnce(executionName, alert, event, correlationId);
  return { alerted: alert, raised };
});
