import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { chooseCarrier } from '../../shared/domain/orders/carrier-choice';
import { regionFor } from '../../shared/domain/orders/carriers';
import { moveOrder } from '../../shared/domain/orders/order';
import { orderSettingsFrom, waitSeconds } from '../../shared/domain/orders/settings';
import { applyOrderStep } from './order-steps';

const settings = orderSettingsFrom(process.env);

/**
 * Workflow task AllocateCarrier: scores the carriers for the order's region, weight and service level
 * (shared/domain/orders/carrier-choice.ts) and keeps the best. `{ allocated: false }` when none can take
 * it. Also tells the workflow how long the warehouse has. Compensation: none (nothing booked yet).
 */
export const handler = taskHandler(orderTaskInput, async ({ orderId }) => {
  const carriers = await ordersRepository.listCarriers();
  const order = await ordersRepository.requireOrder(orderId);
  const choice = order.carrierId
    ? { carrierId: order.carrierId }
    : chooseCarrier(carriers, { region: regionFor(order.shippingAddress), weightGrams: order.estimatedWeightGrams, serviceLevel: order.serviceLevel });
  const timing = { packingDeadlineSeconds: waitSeconds(settings.packingDeadlineHours), packingGraceSeconds: waitSeconds(settings.packingGraceHours) };
  if (!choice) return { allocated: false, timing };
  await applyOrderStep(
    orderId,
    (current) => current.carrierId !== undefined,
    (current) => ({ next: { ...moveOrder(current, 'CARRIER_ALLOCATED', clock.now()), carrierId: choice.carrierId } }),
  );
  return { allocated: true, carrierId: choice.carrierId, timing };
});
