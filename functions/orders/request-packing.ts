import * as z from '../../shared/contracts/z';
import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { awaitPacking } from '../../shared/domain/orders/fulfilment';
import { applyOrderStep } from './order-steps';

const input = z.extend(orderTaskInput, { taskToken: z.string().check(z.minLength(1)) });

/**
 * Workflow task behind both "await packing" steps: puts the order in the warehouse's queue
 * (AWAITING_PACKING) and stores this step's task token for `POST /orders/{id}/packed`. An order packed
 * while no step was listening is handed on at once.
 */
export const handler = taskHandler(input, async function requestPacking({ orderId, taskToken }) {
  const { decision } = await applyOrderStep(orderId, (current) => awaitPacking(current, clock.now()), { set: { packingToken: taskToken } });
  if (!decision.packed) return { waiting: true };
  const outcome = await sendTaskSuccess(taskToken, { packed: true });
  logger.info('order was already packed; resumed own task token', { orderId, outcome });
  return { waiting: false };
});
