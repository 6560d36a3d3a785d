import { orderRoutes } from '../../shared/contracts/orders';
import { httpHandler } from '../../shared/http/handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import { creationGuards } from '../../shared/adapters/created-once';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { conflict, DomainError } from '../../shared/domain/errors';
import { checkoutRefusal, openCheckout, placeOrder } from '../../shared/domain/orders/checkout';
import { consumptionOf } from '../../shared/domain/promotions/pricing-engine';
import type { Promotion } from '../../shared/domain/promotions/promotion';
import { finishCheckout } from './checkout-payment';
import { loadCatalogue } from './quote';
import { toOrderView } from './views';

/**
 * POST /orders — the checkout, as Medusa's complete-cart: re-prices the cart on the server (a client's price is
 * never trusted), keeps the quoted carrier, reserves every line with the new order (short stock: 409 OutOfStock,
 * nothing written), asks the payment provider, and answers 201 with the accepted order (AWAITING_PACKING;
 * `OrderPlaced` starts the order workflow at the warehouse's wait) or the refusal (402 PaymentDeclined, 503
 * PaymentUnavailable: the reservation given back). One key places one order however often it is retried: the
 * order carries its key's creation guard, and a retry finishes a checkout a dead request left open, then
 * answers as the first did. The promotions it got are used in the first write (conditional counters): one that
 * ran out meanwhile is 409 PromotionUnavailable, nothing written; a rejected order gives them back.
 */
export const handler = httpHandler(orderRoutes.placeOrder, async function placeOrderRoute({ body, actor, correlationId, creation }) {
  const now = clock.now();
  let considered: readonly Promotion[] = [];
  const { value: opened, created } = await creationGuards.createOnce(creation, {
    // A retry finds its order before pricing again: what was placed stands even if prices moved since.
    existing: (orderId) => ordersRepository.requireOrder(orderId),
    create: async (orderId, guard) => {
      const catalogue = await loadCatalogue(body.lines, { customerId: actor.sub, groups: actor.groups ?? [], couponCodes: body.couponCodes ?? [] }, now);
      considered = catalogue.promotionsConsidered;
      const order = placeOrder({ orderId, customerId: actor.sub, ...body, correlationId, now }, catalogue);
      const goodsRevenue = order.price.subtotal.amount - order.price.discountTotal.amount;
      const uses = promotionsRepository.useItems(orderId, actor.sub, consumptionOf(order.price), catalogue.promotionsConsidered, goodsRevenue);
      const outcome = await ordersRepository.openOrder(openCheckout(order, catalogue.carriers, now), body.paymentMethod, [...guard, ...uses]).catch((err: unknown) => {
        if (uses.length > 0 && err instanceof DomainError && err.code === 'OrderNotPlaced') {
          throw conflict('PromotionUnavailable', 'A promotion on this cart ran out (budget, limit, allotment or coupon) while the order was placed; quote again');
        }
        throw err;
      });
      if (outcome === 'contention') throw new DomainError('unavailable', 'StockContention', 'Other orders kept taking the same stock; retry with the same Idempotency-Key');
      if ('shortSkus' in outcome) throw new DomainError('conflict', 'OutOfStock', `Not enough stock for ${outcome.shortSkus.join(', ')}; nothing was reserved or charged`, [], { shortSkus: outcome.shortSkus });
      return outcome;
    },
  });
  const order = await finishCheckout(opened, correlationId);
  logger.info(created ? 'order checked out' : 'order already placed under this key', { orderId: order.orderId, status: order.status, total: order.price.total });
  const refusal = checkoutRefusal(order);
  // A refused order gives its promotion uses back (give-back-promotions): no budget alert for it.
  if (created && !refusal && order.price.promotions?.applied.length) {
    // The order stands whatever happens here: a lost alert is raised by the next order past the mark.
    const used = new Set(order.price.promotions.applied.map((entry) => entry.promotionId));
    await promotionsRepository.raiseBudgetAlerts(considered.filter((promotion) => used.has(promotion.promotionId)), correlationId)
      .catch((err: unknown) => logger.warn('promotion budget alerts not raised now', { orderId: order.orderId, error: String(err) }));
  }
  if (refusal) throw refusal;
  return { status: 201, body: toOrderView(order), headers: { location: `/orders/${order.orderId}` } };
});
