import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { closePurchaseOrder, deliveryPerformance } from '../../shared/domain/inventory/purchase-order';
import { applyPurchaseOrderStep } from './purchase-order-steps';

/**
 * Workflow task ClosePurchaseOrder: every unit received and accepted, so CLOSED, with the delivery
 * performance (fill rate, on time, lead time) kept on the order for the weekly supplier scorecard.
 */
export const handler = taskHandler(restockTaskInput, async function closeRestockPurchaseOrder({ executionName, correlationId }) {
  const { order } = await applyPurchaseOrderStep(
    executionName,
    (current) => {
      if (current.status !== 'RECEIVED') return {};
      const closed = closePurchaseOrder(current, 'restock', clock.now());
      return { ...closed, set: { performance: deliveryPerformance(closed.next) } };
    },
    correlationId,
  );
  return { status: order.status, performance: order.performance };
});
