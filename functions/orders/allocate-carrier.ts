import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { regionFor } from '../../shared/domain/orders/carriers';
import { assignCarrier } from '../../shared/domain/orders/fulfilment';
import { orderSettingsFrom, waitSeconds } from '../../shared/domain/orders/settings';
import { applyOrderStep } from './order-steps';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { cartUnits, orderLines } from '../../shared/domain/orders/placement';
import { planShipping, quotedCarrier, type Parcel } from '../../shared/domain/orders/parcels';
import type { Carrier, RegionCode } from '../../shared/domain/orders/carriers';
import type { Order } from '../../shared/domain/orders/order';

const settings = orderSettingsFrom(process.env);

/**
 * Workflow task AllocateCarrier: keeps the carrier the quote chose for the order's units, weights and sizes
 * (shared/domain/orders/parcels.ts), while it still serves the lane and takes the heaviest parcel; else plans
 * the shipping again from the catalogue (one parcel, or the carriers' own splits, scored by carrier-choice.ts).
 * `{ allocated: false }` when none can take it. Also tells the workflow how long the warehouse has.
 * Compensation: none (nothing booked yet).
 */
export const handler = taskHandler(orderTaskInput, async function allocateCarrier({ orderId }) {
  const carriers = await ordersRepository.listCarriers();
  const order = await ordersRepository.requireOrder(orderId);
  const region = regionFor(order.shippingAddress);
  const kept = order.carrierId ?? quotedCarrier(carriers, order, region)?.id;
  const allocation = kept ? { carrierId: kept } : await plannedAgain(carriers, region, order);
  const timing = { packingDeadlineSeconds: waitSeconds(settings.packingDeadlineHours), packingGraceSeconds: waitSeconds(settings.packingGraceHours) };
  if (!allocation) return { allocated: false, timing };
  await applyOrderStep(orderId, (current) => assignCarrier(current, allocation, clock.now()));
  return { allocated: true, carrierId: allocation.carrierId, timing };
});

/**
 * Placed without a quoted carrier, or its carrier changed since: the carrier (and, for several parcels, its
 * split) for the order's units as the catalogue has them now.
 */
async function plannedAgain(carriers: readonly Carrier[], region: RegionCode, order: Order): Promise<{ carrierId: string; plannedParcels?: Parcel[] } | undefined> {
  const lines = orderLines(order);
  const plan = planShipping(cartUnits(lines, await catalogRepository.activeSkus(lines.map((line) => line.sku))), carriers, region, order.serviceLevel);
  if (!plan.ok) return undefined;
  return {
    carrierId: plan.carrier.carrierId,
    ...(plan.parcels.length > 1 ? { plannedParcels: plan.parcels.map(({ weightGrams, lines: parcelLines }) => ({ weightGrams, lines: parcelLines })) } : {}),
  };
}
