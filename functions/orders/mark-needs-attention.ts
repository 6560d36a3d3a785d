import * as z from '../../shared/contracts/z';
import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { leftovers, needAttention } from '../../shared/domain/orders/attention';
import { orderNeedsAttention } from '../../shared/domain/orders/events';
import { applyOrderStep } from './order-steps';

const input = z.extend(orderTaskInput, { failure: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })) });

/**
 * Workflow task MarkNeedsAttention, when a compensation still failed after its retries: the order goes to
 * NEEDS_ATTENTION recording what is left (units reserved, authorization open), with an `OrderNeedsAttention`
 * ops alert naming it. The order sweeper (functions/orders/sweep-orders.ts) finishes the job.
 */
export const handler = taskHandler(input, async function markNeedsAttention({ orderId, failure, correlationId }) {
  const error = failure?.Error;
  const order = await applyOrderStep(
    orderId,
    (current) => current.status === 'NEEDS_ATTENTION',
    (current) => {
      const next = needAttention(current, clock.now(), { reason: 'COMPENSATION_FAILED', error });
      return { next, write: { correlationId, events: [orderNeedsAttention(next, leftovers(current), error)] } };
    },
    { alsoWhenCancelled: true },
  );
  logger.error('order compensation incomplete; needs attention', { orderId, error, attention: order.attention });
  return { needsAttention: true, ...leftovers(order) };
});
