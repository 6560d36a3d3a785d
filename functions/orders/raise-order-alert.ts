import * as z from '../../shared/contracts/z';
import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { raisePackingOverdue } from '../../shared/domain/orders/fulfilment';
import { applyOrderStep } from './order-steps';

const input = z.extend(orderTaskInput, { alert: z.enum(['PACKING_OVERDUE']), waitedSeconds: z.optional(z.number()) });

/** Workflow task: raises an ops alert about the order once (packing is late; a late parcel is the sweeper's). Compensation: none. */
export const handler = taskHandler(input, async function raiseOrderAlert({ orderId, alert, waitedSeconds, correlationId }) {
  await applyOrderStep(orderId, (current) => raisePackingOverdue(current, waitedSeconds ?? 0, clock.now()), { correlationId });
  return { alerted: alert };
});
