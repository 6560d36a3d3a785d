import { describe, expect, it } from 'vitest';
import {
  applyTrackingUpdate,
  deliveryDeadline,
  isDeliveryOverdue,
  NO_TRACKING,
  SEEN_EVENT_LIMIT,
  type TrackingState,
  type TrackingStatus,
  type TrackingUpdate,
} from '../../../shared/domain/orders/tracking';
import { canTransitionOrder } from '../../../shared/domain/orders/order';

const scan = (eventId: string, status: TrackingStatus, hour: number, description?: string): TrackingUpdate => ({
  eventId,
  status,
  occurredAt: `2030-07-04T${String(hour).padStart(2, '0')}:00:00.000Z`,
  ...(description ? { description } : {}),
});

const applyAll = (updates: readonly TrackingUpdate[], from: TrackingState = NO_TRACKING) =>
  updates.reduce((state, update) => applyTrackingUpdate(state, update).state, from);

const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1 ? [[...items]] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

describe('applyTrackingUpdate', () => {
  it('moves a shipped parcel to IN_TRANSIT on its first scan and asks to notify the customer', () => {
    expect(applyTrackingUpdate(NO_TRACKING, scan('e1', 'IN_TRANSIT', 8))).toEqual({
      state: { status: 'IN_TRANSIT', furthest: 'IN_TRANSIT', lastProgressAt: '2030-07-04T08:00:00.000Z', seenEventIds: ['e1'] },
      effect: 'STATUS_CHANGED',
      from: undefined,
      to: 'IN_TRANSIT',
      notifyCustomer: true,
      alertOps: false,
    });
  });

  it('ignores the same event delivered twice', () => {
    const state = applyAll([scan('e1', 'IN_TRANSIT', 8)]);
    const replay = applyTrackingUpdate(state, scan('e1', 'IN_TRANSIT', 8));
    expect(replay).toMatchObject({ effect: 'DUPLICATE', notifyCustomer: false, alertOps: false });
    expect(replay.state).toBe(state);
  });

  it.each<[string, TrackingUpdate[], TrackingUpdate, string, TrackingStatus | undefined]>([
    ['IN_TRANSIT arriving after OUT_FOR_DELIVERY is stale', [scan('e2', 'OUT_FOR_DELIVERY', 9)], scan('e1', 'IN_TRANSIT', 8), 'STALE', 'OUT_FOR_DELIVERY'],
    ['OUT_FOR_DELIVERY after IN_TRANSIT advances', [scan('e1', 'IN_TRANSIT', 8)], scan('e2', 'OUT_FOR_DELIVERY', 9), 'STATUS_CHANGED', 'OUT_FOR_DELIVERY'],
    ['a first scan may be the delivery', [], scan('e3', 'DELIVERED', 12), 'STATUS_CHANGED', 'DELIVERED'],
    ['anything after DELIVERED is stale, even an exception', [scan('e3', 'DELIVERED', 12)], scan('e4', 'EXCEPTION', 13), 'STALE', 'DELIVERED'],
    ['a newer scan at the same stage is kept quietly', [scan('e1', 'IN_TRANSIT', 8)], scan('e2', 'IN_TRANSIT', 10), 'RECORDED', 'IN_TRANSIT'],
    ['an exception opens', [scan('e1', 'IN_TRANSIT', 8)], scan('x1', 'EXCEPTION', 9), 'STATUS_CHANGED', 'EXCEPTION'],
    ['a scan after the exception resolves it', [scan('e1', 'IN_TRANSIT', 8), scan('x1', 'EXCEPTION', 9)], scan('e2', 'IN_TRANSIT', 10), 'STATUS_CHANGED', 'IN_TRANSIT'],
    ['a late scan from before the exception leaves it open', [scan('x1', 'EXCEPTION', 9)], scan('e1', 'IN_TRANSIT', 8), 'RECORDED', 'EXCEPTION'],
    ['a late exception from before a later scan is stale', [scan('e2', 'OUT_FOR_DELIVERY', 10)], scan('x1', 'EXCEPTION', 9), 'STALE', 'OUT_FOR_DELIVERY'],
    ['an exception at the very time of a scan counts as open', [scan('e1', 'IN_TRANSIT', 9)], scan('x1', 'EXCEPTION', 9), 'STATUS_CHANGED', 'EXCEPTION'],
    ['DELIVERED ends an open exception', [scan('e1', 'IN_TRANSIT', 8), scan('x1', 'EXCEPTION', 9)], scan('e3', 'DELIVERED', 12), 'STATUS_CHANGED', 'DELIVERED'],
  ])('%s', (_case, before, update, effect, status) => {
    const result = applyTrackingUpdate(applyAll(before), update);
    expect([result.effect, result.to, result.notifyCustomer]).toEqual([effect, status, effect === 'STATUS_CHANGED']);
  });

  it('alerts ops when an exception opens, not again for a newer one while it is open', () => {
    const opened = applyTrackingUpdate(applyAll([scan('e1', 'IN_TRANSIT', 8)]), scan('x1', 'EXCEPTION', 9, 'Address not found'));
    expect(opened).toMatchObject({ alertOps: true, notifyCustomer: true });
    const another = applyTrackingUpdate(opened.state, scan('x2', 'EXCEPTION', 11, 'Held at depot'));
    expect(another).toMatchObject({ effect: 'RECORDED', alertOps: false, notifyCustomer: false });
    expect(another.state.lastException).toEqual({ eventId: 'x2', occurredAt: '2030-07-04T11:00:00.000Z', description: 'Held at depot' });
  });

  it('compares times, not strings: offsets are normalised to UTC', () => {
    // 10:00+02:00 is 08:00Z, before the 09:30Z exception, so the exception stays open.
    const state = applyAll([{ eventId: 'x1', status: 'EXCEPTION', occurredAt: '2030-07-04T09:30:00Z' }]);
    const late = applyTrackingUpdate(state, { eventId: 'e1', status: 'IN_TRANSIT', occurredAt: '2030-07-04T10:00:00+02:00' });
    expect(late).toMatchObject({ effect: 'RECORDED', to: 'EXCEPTION', state: { lastProgressAt: '2030-07-04T08:00:00.000Z' } });
  });

  it('refuses an update without a valid time', () => {
    expect(() => applyTrackingUpdate(NO_TRACKING, { eventId: 'e1', status: 'IN_TRANSIT', occurredAt: 'yesterday' })).toThrow(
      expect.objectContaining({ code: 'ValidationFailed', fieldErrors: [expect.objectContaining({ field: 'occurredAt' })] }),
    );
  });

  it('forgets the oldest event ids past the limit, and a forgotten replay still changes nothing', () => {
    const scans = Array.from({ length: SEEN_EVENT_LIMIT + 1 }, (_, i) => ({ ...scan(`e${i}`, 'IN_TRANSIT', 8), occurredAt: new Date(Date.UTC(2030, 6, 4, 8, i)).toISOString() }));
    const state = applyAll(scans);
    expect(state.seenEventIds).toHaveLength(SEEN_EVENT_LIMIT);
    expect(state.seenEventIds[0]).toBe('e1');
    expect(applyTrackingUpdate(state, scans[0]!)).toMatchObject({ effect: 'STALE', to: 'IN_TRANSIT' });
  });

  describe('any arrival order', () => {
    const journeys: [string, TrackingUpdate[], TrackingStatus][] = [
      ['delivered after an exception', [scan('e1', 'IN_TRANSIT', 8), scan('x1', 'EXCEPTION', 9), scan('e2', 'IN_TRANSIT', 10), scan('e3', 'OUT_FOR_DELIVERY', 11), scan('e4', 'DELIVERED', 12)], 'DELIVERED'],
      ['resolved exception, out for delivery', [scan('e1', 'IN_TRANSIT', 8), scan('x1', 'EXCEPTION', 9), scan('e3', 'OUT_FOR_DELIVERY', 11)], 'OUT_FOR_DELIVERY'],
      ['exception still open', [scan('e1', 'IN_TRANSIT', 8), scan('e3', 'OUT_FOR_DELIVERY', 10), scan('x1', 'EXCEPTION', 11)], 'EXCEPTION'],
    ];

    it.each(journeys)('%s: every order of arrival, each update sent twice, ends in %s', (_case, updates, expected) => {
      for (const order of permutations(updates)) {
        const deliveries = order.flatMap((update) => [update, update]);
        expect(applyAll(deliveries).status, order.map((u) => u.eventId).join(',')).toBe(expected);
      }
    });

    it.each(journeys)('%s: every status change on the way is a move the order allows', (_case, updates) => {
      for (const order of permutations(updates)) {
        let state = NO_TRACKING;
        for (const update of order) {
          const result = applyTrackingUpdate(state, update);
          if (result.effect === 'STATUS_CHANGED') expect(canTransitionOrder(result.from ?? 'SHIPPED', result.to!), `${result.from} → ${result.to}`).toBe(true);
          state = result.state;
        }
      }
    });
  });
});

describe('delivery deadline', () => {
  it('is the start of the day after the promised date, UTC', () => {
    expect(deliveryDeadline('2030-07-05')).toBe('2030-07-06T00:00:00.000Z');
    expect(deliveryDeadline('2030-12-31')).toBe('2031-01-01T00:00:00.000Z');
  });

  it.each([
    ['2030-07-05T12:00:00Z', false], // on the promised day
    ['2030-07-05T23:59:59.999Z', false],
    ['2030-07-06T00:00:00Z', true],
    ['2030-07-08T09:00:00Z', true],
  ])('promised by 2030-07-05, at %s it is overdue: %s', (now, expected) => {
    expect(isDeliveryOverdue('2030-07-05', new Date(now))).toBe(expected);
  });

  it.each(['tomorrow', '2030-7-5', '2030-07-05T00:00:00Z'])('refuses %s as a promised date', (promisedBy) => {
    expect(() => deliveryDeadline(promisedBy)).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
  });
});
