import * as z from '../../shared/contracts/z';
import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { flagNeedsAttention, leftovers } from '../../shared/domain/orders/attention';
import { applyOrderStep } from './order-steps';

const input = z.extend(orderTaskInput, { failure: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })) });

/**
 * Workflow task MarkNeedsAttention, when a compensation still failed after its retries: the order goes to
 * NEEDS_ATTENTION recording what is left (units reserved, authorization open), with an `OrderNeedsAttention`
 * ops alert naming it. The order sweeper (functions/orders/sweep-orders.ts) finishes the job.
 */
export const handler = taskHandler(input, async function markNeedsAttention({ orderId, failure, correlationId }) {
  const error = failure?.Error;
  const { order } = await applyOrderStep(orderId, (current) => flagNeedsAttention(current, { reason: 'COMPENSATION_FAILED', error }, clock.now()), { correlationId });
  logger.error('order compensation incomplete; needs attention', { orderId, error, attention: order.attention });
  return { needsAttention: true, ...leftovers(order) };
});
