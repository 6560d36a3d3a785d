import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { carrierProvider } from '../../shared/adapters/carriers';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { NO_TRACKING } from '../../shared/domain/orders/tracking';
import { parcelReference, parcelsToBook } from '../../shared/domain/orders/parcels';
import { conflict } from '../../shared/domain/errors';
import { applyOrderStep } from './order-steps';

const carriers = carrierProvider();

/**
 * Workflow task CreateShipment: books each parcel with the allocated carrier (the carrier port; a retry gets
 * the same tracking numbers) and records them with their tracking number → order mappings for the webhooks.
 * Compensation: none here — a booked label is cheap and operators cancel it from the OrderFailed alert.
 */
export const handler = taskHandler(orderTaskInput, async function createShipment({ orderId }) {
  const order = await ordersRepository.requireOrder(orderId);
  if (!order.carrierId || !order.packed) throw conflict('OrderNotPacked', `Order ${orderId} has no carrier or no packed parcel`);
  const carrierId = order.carrierId;
  // One booking, label and tracking number per parcel (docs/orders.md, "Multi-parcel orders").
  const parcels = parcelsToBook(order.packed, order.plannedParcels);
  const booked = await Promise.all(
    parcels.map(async (parcel, index) => ({
      parcel,
      ...(await carriers.book({ orderId: parcelReference(orderId, index), carrierId, weightGrams: parcel.weightGrams, dimensions: parcel.dimensions, destination: order.shippingAddress })),
    })),
  );
  const now = clock.now();
  await applyOrderStep(
    orderId,
    (current) => booked.every(({ trackingNumber }) => current.shipments.some((shipment) => shipment.trackingNumber === trackingNumber)),
    (current) => {
      const fresh = booked.filter(({ trackingNumber }) => !current.shipments.some((shipment) => shipment.trackingNumber === trackingNumber));
      return {
        next: {
          ...current,
          shipments: [
            ...current.shipments,
            ...fresh.map(({ parcel, trackingNumber, labelUrl }) => ({
              carrierId,
              trackingNumber,
              labelUrl,
              weightGrams: parcel.weightGrams,
              dimensions: parcel.dimensions,
              createdAt: now.toISOString(),
              tracking: NO_TRACKING,
            })),
          ],
          updatedAt: now.toISOString(),
        },
        write: { alsoWrite: fresh.map(({ trackingNumber }) => ordersRepository.trackingPut(trackingNumber, carrierId, orderId)) },
      };
    },
  );
  return booked.length === 1 ? { trackingNumber: booked[0]!.trackingNumber } : { trackingNumber: booked[0]!.trackingNumber, trackingNumbers: booked.map(({ trackingNumber }) => trackingNumber) };
});
