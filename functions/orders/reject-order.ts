import * as z from '../../shared/contracts/z';
import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { orderRejected } from '../../shared/domain/orders/events';
import { applyOrderStep } from './order-steps';
import { moveOrder } from '../../shared/domain/orders/order';

const REASONS = {
  OUT_OF_STOCK: 'some items are out of stock',
  PAYMENT_DECLINED: 'the payment was declined',
  PAYMENT_UNAVAILABLE: 'the payment could not be processed; please try again later',
  NO_CARRIER: 'no carrier delivers to this address at the chosen service level',
} as const;

const input = z.extend(orderTaskInput, {
  reason: z.enum(Object.keys(REASONS) as [keyof typeof REASONS, ...(keyof typeof REASONS)[]]),
  shortSkus: z._default(z.array(z.string()), []),
  declineReason: z.optional(z.string()),
});

/** Workflow task RejectOrder: REJECTED with `OrderRejected` (naming the short SKUs), after compensation. */
export const handler = taskHandler(input, async function rejectOrder({ orderId, reason, shortSkus, declineReason, correlationId }) {
  const note = reason === 'OUT_OF_STOCK' ? `${REASONS[reason]} (${shortSkus.join(', ')})` : REASONS[reason];
  await applyOrderStep(
    orderId,
    (current) => current.status === 'REJECTED',
    (current) => {
      const next = moveOrder(current, 'REJECTED', clock.now(), { reason: declineReason ?? reason, note });
      return { next, write: { correlationId, events: [orderRejected(next, declineReason ?? reason, note, shortSkus)] } };
    },
  );
  return { rejected: reason };
});
