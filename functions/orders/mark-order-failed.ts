import * as z from '../../shared/contracts/z';
import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { failOrder } from '../../shared/domain/orders/fulfilment';
import { failedStepError } from '../../shared/domain/workflow-errors';
import { applyOrderStep } from './order-steps';

const input = z.extend(orderTaskInput, { failure: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })) });

/**
 * Workflow task MarkOrderFailed, after the compensation: FAILED (when the order has not shipped) and an
 * `OrderFailed` alert saying what was undone. A shipped order keeps its status; ops still hears of it.
 */
export const handler = taskHandler(input, async function markOrderFailed({ orderId, failure, correlationId }) {
  const error = failedStepError(failure);
  const { order } = await applyOrderStep(orderId, (current) => failOrder(current, error, clock.now()), { correlationId });
  logger.error('order workflow failed; compensated', { orderId, error, status: order.status });
  return { failed: true };
});
