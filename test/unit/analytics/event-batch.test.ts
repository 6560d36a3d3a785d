import { describe, expect, it } from 'vitest';
import { decideEventBatch, distinctEvents, MAX_WRITE_ITEMS, sessionRounds, writeItems } from '../../../shared/domain/analytics/event-batch';
import type { Session } from '../../../shared/domain/analytics/sessions';
import type { StorefrontEvent } from '../../../shared/domain/analytics/storefront-events';

const at = (second: number) => new Date(Date.parse('2030-06-10T11:00:00.000Z') + second * 1000).toISOString();
const event = (eventId: string, sessionId: string, second: number, over: Partial<StorefrontEvent> = {}): StorefrontEvent => ({ eventId, type: 'page_view', occurredAt: at(second), sessionId, ...over });
const stored = (sessionId: string, eventIds: string[]): Session => ({
  sessionId, day: '2030-06-10', startedAt: at(0), lastAt: at(0), pageViews: 1, engaged: false, source: 'direct', region: 'UNKNOWN', device: 'other', visitorId: `S:${sessionId}`, version: 1, eventIds,
});

describe('a batch of storefront events decided together', () => {
  it('keeps each event once, the first of its id: a batch and its resending in one queue delivery', () => {
    const batch = [event('a', 's1', 0), event('b', 's1', 1, { type: 'product_view', sku: 'X' })];
    const resent = [event('a', 's1', 0), event('b', 's1', 1, { type: 'product_view', sku: 'X' }), event('c', 's2', 2)];
    expect(distinctEvents([...batch, ...resent]).map((e) => e.eventId)).toEqual(['a', 'b', 'c']);
    const decision = decideEventBatch(distinctEvents([...batch, ...resent]), new Map(), new Map(), 'UTC');
    expect(decision.writes.flat().find((change) => change.session.sessionId === 's1')!.session.pageViews).toBe(2);
  });

  it('cuts a session of 45 events in rounds of 20, 20 and 5, in time order, beside a session of 2', () => {
    const long = Array.from({ length: 45 }, (_, n) => event(`l${n}`, 'long', 45 - n));
    const rounds = sessionRounds([...long, event('a', 'short', 1), event('b', 'short', 0)]);
    expect(rounds.map((round) => round.length)).toEqual([22, 20, 5]);
    expect(rounds[0]!.filter((e) => e.sessionId === 'short').map((e) => e.eventId)).toEqual(['b', 'a']);
    expect(rounds[0]![0]!.eventId).toBe('l44');
  });

  it('leaves out the events a session holds already, and records the rest into it', () => {
    const decision = decideEventBatch([event('e1', 's1', 0), event('e2', 's1', 30)], new Map([['s1', stored('s1', ['e1'])]]), new Map(), 'UTC');
    expect(decision.duplicates).toEqual(['e1']);
    expect(decision.writes).toHaveLength(1);
    expect(decision.writes[0]![0]).toMatchObject({ readVersion: 1, newVisitor: false, eventIds: ['e2'], session: { eventIds: ['e1', 'e2'], pageViews: 2, version: 2 } });
  });

  it('counts a visitor once per day: its first new session puts the guard, a visitor seen before none, a session-only visitor needs none', () => {
    const decision = decideEventBatch(
      [event('e1', 's1', 0, { customerId: 'c1' }), event('e2', 's2', 5, { customerId: 'c1' }), event('e3', 's3', 9, { visitorId: 'v9' }), event('e4', 's4', 9)],
      new Map(),
      new Map([['2030-06-10|V:v9', 's0']]),
      'UTC',
    );
    expect(decision.writes[0]!.map((change) => [change.session.sessionId, change.newVisitor])).toEqual([['s1', true], ['s2', false], ['s3', false], ['s4', false]]);
    // Counted all the same: c1 once, s4 (itself) once; v9 was seen before.
    const visitors = decision.writes[0]!.flatMap((change) => change.counters).filter((add) => add.dimension === 'TOTAL').reduce((sum, add) => sum + (add.add.visitors ?? 0), 0);
    expect(visitors).toBe(2);
  });

  it('counts a claimed visitor only with its claiming session, whatever the order: a new claimer is a retry after its write failed', () => {
    const sessionsOfV1 = [event('e1', 's2', 0, { visitorId: 'v1' }), event('e2', 's1', 5, { visitorId: 'v1' }), event('e3', 's3', 9, { visitorId: 'v1' })];
    const decision = decideEventBatch(sessionsOfV1, new Map(), new Map([['2030-06-10|V:v1', 's1']]), 'UTC');
    expect(decision.writes[0]!.map((change) => [change.session.sessionId, change.newVisitor])).toEqual([['s2', false], ['s1', true], ['s3', false]]);
    const visitors = decision.writes[0]!.flatMap((change) => change.counters).filter((add) => add.dimension === 'TOTAL').reduce((sum, add) => sum + (add.add.visitors ?? 0), 0);
    expect(visitors).toBe(1);
    // Claimed by a session written before (or one this round does not hold): seen.
    const seen = decideEventBatch(sessionsOfV1, new Map(), new Map([['2030-06-10|V:v1', 's0']]), 'UTC');
    expect(seen.writes[0]!.some((change) => change.newVisitor)).toBe(false);
  });

  it('packs sessions into transactions of at most 100 items (puts, merged counters; the visitor claims go before)', () => {
    // 30 sessions of 4 product views of SKUs of their own: per session a put, 4 facets shared, 4 SKU items its own.
    const events = Array.from({ length: 30 }, (_, s) => Array.from({ length: 4 }, (_, v) => event(`e${s}-${v}`, `s${s}`, v, { type: 'product_view', sku: `SKU-${s}-${v}`, visitorId: `v${s}` }))).flat();
    const decision = decideEventBatch(events, new Map(), new Map(), 'UTC');
    expect(decision.writes.length).toBeGreaterThan(1);
    expect(decision.writes.every((write) => writeItems(write) <= MAX_WRITE_ITEMS)).toBe(true);
    expect(decision.writes.flat()).toHaveLength(30);
    // 19 sessions: 19 puts + 4 facets + 76 SKU items = 99 (a 20th would make 104).
    expect(decision.writes[0]).toHaveLength(19);
  });
});
