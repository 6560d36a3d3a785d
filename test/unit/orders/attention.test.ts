import { describe, expect, it } from 'vitest';
import { describeLeftovers, hasStalled, leftovers, needAttention, resolveAttention, withLeftovers } from '../../../shared/domain/orders/attention';
import type { Order } from '../../../shared/domain/orders/order';
import { storedOrder } from '../../handlers/orders/support';

const AT = new Date('2030-07-02T09:00:00.000Z');
const reserved = (overrides: Partial<Order> = {}): Order =>
  ({ ...storedOrder('PAYMENT_AUTHORIZED'), stockHold: 'RESERVED', ...overrides }) as Order;

describe('NEEDS_ATTENTION', () => {
  it('records exactly what is left: the reserved units of every line and an open authorization', () => {
    const order = reserved();
    const units = order.price.lines.reduce((sum, line) => sum + line.quantity, 0);
    expect(units).toBeGreaterThan(0);
    expect(leftovers({ ...order, payment: { ...order.payment, status: 'AUTHORIZED' } })).toEqual({ reservedUnits: units, authorizationOpen: true });
    expect(leftovers({ ...order, stockHold: 'RELEASED', payment: { ...order.payment, status: 'VOIDED' } })).toEqual({ reservedUnits: 0, authorizationOpen: false });
    // An authorize that was asked for and timed out may have gone through: a void is owed.
    expect(leftovers({ ...order, payment: { ...order.payment, status: 'PENDING', authorizationRequestedAt: AT.toISOString() } }).authorizationOpen).toBe(true);
  });

  it('parks the order with its leftovers and the status it should end in', () => {
    const order = reserved({ payment: { ...reserved().payment, status: 'AUTHORIZED' } });
    const parked = needAttention(order, AT, { reason: 'COMPENSATION_FAILED', error: 'Lambda.TooManyRequestsException' });
    expect(parked).toMatchObject({ status: 'NEEDS_ATTENTION', attention: { reason: 'COMPENSATION_FAILED', authorizationOpen: true, resolveTo: 'FAILED', since: AT.toISOString() } });
    expect(parked.timeline.at(-1)).toMatchObject({ status: 'NEEDS_ATTENTION', note: expect.stringContaining('still reserved') });
    expect(needAttention(parked, AT, { reason: 'WORKFLOW_STALLED' })).toBe(parked);
    expect(needAttention({ ...order, status: 'CANCELLED' }, AT, { reason: 'COMPENSATION_FAILED' }).attention?.resolveTo).toBe('CANCELLED');
    expect(needAttention({ ...order, status: 'REJECTED' }, AT, { reason: 'COMPENSATION_FAILED' }).attention?.resolveTo).toBe('REJECTED');
  });

  it('resolves only once nothing is left, to the status it should have ended in', () => {
    const parked = needAttention(reserved({ status: 'CANCELLED' }), AT, { reason: 'COMPENSATION_FAILED' });
    expect(resolveAttention(parked, AT)).toBeUndefined();
    const released = withLeftovers({ ...parked, stockHold: 'RELEASED' });
    expect(released.attention?.reservedUnits).toBe(0);
    expect(resolveAttention(released, AT)).toMatchObject({ status: 'CANCELLED', attention: { resolvedAt: AT.toISOString() } });
  });

  it('calls a transient order untouched for the threshold stalled, and nothing else', () => {
    const old = { ...reserved(), updatedAt: '2030-07-02T08:00:00.000Z' };
    expect(hasStalled(old, AT, 15 * 60_000)).toBe(true);
    expect(hasStalled({ ...old, updatedAt: '2030-07-02T08:50:00.000Z' }, AT, 15 * 60_000)).toBe(false);
    expect(hasStalled({ ...old, status: 'AWAITING_PACKING' }, AT, 15 * 60_000)).toBe(false);
  });

  it('says what is left in words', () => {
    expect(describeLeftovers({ reservedUnits: 3, authorizationOpen: true })).toBe('3 unit(s) still reserved, a payment authorization still open');
  });
});
