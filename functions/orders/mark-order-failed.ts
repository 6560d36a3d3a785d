import * as z from '../../shared/contracts/z';
import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { orderFailed } from '../../shared/domain/orders/events';
import { canTransitionOrder, moveOrder } from '../../shared/domain/orders/order';
import { applyOrderStep } from './order-steps';

const input = z.extend(orderTaskInput, { failure: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })) });

/**
 * Workflow task MarkOrderFailed, after the compensation: FAILED (when the order has not shipped) and an
 * `OrderFailed` alert saying what was undone. A shipped order keeps its status; ops still hears of it.
 */
export const handler = taskHandler(input, async function markOrderFailed({ orderId, failure, correlationId }) {
  const error = failure?.Error ?? 'UnknownError';
  const order = await applyOrderStep(
    orderId,
    (current) => (current.alertsRaised ?? []).includes('ORDER_FAILED'),
    (current) => {
      const now = clock.now();
      const moved = canTransitionOrder(current.status, 'FAILED') ? moveOrder(current, 'FAILED', now, { reason: error, note: 'A workflow step failed' }) : current;
      const next = { ...moved, alertsRaised: [...(current.alertsRaised ?? []), 'ORDER_FAILED'], updatedAt: now.toISOString() };
      const undone = `stock ${current.stockHold.toLowerCase()}, payment ${current.payment.status.toLowerCase()}${current.shipments.length > 0 ? ', a shipment label was booked' : ''}`;
      return { next, write: { correlationId, events: [orderFailed(next, error, undone)] } };
    },
    { alsoWhenCancelled: true },
  );
  logger.error('order workflow failed; compensated', { orderId, error, status: order.status });
  return { failed: true };
});
