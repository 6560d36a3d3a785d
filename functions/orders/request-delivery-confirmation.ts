import * as z from 'zod';
import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { logger } from '../../shared/adapters/logger';
import { applyOrderStep } from './order-steps';

const input = orderTaskInput.extend({ taskToken: z.string().min(1) });

/**
 * Workflow task behind both "await delivery" steps: stores this step's task token for the carrier webhook
 * that reports DELIVERED. A delivery reported while no step was listening is handed on at once.
 */
export const handler = taskHandler(input, async ({ orderId, taskToken }) => {
  const order = await applyOrderStep(
    orderId,
    (current) => current.status === 'DELIVERED',
    (current) => ({ next: current, write: { set: { deliveryToken: taskToken } } }),
  );
  if (order.status !== 'DELIVERED') return { waiting: true };
  const outcome = await sendTaskSuccess(taskToken, { delivered: true });
  logger.info('order was already delivered; resumed own task token', { orderId, outcome });
  return { waiting: false };
});
