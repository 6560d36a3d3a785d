import { groupBuyRoutes } from '../../shared/contracts/group-buy';
import { httpHandler } from '../../shared/http/handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import * as groupsRepository from '../../shared/adapters/groups-repository';
import { creationGuards } from '../../shared/adapters/created-once';
import { clock } from '../../shared/adapters/clock';
import { newId } from '../../shared/adapters/ids';
import { logger } from '../../shared/adapters/logger';
import type { TransactWriteItem } from '../../shared/adapters/outbox';
import { conflict, DomainError, notFound } from '../../shared/domain/errors';
import { checkoutRefusal, openCheckout, placeOrder } from '../../shared/domain/orders/checkout';
import { groupStarted, groupView, joinRefusal, startGroup, type Group } from '../../shared/domain/promotions/group-buy';
import { consumptionOf } from '../../shared/domain/promotions/pricing-engine';
import type { Promotion } from '../../shared/domain/promotions/promotion';
import { finishCheckout } from './checkout-payment';
import { loadCatalogue } from './quote';
import { toOrderView } from './views';

/**
 * POST /promotions/{id}/join — 团购: a customer starts a group (no `groupId`: its leader) or joins an OPEN one,
 * with an order at the group price, checked out as `POST /orders` is (re-priced, stock reserved, payment
 * authorized, never captured here). Its place is taken in the order's first write (the group's conditional
 * counter, one place per customer), so racing joins never overfill it; the order then waits AWAITING_GROUP.
 * The join whose order completes the group marks it FILLED (`GroupFilled`: the group's workflow lets every
 * member's order go to the warehouse). Full, closed, joined twice: 409, nothing written. One key, one join.
 */
export const handler = httpHandler(groupBuyRoutes.joinGroup, async function joinGroupRoute({ path, body, actor, correlationId, creation }) {
  const now = clock.now();
  const { value: opened, created } = await creationGuards.createOnce(creation, {
    existing: (orderId) => ordersRepository.requireOrder(orderId),
    create: async (orderId, guard) => {
      const promotion = await promotionsRepository.requirePromotion(path.id);
      const { group, place } = await takePlace(promotion, body.groupId, { groupId: '', customerId: actor.sub, orderId, joinedAt: now.toISOString() }, now, correlationId);
      const catalogue = await loadCatalogue(body.lines, { customerId: actor.sub, groups: actor.groups ?? [], couponCodes: body.couponCodes ?? [], groupBuy: promotion.promotionId }, now);
      const order = placeOrder({ orderId, customerId: actor.sub, ...body, correlationId, now, groupBuy: { promotionId: promotion.promotionId, groupId: group.groupId } }, catalogue);
      if (!order.price.promotions?.applied.some((entry) => entry.promotionId === promotion.promotionId)) {
        throw new DomainError('unprocessable', 'NoGroupPrice', `Nothing in this cart has a group price of ${promotion.name}: add one of its SKUs`, [{ field: 'lines', message: 'none of the group buy\'s SKUs' }]);
      }
      const uses = promotionsRepository.useItems(orderId, actor.sub, consumptionOf(order.price), catalogue.promotionsConsidered, order.price.subtotal.amount - order.price.discountTotal.amount);
      const outcome = await ordersRepository.openOrder(openCheckout(order, catalogue.carriers, now), body.paymentMethod, [...guard, ...uses, ...place]).catch(async (err: unknown) => {
        if (err instanceof DomainError && err.code === 'OrderNotPlaced') throw await whyRefused(group, promotion, actor.sub);
        throw err;
      });
      if (outcome === 'contention') throw new DomainError('unavailable', 'StockContention', 'Other orders kept taking the same stock or places; retry with the same Idempotency-Key');
      if ('shortSkus' in outcome) throw new DomainError('conflict', 'OutOfStock', `Not enough stock for ${outcome.shortSkus.join(', ')}; nothing was reserved or charged`, [], { shortSkus: outcome.shortSkus });
      return outcome;
    },
  });
  const order = await finishCheckout(opened, correlationId);
  const refusal = checkoutRefusal(order);
  if (refusal) throw refusal;
  // The order is taken: if it completes the group, the group fills (once). The order stands whatever happens here:
  // a fill not written now is written by the group's workflow (its wait, or its deadline's check).
  const groupId = order.groupBuy!.groupId;
  const { group } = await groupsRepository.fillIfComplete(groupId, correlationId).catch(async (err: unknown) => {
    logger.warn('group not filled now', { groupId, error: String(err) });
    return { group: (await groupsRepository.getGroup(groupId))! };
  });
  logger.info(created ? 'group joined' : 'group join already placed under this key', { orderId: order.orderId, groupId: group.groupId, status: group.status, accepted: group.accepted });
  return { status: 201, body: { group: groupView(group), order: toOrderView(order) }, headers: { location: `/orders/${order.orderId}` } };
});

/** The group to start or join and the items that take the member's place; a join that cannot be made is refused before anything is written. */
async function takePlace(promotion: Promotion, groupId: string | undefined, member: Parameters<typeof groupsRepository.joinItems>[1], now: Date, correlationId: string): Promise<{ group: Group; place: TransactWriteItem[] }> {
  if (groupId === undefined) {
    const group = startGroup(promotion, newId(), member.customerId, now);
    return { group, place: groupsRepository.startItems(group, { ...member, groupId: group.groupId }, groupStarted(group, correlationId), correlationId) };
  }
  const [group, already] = await Promise.all([groupsRepository.getGroup(groupId), groupsRepository.getMember(groupId, member.customerId)]);
  if (!group) throw notFound('Group', groupId);
  const refused = joinRefusal(group, promotion.promotionId, already !== undefined, now);
  if (refused) throw refused;
  return { group, place: groupsRepository.joinItems(group, { ...member, groupId }, now) };
}

/** Why the order's write was refused: the group (filled, closed, joined meanwhile) or, failing that, a promotion's counter. */
async function whyRefused(group: Group, promotion: Promotion, customerId: string): Promise<DomainError> {
  const [now, already] = await Promise.all([groupsRepository.getGroup(group.groupId), groupsRepository.getMember(group.groupId, customerId)]);
  // A new group that was not written has no reason of its own: a promotion ran out.
  const refused = now ? joinRefusal(now, promotion.promotionId, already !== undefined, clock.now()) : undefined;
  return refused ?? conflict('PromotionUnavailable', 'A promotion on this cart ran out (budget, limit or coupon) while the order was placed; try again');
}
