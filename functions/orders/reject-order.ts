import * as z from '../../shared/contracts/z';
import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { ORDER_REJECTION_NOTES, rejectOrder, type OrderRejectionReason } from '../../shared/domain/orders/fulfilment';
import { applyOrderStep } from './order-steps';

const input = z.extend(orderTaskInput, {
  reason: z.enum(Object.keys(ORDER_REJECTION_NOTES) as [OrderRejectionReason, ...OrderRejectionReason[]]),
  shortSkus: z._default(z.array(z.string()), []),
  declineReason: z.optional(z.string()),
});

/** Workflow task RejectOrder: REJECTED with `OrderRejected` (naming the short SKUs), after compensation. */
export const handler = taskHandler(input, async function rejectOrderStep({ orderId, reason, shortSkus, declineReason, correlationId }) {
  await applyOrderStep(orderId, (current) => rejectOrder(current, { reason, shortSkus, declineReason }, clock.now()), { correlationId });
  return { rejected: reason };
});
