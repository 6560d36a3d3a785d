import { describe, expect, it } from 'vitest';
import { closeGroup, fillGroup, groupStarted, joinRefusal, startGroup, type Group } from '../../../shared/domain/promotions/group-buy';
import { applyPromotions } from '../../../shared/domain/promotions/engine';
import { placeChange } from '../../../shared/adapters/groups-repository';
import { awaitPacking, cancelOrder, raisePackingOverdue, releaseFromGroup } from '../../../shared/domain/orders/fulfilment';
import { checkoutRefusal, completeCheckout } from '../../../shared/domain/orders/checkout';
import { cancellationFor, type Order, type OrderStatus } from '../../../shared/domain/orders/order';
import { priceCart } from '../../../shared/domain/orders/pricing';
import { cart, context, NOW, promo } from './support';

const GROUP_BUY = promo('GB', { type: 'GROUP_BUY', prices: [{ sku: 'TEE-M', price: 1900 }], minParticipants: 3, timeLimitHours: 24, perCustomerUnits: 2 }, { name: 'Tees together' });
const group = (overrides: Partial<Group> = {}): Group => ({ ...startGroup(GROUP_BUY, 'G1', 'leader', NOW), members: 1, accepted: 1, ...overrides });
const LATER = new Date(NOW.getTime() + 60_000);

describe('group price (GROUP_BUY)', () => {
  it('applies only to an order that joins a group of the promotion, never to a plain quote', () => {
    const plain = applyPromotions([GROUP_BUY], cart(['TEE-M', 1, 2999]), context());
    expect(plain.applied).toEqual([]);
    expect(plain.notes).toEqual([]);
    const joined = applyPromotions([GROUP_BUY], cart(['TEE-M', 1, 2999]), context({ groupBuy: 'GB' }));
    expect(joined.applied).toEqual([expect.objectContaining({ promotionId: 'GB', stage: 'PRICE', amount: 1099, explanation: 'Group buy: 1 unit at the group price: you saved 10.99' })]);
    expect(applyPromotions([GROUP_BUY], cart(['TEE-M', 1, 2999]), context({ groupBuy: 'OTHER' })).applied).toEqual([]);
  });

  it('gives the group price for at most perCustomerUnits units of the order; the rest at the regular price', () => {
    const result = applyPromotions([GROUP_BUY], cart(['TEE-M', 3, 2999]), context({ groupBuy: 'GB' }));
    expect(result.applied[0]).toMatchObject({ amount: 2 * 1099, explanation: 'Group buy: 2 units at the group price (the rest at the regular price: limit reached): you saved 21.98' });
    expect(result.consumption).toEqual([{ promotionId: 'GB', discount: 2198, units: 2 }]);
  });
});

describe('a group', () => {
  it('starts OPEN with its deadline the time limit away, and GroupStarted carries the workflow\'s wait in seconds', () => {
    const started = startGroup(GROUP_BUY, 'G1', 'leader', NOW);
    expect(started).toMatchObject({ status: 'OPEN', minParticipants: 3, members: 0, accepted: 0, deadline: '2026-12-03T10:00:00.000Z', promotionName: 'Tees together' });
    expect(groupStarted(started, 'corr-1')).toMatchObject({ source: 'commerce.promotions', detailType: 'GroupStarted', detail: { groupId: 'G1', promotionId: 'GB', timeLimitSeconds: 86_400, correlationId: 'corr-1' } });
  });

  it('cannot be started for a promotion that is not a group buy, or not running', () => {
    const percent = promo('P', { type: 'PERCENT_OFF', percent: 10, target: { kind: 'ORDER', ids: [] } });
    expect(() => startGroup(percent, 'G1', 'leader', NOW)).toThrow(expect.objectContaining({ code: 'NotAGroupBuy', kind: 'conflict' }));
    expect(() => startGroup({ ...GROUP_BUY, status: 'PAUSED' }, 'G1', 'leader', NOW)).toThrow(expect.objectContaining({ code: 'PromotionNotLive' }));
  });

  it.each<[string, Partial<Group>, boolean, string | undefined]>([
    ['an open group with a place left', { members: 2 }, false, undefined],
    ['a member joining twice', { members: 2 }, true, 'AlreadyInGroup'],
    ['every place taken by orders still being placed', { members: 3, accepted: 2 }, false, 'GroupFull'],
    ['a filled group', { status: 'FILLED', members: 3, accepted: 3 }, false, 'GroupFull'],
    ['an expired group', { status: 'EXPIRED' }, false, 'GroupClosed'],
    ['an open group past its deadline (its workflow has not closed it yet)', { deadline: NOW.toISOString() }, false, 'GroupClosed'],
  ])('joining %s: %s', (_what, overrides, alreadyMember, code) => {
    const refusal = joinRefusal(group(overrides), 'GB', alreadyMember, NOW);
    expect(refusal?.code).toBe(code);
    if (code) expect(refusal?.kind).toBe('conflict');
  });

  it('is not found under another promotion', () => {
    expect(joinRefusal(group(), 'OTHER', false, NOW)).toMatchObject({ kind: 'not-found', code: 'GroupNotFound' });
  });

  it('fills once every place is taken by an accepted order, with GroupFilled; not before, not twice', () => {
    expect(fillGroup(group({ members: 3, accepted: 2 }), LATER)).toBeUndefined();
    const filled = fillGroup(group({ members: 3, accepted: 3 }), LATER)!;
    expect(filled.next).toMatchObject({ status: 'FILLED', filledAt: LATER.toISOString() });
    expect(filled.event).toMatchObject({ detailType: 'GroupFilled', detail: { groupId: 'G1', members: 3, summary: 'Your group for Tees together is complete (3 of 3): your order goes to the warehouse now.' } });
    expect(fillGroup(filled.next, LATER)).toBeUndefined();
  });

  it('at its deadline: EXPIRED with GroupExpired, or FILLED when it completed and nobody said so; nothing once closed', () => {
    const expired = closeGroup(group({ members: 2, accepted: 2 }), LATER)!;
    expect(expired.next).toMatchObject({ status: 'EXPIRED', expiredAt: LATER.toISOString() });
    expect(expired.event).toMatchObject({ detailType: 'GroupExpired', detail: { members: 2 } });
    expect(closeGroup(group({ members: 3, accepted: 3 }), LATER)?.next.status).toBe('FILLED');
    expect(closeGroup(expired.next, LATER)).toBeUndefined();
  });
});

const order = (status: OrderStatus, overrides: Partial<Order> = {}): Order => ({
  orderId: '01J0ORDER',
  customerId: 'cust-1',
  status,
  price: priceCart([{ sku: 'TEE-M', quantity: 1 }], [{ sku: 'TEE-M', unitPrice: { amount: 2999, currency: 'EUR' } }], [], { amount: 0, currency: 'EUR' }),
  shippingAddress: { name: 'Ada', line1: 'Invalidenstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  serviceLevel: 'STANDARD',
  promisedBy: '2030-07-05',
  warehouseId: 'berlin-hub',
  estimatedWeightGrams: 400,
  stockHold: 'RESERVED',
  payment: { status: 'AUTHORIZED', method: '•••• 4242', amount: { amount: 2999, currency: 'EUR' }, idempotencyKey: 'payment-01J0ORDER' },
  shipments: [],
  timeline: [{ at: NOW.toISOString(), status }],
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  groupBuy: { promotionId: 'GB', groupId: 'G1' },
  ...overrides,
});

describe('a group-buy order', () => {
  it('is accepted AWAITING_GROUP (not AWAITING_PACKING) with OrderPlaced, and the checkout answers 201', () => {
    const opened = order('STOCK_RESERVED', { payment: { status: 'PENDING', method: '•••• 4242', amount: { amount: 2999, currency: 'EUR' }, idempotencyKey: 'payment-01J0ORDER' } });
    const decision = completeCheckout(opened, { outcome: 'AUTHORIZED', authorizationId: 'auth_1', authorizedAt: LATER.toISOString() }, LATER, 'corr-1');
    expect(decision.next).toMatchObject({ status: 'AWAITING_GROUP', payment: { status: 'AUTHORIZED' } });
    expect(decision.events?.map((event) => event.detailType)).toEqual(['OrderPlaced']);
    expect(checkoutRefusal(decision.next!)).toBeUndefined();
  });

  it('waits in the packing wait without moving, is never overdue there, and goes to the warehouse once its group fills', () => {
    expect(awaitPacking(order('AWAITING_GROUP'), LATER)).toMatchObject({ packed: false, next: { status: 'AWAITING_GROUP' } });
    expect(raisePackingOverdue(order('AWAITING_GROUP'), 86_400, LATER)).toEqual({});
    const released = releaseFromGroup(order('AWAITING_GROUP'), LATER).next!;
    expect(released.timeline.at(-1)).toEqual({ at: LATER.toISOString(), status: 'AWAITING_PACKING', reason: 'GROUP_FILLED', note: 'The group filled: the order goes to the warehouse' });
    expect(releaseFromGroup(released, LATER)).toEqual({});
    expect(releaseFromGroup(order('CANCELLED'), LATER)).toEqual({});
  });

  it('can be cancelled while it waits, by its customer or by its expired group', () => {
    expect(cancellationFor('01J0ORDER', 'AWAITING_GROUP')).toBe('CANCEL');
    const expired = cancelOrder(order('AWAITING_GROUP'), 'group-buy:G1', 'The group did not fill in time', LATER, 'GROUP_EXPIRED');
    expect(expired.next!.timeline.at(-1)).toMatchObject({ status: 'CANCELLED', reason: 'GROUP_EXPIRED' });
    expect(expired.effects).toEqual(['STOP_PACKING_WAIT']);
  });

  it('moves its place in the group with it: counted when taken, given back when rejected or cancelled while waiting, kept once released', () => {
    const names = (items: ReturnType<typeof placeChange>) => items.map((item) => (item.Update ? `${item.Update.UpdateExpression} ${JSON.stringify(item.Update.ExpressionAttributeValues)}` : `Delete ${String(item.Delete?.Key?.sk)}`));
    expect(names(placeChange(order('STOCK_RESERVED'), order('AWAITING_GROUP')))).toEqual(['ADD #accepted :accepted {":accepted":1}']);
    expect(names(placeChange(order('STOCK_RESERVED'), order('REJECTED')))).toEqual(['Delete MEMBER#cust-1', 'ADD #members :members {":members":-1}']);
    expect(names(placeChange(order('AWAITING_GROUP'), order('CANCELLED')))).toEqual(['Delete MEMBER#cust-1', 'ADD #members :members, #accepted :accepted {":members":-1,":accepted":-1}']);
    expect(placeChange(order('AWAITING_PACKING'), order('CANCELLED'))).toEqual([]);
    expect(placeChange(order('AWAITING_GROUP'), order('AWAITING_GROUP'))).toEqual([]);
    expect(placeChange(order('STOCK_RESERVED', { groupBuy: undefined }), order('AWAITING_PACKING', { groupBuy: undefined }))).toEqual([]);
  });
});
