import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { carrierProvider } from '../../shared/adapters/carriers';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { recordShipments } from '../../shared/domain/orders/fulfilment';
import { parcelReference, parcelsToBook } from '../../shared/domain/orders/parcels';
import { conflict } from '../../shared/domain/errors';
import { applyOrderStep } from './order-steps';

const carriers = carrierProvider();

/**
 * Workflow task CreateShipment: books each parcel with the allocated carrier (the carrier port; a retry gets
 * the same tracking numbers) and records them with their tracking number → order mappings for the webhooks.
 * Compensation: none — once packed nothing is undone; a shipping stretch that still fails is redriven by ops.
 */
export const handler = taskHandler(orderTaskInput, async function createShipment({ orderId }) {
  const order = await ordersRepository.requireOrder(orderId);
  if (!order.carrierId || !order.packed) throw conflict('OrderNotPacked', `Order ${orderId} has no carrier or no packed parcel`);
  const carrierId = order.carrierId;
  // One booking, label and tracking number per parcel (docs/orders.md, "Multi-parcel orders").
  const booked = await Promise.all(
    parcelsToBook(order.packed, order.plannedParcels).map(async ({ weightGrams, dimensions }, index) => ({
      weightGrams,
      dimensions,
      ...(await carriers.book({ orderId: parcelReference(orderId, index), carrierId, weightGrams, dimensions, destination: order.shippingAddress })),
    })),
  );
  await applyOrderStep(orderId, (current) => recordShipments(current, carrierId, booked, clock.now()));
  const trackingNumbers = booked.map(({ trackingNumber }) => trackingNumber);
  return trackingNumbers.length === 1 ? { trackingNumber: trackingNumbers[0]! } : { trackingNumber: trackingNumbers[0]!, trackingNumbers };
});
