/**
 * The demo shop's generated traffic (infra/local/demo-traffic.ts), without a cloud: the same shop from the same
 * seed, eight weeks ending yesterday, with daily and weekly seasonality, and the planted problems the insight
 * rules are meant to find on the day a newcomer looks (yesterday), computed by analytics' own KPI and insight
 * functions from the counters the seed writes.
 */
import { describe, expect, it } from 'vitest';
import { demoTraffic, DEMO_TRAFFIC_DAYS } from '../../infra/local/demo-traffic';
import { count, mergeCounterAdds, sumDayCounters } from '../../shared/domain/analytics/counters';
import { effectiveRules, insightsOf } from '../../shared/domain/analytics/insights';
import { dayKpis } from '../../shared/domain/analytics/kpis';

const TODAY = '2030-06-11';
const traffic = demoTraffic(TODAY, 'Europe/Berlin', 90);
const merged = mergeCounterAdds(traffic.counters);
const dayOf = (day: string) => sumDayCounters(day, merged.filter((add) => add.day === day).map((add) => ({ dimension: add.dimension, counters: add.add })));

describe('the demo shop traffic', () => {
  it('is eight weeks ending yesterday, the same from the same seed', () => {
    expect(traffic.days).toHaveLength(DEMO_TRAFFIC_DAYS);
    expect(traffic.days[0]).toBe('2030-04-16');
    expect(traffic.days.at(-1)).toBe('2030-06-10');
    const again = demoTraffic(TODAY, 'Europe/Berlin', 90);
    expect([again.sessions, again.events, again.orders]).toEqual([traffic.sessions, traffic.events, traffic.orders]);
    expect(traffic.orders).toBeGreaterThan(400);
  });

  it('is busier at the weekend than midweek, and in the evening than at night', () => {
    const sessions = (day: string) => count(dayOf(day).total, 'sessions');
    const byWeekday = Array.from({ length: 7 }, () => [] as number[]);
    for (const day of traffic.days) byWeekday[new Date(`${day}T00:00:00Z`).getUTCDay()]!.push(sessions(day));
    const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(average(byWeekday[6]!)).toBeGreaterThan(1.2 * average(byWeekday[2]!)); // Saturday vs Tuesday
    expect(count(dayOf('2030-06-10').total, 'sessions')).toBeGreaterThan(200);
  });

  it('plants what the insights should find on (nearly) every day: a cart abandoned, views without carts, searches without results', () => {
    const found = traffic.days.map((day) => {
      const counters = dayOf(day);
      const { card, skus } = dayKpis(counters, { currency: 'EUR', revenueBefore: {}, stock: new Map() });
      const noResultSearches = [...counters.noResultSearches].map(([query, c]) => ({ query, searches: count(c, 'searches') }));
      return { card, insights: insightsOf({ card, skus, noResultSearches, trailingMarginRate: null }, effectiveRules([])).map((insight) => `${insight.rule} ${insight.entity.id}`) };
    });
    const share = (test: (insights: string[]) => boolean) => found.filter(({ insights }) => test(insights)).length / found.length;
    expect(share((insights) => insights.includes('cart-abandonment CC-TEAPOT-1L'))).toBeGreaterThan(0.85);
    expect(share((insights) => insights.includes('views-without-carts NW-LINEN-SHEET'))).toBeGreaterThan(0.85);
    expect(share((insights) => insights.some((line) => line.startsWith('no-result-searches')))).toBeGreaterThan(0.85);
    // Nothing else is planted: the rest of the shop is healthy.
    expect(found.flatMap(({ insights }) => insights).filter((line) => !/^(cart-abandonment CC-TEAPOT|views-without-carts NW-LINEN|no-result-searches)/.test(line))).toEqual([]);
    expect(found.every(({ card }) => (card.sales.marginRate ?? 0) > 0.4)).toBe(true);
  });
});
