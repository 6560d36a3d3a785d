import { describe, expect, it } from 'vitest';
import { batchRefusals, normalizedQuery, shardOf, storeDay, type StorefrontEvent } from '../../../shared/domain/analytics/storefront-events';

const NOW = new Date('2030-06-10T12:00:00.000Z');
const event = (over: Partial<StorefrontEvent> = {}): StorefrontEvent => ({ eventId: 'e1', type: 'page_view', occurredAt: '2030-06-10T11:59:00.000Z', sessionId: 's1', ...over });

describe('a storefront batch', () => {
  it.each([
    ['a good page view', event(), []],
    ['a product view without its SKU', event({ type: 'product_view' }), [{ field: 'events.0.sku', message: 'required for a product_view event' }]],
    ['a search without its result count', event({ type: 'search', query: 'mug' }), [{ field: 'events.0.resultCount', message: 'required for a search event' }]],
    ['an event 6 minutes ahead of the server', event({ occurredAt: '2030-06-10T12:06:00.000Z' }), [{ field: 'events.0.occurredAt', message: 'in the future (more than 5 minutes ahead of the server clock)' }]],
    ['an event 4 minutes ahead (clock skew)', event({ occurredAt: '2030-06-10T12:04:00.000Z' }), []],
    ['an event 48 h and a minute old', event({ occurredAt: '2030-06-08T11:59:00.000Z' }), [{ field: 'events.0.occurredAt', message: 'older than 48 hours' }]],
    ['an event 47 h old', event({ occurredAt: '2030-06-08T13:00:00.000Z' }), []],
  ])('%s', (_, given, refusals) => {
    expect(batchRefusals([given], NOW)).toEqual(refusals);
  });

  it('names every bad event by its index, and an id used twice in the batch', () => {
    const refusals = batchRefusals([event(), event({ eventId: 'e2', type: 'add_to_cart' }), event({ eventId: 'e1' })], NOW);
    expect(refusals.map((refusal) => refusal.field)).toEqual(['events.1.sku', 'events.2.eventId']);
  });
});

describe('store days and shards', () => {
  it('counts an instant on the store day of its zone', () => {
    expect(storeDay('2030-06-10T22:30:00.000Z', 'UTC')).toBe('2030-06-10');
    expect(storeDay('2030-06-10T22:30:00.000Z', 'Europe/Berlin')).toBe('2030-06-11');
    expect(storeDay('2030-06-10T03:30:00.000Z', 'America/New_York')).toBe('2030-06-09');
  });

  it('puts an id always in the same shard, and spreads ids over all shards', () => {
    expect(shardOf('event-42', 8)).toBe(shardOf('event-42', 8));
    const used = new Set(Array.from({ length: 400 }, (_, i) => shardOf(`event-${i}`, 8)));
    expect([...used].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('counts "Red  Mug " and "red mug" as one search', () => {
    expect(normalizedQuery(' Red  Mug ')).toBe('red mug');
  });
});
