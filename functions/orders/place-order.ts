import { orderRoutes } from '../../shared/contracts/orders';
import { httpHandler } from '../../shared/http/handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import { creationGuards } from '../../shared/adapters/created-once';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { conflict, DomainError } from '../../shared/domain/errors';
import { placeOrder } from '../../shared/domain/orders/checkout';
import { consumptionOf } from '../../shared/domain/promotions/pricing-engine';
import type { Promotion } from '../../shared/domain/promotions/promotion';
import { loadCatalogue } from './quote';
import { toOrderView } from './views';

/**
 * POST /orders — re-prices the cart on the server (a client's price is never trusted), takes the chosen
 * shipping option, stores the order PENDING and answers 202 with `Location`; `OrderPlaced` starts the order
 * workflow. The order is written with its key's creation guard, so one key places one order however often
 * (and however late) it is retried: a retry answers that order. The promotions it got are used in the same
 * transaction (their budgets, limits and coupons are conditional counters): one that ran out meanwhile
 * refuses the order (409 PromotionUnavailable, nothing written; quote again). A rejected, cancelled or
 * failed order gives them back (functions/promotions/give-back-promotions.ts).
 */
export const handler = httpHandler(orderRoutes.placeOrder, async function placeOrderRoute({ body, actor, correlationId, creation }) {
  const now = clock.now();
  let considered: readonly Promotion[] = [];
  const { value: stored, created } = await creationGuards.createOnce(creation, {
    // A retry finds its order before pricing again: what was placed stands even if prices moved since.
    existing: (orderId) => ordersRepository.requireOrder(orderId),
    create: async (orderId, guard) => {
      const catalogue = await loadCatalogue(body.lines, { customerId: actor.sub, groups: actor.groups ?? [], couponCodes: body.couponCodes ?? [] }, now);
      considered = catalogue.promotionsConsidered;
      const { order, event } = placeOrder({ orderId, customerId: actor.sub, ...body, correlationId, now }, catalogue);
      const goodsRevenue = order.price.subtotal.amount - order.price.discountTotal.amount;
      const uses = promotionsRepository.useItems(orderId, actor.sub, consumptionOf(order.price), catalogue.promotionsConsidered, goodsRevenue);
      return ordersRepository.createOrder(order, body.paymentMethod, event, correlationId, [...guard, ...uses]).catch((err: unknown) => {
        if (uses.length > 0 && err instanceof DomainError && err.code === 'OrderNotPlaced') {
          throw conflict('PromotionUnavailable', 'A promotion on this cart ran out (budget, limit, allotment or coupon) while the order was placed; quote again');
        }
        throw err;
      });
    },
  });
  logger.info(created ? 'order placed' : 'order already placed under this key', { orderId: stored.orderId, total: stored.price.total });
  if (created && stored.price.promotions?.applied.length) {
    // The order stands whatever happens here: a lost alert is raised by the next order past the mark.
    const used = new Set(stored.price.promotions.applied.map((entry) => entry.promotionId));
    await promotionsRepository.raiseBudgetAlerts(considered.filter((promotion) => used.has(promotion.promotionId)), correlationId)
      .catch((err: unknown) => logger.warn('promotion budget alerts not raised now', { orderId: stored.orderId, error: String(err) }));
  }
  return { status: 202, body: toOrderView(stored), headers: { location: `/orders/${stored.orderId}` } };
});
