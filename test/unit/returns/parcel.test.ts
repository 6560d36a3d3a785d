import { describe, expect, it } from 'vitest';
import { expireReturn } from '../../../shared/domain/returns/approval';
import { attachReturnLabel } from '../../../shared/domain/returns/label';
import { trackReturnParcel, type ParcelScan } from '../../../shared/domain/returns/parcel';
import { requestReturn } from '../../../shared/domain/returns/request';
import { nextStep, type Return } from '../../../shared/domain/returns/return';
import { DEFAULT_RETURN_RULES } from '../../../shared/domain/returns/rules';
import { emptyTally } from '../../../shared/domain/returns/tally';
import { deliveredOrder, SKUS } from './fixtures';

const NOW = new Date('2030-07-12T09:00:00.000Z');
const order = deliveredOrder();
const asked = requestReturn(order, { returnId: '01J0RETURN', lines: [{ sku: 'TEE', quantity: 1 }], reason: 'DEFECTIVE', resolution: { type: 'REFUND' }, requestedBy: 'cust-1', now: new Date('2030-07-10T12:00:00.000Z') }, { skus: SKUS, tally: emptyTally(order.orderId), customerReturnCount: 0, rules: DEFAULT_RETURN_RULES }).next;
const labelled = attachReturnLabel(asked, { carrierId: 'rheinpost', trackingNumber: 'RHE0001', labelUrl: 'https://labels.sandbox.invalid/x.pdf' }, NOW).next!;
const scan = (status: ParcelScan['status'], eventId = `ev-${status}`, description?: string): ParcelScan => ({ eventId, status, occurredAt: '2030-07-11T10:00:00.000Z', ...(description ? { description } : {}) });
const after = (ret: Return, ...scans: ParcelScan[]) => scans.reduce((current, next) => trackReturnParcel(current, next, NOW).next ?? current, ret);

describe('tracking the return parcel', () => {
  it.each([
    // scans before, the new scan, its effect, the parcel's status after, events
    ['the first scan: sent, in transit', [], scan('IN_TRANSIT'), 'UPDATED', 'IN_TRANSIT', []],
    ['further on', [scan('IN_TRANSIT')], scan('OUT_FOR_DELIVERY'), 'UPDATED', 'OUT_FOR_DELIVERY', []],
    ['a late scan of an earlier step keeps the progress', [scan('DELIVERED')], scan('IN_TRANSIT', 'ev-late'), 'NO_PROGRESS', 'DELIVERED', []],
    ['a replay changes nothing', [scan('IN_TRANSIT')], scan('IN_TRANSIT'), 'DUPLICATE', 'IN_TRANSIT', []],
    ['a problem alerts ops', [scan('IN_TRANSIT')], scan('EXCEPTION', 'ev-x', 'Parcel damaged'), 'UPDATED', 'EXCEPTION', ['ReturnParcelException']],
    ['progress after a problem clears it', [scan('IN_TRANSIT'), scan('EXCEPTION')], scan('DELIVERED'), 'UPDATED', 'DELIVERED', []],
  ] as const)('%s', (_, before, next, effect, status, events) => {
    const decision = trackReturnParcel(after(labelled, ...before), next, NOW);
    expect(decision.effect).toBe(effect);
    expect((decision.next ?? after(labelled, ...before)).parcel?.status).toBe(status);
    expect(decision.events?.map((event) => event.detailType) ?? []).toEqual(events);
  });

  it('keeps when it was sent (the first scan) and tells the customer it is on its way', () => {
    const moving = after(labelled, scan('IN_TRANSIT'), { ...scan('OUT_FOR_DELIVERY'), occurredAt: '2030-07-12T07:00:00.000Z' });
    expect(moving.parcel).toMatchObject({ status: 'OUT_FOR_DELIVERY', sentAt: '2030-07-11T10:00:00.000Z', eventIds: ['ev-IN_TRANSIT', 'ev-OUT_FOR_DELIVERY'] });
    expect(nextStep(moving)).toContain('on its way back with rheinpost (out for delivery, tracking RHE0001)');
  });

  it('tracks only a return waiting for its parcel', () => {
    const expired = expireReturn(labelled, emptyTally(order.orderId), NOW).next!;
    expect(trackReturnParcel(expired, scan('IN_TRANSIT'), NOW)).toEqual({ effect: 'NOT_AWAITED' });
  });

  it('a parcel sent in time does not expire at the parcel deadline', () => {
    expect(expireReturn(after(labelled, scan('IN_TRANSIT')), emptyTally(order.orderId), NOW)).toEqual({});
    expect(expireReturn(labelled, emptyTally(order.orderId), NOW).next?.status).toBe('EXPIRED');
  });
});
