import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { carrierProvider } from '../../shared/adapters/carriers';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { NO_TRACKING } from '../../shared/domain/orders/tracking';
import { conflict } from '../../shared/domain/errors';
import { applyOrderStep } from './order-steps';

const carriers = carrierProvider();

/**
 * Workflow task CreateShipment: books the parcel with the allocated carrier (the carrier port; a retry gets
 * the same tracking number) and records it with its tracking number → order mapping for the webhooks.
 * Compensation: none here — a booked label is cheap and operators cancel it from the OrderFailed alert.
 */
export const handler = taskHandler(orderTaskInput, async ({ orderId }) => {
  const order = await ordersRepository.requireOrder(orderId);
  if (!order.carrierId || !order.packed) throw conflict('OrderNotPacked', `Order ${orderId} has no carrier or no packed parcel`);
  const booked = await carriers.book({
    orderId,
    carrierId: order.carrierId,
    weightGrams: order.packed.weightGrams,
    dimensions: order.packed.dimensions,
    destination: order.shippingAddress,
  });
  const now = clock.now();
  await applyOrderStep(
    orderId,
    (current) => current.shipments.some((shipment) => shipment.trackingNumber === booked.trackingNumber),
    (current) => ({
      next: {
        ...current,
        shipments: [
          ...current.shipments,
          { carrierId: order.carrierId!, ...booked, weightGrams: order.packed!.weightGrams, dimensions: order.packed!.dimensions, createdAt: now.toISOString(), tracking: NO_TRACKING },
        ],
        updatedAt: now.toISOString(),
      },
      write: { alsoWrite: [ordersRepository.trackingPut(booked.trackingNumber, order.carrierId!, orderId)] },
    }),
  );
  return { trackingNumber: booked.trackingNumber };
});
