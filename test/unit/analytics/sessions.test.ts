import { describe, expect, it } from 'vitest';
import { mergeCounterAdds } from '../../../shared/domain/analytics/counters';
import { recordEvent, recordSessionEvents, visitorDayOf } from '../../../shared/domain/analytics/sessions';
import type { StorefrontEvent } from '../../../shared/domain/analytics/storefront-events';

const event = (over: Partial<StorefrontEvent>): StorefrontEvent => ({
  eventId: 'e',
  type: 'page_view',
  occurredAt: '2030-06-10T10:00:00.000Z',
  sessionId: 's1',
  source: 'Newsletter',
  region: 'de',
  device: 'mobile',
  ...over,
});

const totals = (adds: Parameters<typeof mergeCounterAdds>[0]) => Object.fromEntries(mergeCounterAdds(adds).map(({ day, dimension, add }) => [`${day} ${dimension}`, add]));

describe('sessions', () => {
  it("a session's first event creates it: a session per facet, a new visitor, a page view", () => {
    const first = recordEvent(event({ eventId: 'e1' }), undefined, false, 'UTC');
    expect(first.newSession).toBe(true);
    expect(first.session).toMatchObject({ day: '2030-06-10', source: 'newsletter', region: 'DE', pageViews: 1, engaged: false, version: 1 });
    expect(totals(first.counters)).toEqual({
      '2030-06-10 TOTAL': { events: 1, pageViews: 1, sessions: 1, visitors: 1 },
      '2030-06-10 SOURCE#newsletter': { sessions: 1 },
      '2030-06-10 REGION#DE': { sessions: 1 },
      '2030-06-10 DEVICE#mobile': { sessions: 1 },
    });
  });

  it('a visitor already seen that day is not counted again', () => {
    expect(totals(recordEvent(event({}), undefined, true, 'UTC').counters)['2030-06-10 TOTAL']).toEqual({ events: 1, pageViews: 1, sessions: 1 });
  });

  it('the second page view engages the session once, and the seconds between count as duration', () => {
    const first = recordEvent(event({ eventId: 'e1' }), undefined, false, 'UTC').session;
    const second = recordEvent(event({ eventId: 'e2', type: 'product_view', sku: 'MUG', occurredAt: '2030-06-10T10:01:30.000Z' }), first, true, 'UTC');
    expect(second.session.engaged).toBe(true);
    expect(totals(second.counters)).toEqual({
      '2030-06-10 TOTAL': { events: 1, pageViews: 1, productViews: 1, engagedSessions: 1, sessionSeconds: 90 },
      '2030-06-10 SKU#MUG': { views: 1 },
      '2030-06-10 SOURCE#newsletter': { engagedSessions: 1 },
      '2030-06-10 REGION#DE': { engagedSessions: 1 },
      '2030-06-10 DEVICE#mobile': { engagedSessions: 1 },
    });
    const third = recordEvent(event({ eventId: 'e3', occurredAt: '2030-06-10T10:02:00.000Z' }), second.session, true, 'UTC');
    expect(totals(third.counters)['2030-06-10 TOTAL']).toEqual({ events: 1, pageViews: 1, sessionSeconds: 30 });
  });

  it('a checkout engages a one-page session; a search or a cart alone does not', () => {
    const first = recordEvent(event({ eventId: 'e1' }), undefined, false, 'UTC').session;
    expect(recordEvent(event({ eventId: 'e2', type: 'search', query: 'mug', resultCount: 0 }), first, true, 'UTC').session.engaged).toBe(false);
    expect(recordEvent(event({ eventId: 'e2', type: 'add_to_cart', sku: 'MUG' }), first, true, 'UTC').session.engaged).toBe(false);
    expect(recordEvent(event({ eventId: 'e2', type: 'checkout_started' }), first, true, 'UTC').session.engaged).toBe(true);
  });

  it("a search with no result is counted under its query; a session's counters stay on the day it started", () => {
    const first = recordEvent(event({ eventId: 'e1', occurredAt: '2030-06-10T23:59:00.000Z' }), undefined, false, 'UTC').session;
    const late = recordEvent(event({ eventId: 'e2', type: 'search', query: 'Blue Teapot', resultCount: 0, occurredAt: '2030-06-11T00:01:00.000Z' }), first, true, 'UTC');
    expect(totals(late.counters)).toEqual({
      '2030-06-11 TOTAL': { events: 1, searches: 1, noResultSearches: 1 },
      '2030-06-11 NO_RESULT#blue teapot': { searches: 1 },
      '2030-06-10 TOTAL': { sessionSeconds: 120 },
    });
  });
});

describe("a session's events recorded together", () => {
  it('adds up to what recording them one by one adds, and ends at the same session', () => {
    const events = [event({ eventId: 'e1' }), event({ eventId: 'e2', type: 'checkout_started', occurredAt: '2030-06-10T10:00:40.000Z' })];
    const together = recordSessionEvents(events, undefined, false, 'UTC');
    const first = recordEvent(events[0]!, undefined, false, 'UTC');
    const second = recordEvent(events[1]!, first.session, false, 'UTC');
    expect(together.session).toEqual(second.session);
    expect(together.newSession).toBe(true);
    expect(totals(together.counters)).toEqual(totals([...first.counters, ...second.counters]));
    expect(totals(together.counters)['2030-06-10 TOTAL']).toEqual({ events: 2, pageViews: 1, checkouts: 1, sessions: 1, visitors: 1, engagedSessions: 1, sessionSeconds: 40 });
    expect(visitorDayOf(events[0]!, 'UTC')).toEqual({ day: '2030-06-10', visitorId: 'S:s1' });
  });
});
