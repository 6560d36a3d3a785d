/** What callers see of an order: explicit picks, so the payment token, task tokens and versions never leak. */
import type { OrderSummary, OrderView } from '../../shared/contracts/orders';
import type { StoredOrder } from '../../shared/adapters/orders-repository';
import type { OrderListing } from '../../shared/adapters/order-projections';

export const toOrderView = (order: StoredOrder): OrderView => ({
  orderId: order.orderId,
  customerId: order.customerId,
  status: order.status,
  price: order.price as OrderView['price'],
  shippingAddress: order.shippingAddress,
  serviceLevel: order.serviceLevel,
  promisedBy: order.promisedBy,
  carrierId: order.carrierId,
  payment: { status: order.payment.status, method: order.payment.method, amount: order.payment.amount },
  shipments: order.shipments.map((shipment) => ({
    carrierId: shipment.carrierId,
    trackingNumber: shipment.trackingNumber,
    labelUrl: shipment.labelUrl,
    weightGrams: shipment.weightGrams,
    createdAt: shipment.createdAt,
    tracking: { status: shipment.tracking.status, lastProgressAt: shipment.tracking.lastProgressAt },
  })),
  timeline: [...order.timeline],
  ...(order.groupBuy ? { groupBuy: order.groupBuy } : {}),
  ...(order.replacementFor ? { replacementFor: order.replacementFor } : {}),
  createdAt: order.createdAt,
  updatedAt: order.updatedAt,
});

/** A line of GET /orders, from the order's listing (the small item the lists read). */
export const toOrderSummary = (listing: OrderListing): OrderSummary => ({
  orderId: listing.orderId,
  customerId: listing.customerId,
  status: listing.status,
  total: listing.total as OrderSummary['total'],
  promisedBy: listing.promisedBy,
  createdAt: listing.createdAt,
});
