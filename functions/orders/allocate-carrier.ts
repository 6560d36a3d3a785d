import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { chooseCarrier } from '../../shared/domain/orders/carrier-choice';
import { regionFor } from '../../shared/domain/orders/carriers';
import { moveOrder } from '../../shared/domain/orders/order';
import { orderSettingsFrom, waitSeconds } from '../../shared/domain/orders/settings';
import { applyOrderStep } from './order-steps';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { cartUnits, orderLines } from '../../shared/domain/orders/placement';
import { largestParcel, planParcels } from '../../shared/domain/orders/parcels';
import type { Carrier, RegionCode } from '../../shared/domain/orders/carriers';
import type { Order } from '../../shared/domain/orders/order';

const settings = orderSettingsFrom(process.env);

/**
 * Workflow task AllocateCarrier: scores the carriers for the order's region, weight and service level
 * (shared/domain/orders/carrier-choice.ts) and keeps the best. `{ allocated: false }` when none can take
 * it. Also tells the workflow how long the warehouse has. Compensation: none (nothing booked yet).
 */
export const handler = taskHandler(orderTaskInput, async ({ orderId }) => {
  const carriers = await ordersRepository.listCarriers();
  const order = await ordersRepository.requireOrder(orderId);
  const region = regionFor(order.shippingAddress);
  const choice = order.carrierId
    ? { carrierId: order.carrierId }
    : (chooseCarrier(carriers, { region, weightGrams: heaviestParcel(order), serviceLevel: order.serviceLevel }) ??
      (await carrierForParcels(carriers, region, order)));
  const timing = { packingDeadlineSeconds: waitSeconds(settings.packingDeadlineHours), packingGraceSeconds: waitSeconds(settings.packingGraceHours) };
  if (!choice) return { allocated: false, timing };
  await applyOrderStep(
    orderId,
    (current) => current.carrierId !== undefined,
    (current) => ({ next: { ...moveOrder(current, 'CARRIER_ALLOCATED', clock.now()), carrierId: choice.carrierId } }),
  );
  return { allocated: true, carrierId: choice.carrierId, timing };
});

/** The weight a carrier must take: the heaviest planned parcel, or the whole order as one. */
const heaviestParcel = (order: Order): number =>
  order.plannedParcels?.length ? Math.max(...order.plannedParcels.map((parcel) => parcel.weightGrams)) : order.estimatedWeightGrams;

/** Too heavy for one parcel and placed without a plan: the carrier for the heaviest parcel of its split (docs/orders.md, "Multi-parcel orders"). */
async function carrierForParcels(carriers: readonly Carrier[], region: RegionCode, order: Order) {
  const limit = largestParcel(carriers, region, order.serviceLevel);
  if (!limit) return undefined;
  const lines = orderLines(order);
  const plan = planParcels(cartUnits(lines, await catalogRepository.activeSkus(lines.map((line) => line.sku))), limit);
  if (!plan.ok || plan.parcels.length === 0) return undefined;
  const heaviest = Math.max(...plan.parcels.map((parcel) => parcel.weightGrams));
  return chooseCarrier(carriers, { region, weightGrams: heaviest, serviceLevel: order.serviceLevel });
}
