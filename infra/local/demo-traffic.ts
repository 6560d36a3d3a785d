/**
 * Eight weeks of a demo shop's storefront traffic and orders, generated from a fixed seed (the same shop on every
 * machine and every day, shifted to end yesterday), turned into counters by analytics' own domain functions:
 * each session's events folded by `recordSessionEvents` (as POST /events does), each order counted by
 * `placedOrderCounters` and `recordCustomerOrder` (as the OrderPlaced consumer does). seed-traffic.ts writes them.
 *
 * The shop: 12 SKUs of the demo categories, ~260 sessions on a weekday and a third more at the weekend, slowly
 * growing, busiest at lunch and in the evening. Planted problems for the insights to find:
 * - CC-TEAPOT-1L is put in many carts and rarely ordered (cart-abandonment: review its page or price);
 * - NW-LINEN-SHEET is featured, viewed by most sessions and almost never carted (views-without-carts);
 * - shoppers search for things the shop does not sell ("bamboo towels", "espresso cups", "linen apron").
 */
import type { CounterAdd } from '../../shared/domain/analytics/counters';
import { placedOrderCounters, recordCustomerOrder, cancelledOrderCounters, shippedOrderCounters, type CustomerHistory, type PlacedOrder } from '../../shared/domain/analytics/orders';
import { recordSessionEvents } from '../../shared/domain/analytics/sessions';
import { storeDay, type DeviceClass, type StorefrontEvent } from '../../shared/domain/analytics/storefront-events';
import type { cellMoves } from '../../shared/domain/analytics/rfm';
import { addDays } from '../../shared/domain/inventory/sales';

export const DEMO_TRAFFIC_DAYS = 56;
const SEED = 13;

interface DemoSku {
  readonly sku: string;
  readonly categoryId: string;
  readonly priceMinor: number;
  readonly costMinor: number;
  /** Relative chance a product view is of this SKU. */
  readonly viewWeight: number;
  /** Chance a view puts it in the cart. */
  readonly cartRate: number;
  /** Chance a carted unit is still in the order. */
  readonly keepRate: number;
}

export const DEMO_SKUS: readonly DemoSku[] = [
  { sku: 'NW-TEE-NAVY-M', categoryId: 'apparel', priceMinor: 1990, costMinor: 800, viewWeight: 10, cartRate: 0.14, keepRate: 0.9 },
  { sku: 'NW-TEE-WHITE-M', categoryId: 'apparel', priceMinor: 1990, costMinor: 800, viewWeight: 8, cartRate: 0.12, keepRate: 0.9 },
  { sku: 'NW-HOODIE-GREY-L', categoryId: 'apparel', priceMinor: 4990, costMinor: 2300, viewWeight: 6, cartRate: 0.08, keepRate: 0.85 },
  { sku: 'NW-TOWEL-SET', categoryId: 'home-textiles', priceMinor: 2990, costMinor: 1300, viewWeight: 5, cartRate: 0.1, keepRate: 0.9 },
  { sku: 'NW-LINEN-SHEET', categoryId: 'home-textiles', priceMinor: 5990, costMinor: 2900, viewWeight: 40, cartRate: 0.006, keepRate: 0.9 },
  { sku: 'NW-CUSHION-OAT', categoryId: 'home-textiles', priceMinor: 2490, costMinor: 1000, viewWeight: 2, cartRate: 0.09, keepRate: 0.9 },
  { sku: 'CC-MUG-BLUE', categoryId: 'kitchen', priceMinor: 1290, costMinor: 450, viewWeight: 9, cartRate: 0.16, keepRate: 0.92 },
  { sku: 'CC-TEAPOT-1L', categoryId: 'kitchen', priceMinor: 3490, costMinor: 1400, viewWeight: 16, cartRate: 0.3, keepRate: 0.08 },
  { sku: 'CC-JUG-WHITE', categoryId: 'kitchen', priceMinor: 2190, costMinor: 900, viewWeight: 1, cartRate: 0.07, keepRate: 0.9 },
  { sku: 'CC-BOWL-SET', categoryId: 'tableware', priceMinor: 2490, costMinor: 1000, viewWeight: 6, cartRate: 0.11, keepRate: 0.9 },
  { sku: 'CC-PLATE-SET', categoryId: 'tableware', priceMinor: 3990, costMinor: 1700, viewWeight: 4, cartRate: 0.09, keepRate: 0.88 },
  { sku: 'CC-SERVING-PLATTER', categoryId: 'tableware', priceMinor: 4590, costMinor: 2000, viewWeight: 1, cartRate: 0.05, keepRate: 0.9 },
];

const SEARCHES: readonly { query: string; results: number; weight: number }[] = [
  { query: 'tee', results: 2, weight: 6 },
  { query: 'mug', results: 1, weight: 5 },
  { query: 'towel', results: 1, weight: 3 },
  { query: 'bamboo towels', results: 0, weight: 3 },
  { query: 'espresso cups', results: 0, weight: 2.5 },
  { query: 'linen apron', results: 0, weight: 1.5 },
  { query: 'plates', results: 2, weight: 2 },
];
const SOURCES = [['google', 45], ['direct', 25], ['instagram', 15], ['newsletter', 10], ['bing', 5]] as const;
const DEVICES = [['mobile', 55], ['desktop', 38], ['tablet', 7]] as const;
const REGIONS = [['DE', 50], ['AT', 15], ['FR', 15], ['NL', 10], ['PT', 10]] as const;
/** Sessions by weekday (Sunday first) and hour of day (UTC), relative. */
const WEEKDAY = [1.25, 1, 0.95, 0.95, 1, 1.1, 1.35];
const HOURS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 4, 4.5, 5.5, 5, 4, 3.5, 3.5, 4, 5, 6, 6.5, 5.5, 3.5, 2];

/** mulberry32: a small seeded generator, good enough for demo data. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(rand: () => number, options: readonly (readonly [T, number])[]): T => {
  let at = rand() * options.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of options) if ((at -= weight) < 0) return value;
  return options[options.length - 1]![0];
};

export interface DemoTraffic {
  /** Every counter addition of the sessions and orders, unmerged (the writer merges them per item). */
  readonly counters: readonly CounterAdd[];
  /** The customers' RFM cell moves, in order. */
  readonly rfm: ReturnType<typeof cellMoves>;
  /** The store days generated, oldest first (ending the day before `today`). */
  readonly days: readonly string[];
  readonly sessions: number;
  readonly events: number;
  readonly orders: number;
  /** Units ordered per SKU over the eight weeks (cancelled orders included: demand): what the demo's stock is sized from. */
  readonly unitsOrdered: ReadonlyMap<string, number>;
  /** Each buyer's analytics history after their last order, as the OrderPlaced consumer would have left it. */
  readonly customers: readonly CustomerHistory[];
}

/** The shop's eight weeks before `today` (a store day), in the store's time zone. */
export function demoTraffic(today: string, timeZone: string, churnDays: number): DemoTraffic {
  const rand = random(SEED);
  const days = Array.from({ length: DEMO_TRAFFIC_DAYS }, (_, index) => addDays(today, index - DEMO_TRAFFIC_DAYS));
  const counters: CounterAdd[] = [];
  const rfm: ReturnType<typeof cellMoves>[number][] = [];
  const customers = new Map<string, CustomerHistory>();
  const visitorsSeen = new Set<string>();
  const views = DEMO_SKUS.map((sku) => [sku, sku.viewWeight] as const);
  const searches = SEARCHES.map((search) => [search, search.weight] as const);
  let sessions = 0;
  let events = 0;
  let orders = 0;
  const unitsOrdered = new Map<string, number>();

  days.forEach((day, dayIndex) => {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const count = Math.round(260 * WEEKDAY[weekday]! * (1 + 0.004 * dayIndex) * (0.9 + 0.2 * rand()));
    for (let n = 0; n < count; n += 1) {
      const sessionId = `demo-${day}-${n}`;
      const hour = pick(rand, HOURS.map((weight, h) => [h, weight] as const));
      let at = Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000 + Math.floor(rand() * 3_000_000);
      const signedIn = rand() < 0.3;
      const customerId = signedIn ? `demo-customer-${Math.floor(rand() * 700)}` : undefined;
      const common = {
        sessionId,
        visitorId: `demo-visitor-${Math.floor(rand() * 5000)}`,
        ...(customerId ? { customerId } : {}),
        source: pick(rand, SOURCES),
        device: pick(rand, DEVICES) as DeviceClass,
        region: pick(rand, REGIONS),
      };
      const session: StorefrontEvent[] = [];
      const add = (event: Omit<StorefrontEvent, 'eventId' | 'occurredAt' | keyof typeof common>) => {
        at += 15_000 + Math.floor(rand() * 90_000);
        session.push({ ...common, ...event, eventId: `${sessionId}-${session.length}`, occurredAt: new Date(at).toISOString() });
      };
      add({ type: 'page_view' });
      const carted: DemoSku[] = [];
      // Under half bounce after the first page; the others look at a few products and search now and then.
      if (rand() < 0.57) {
        const productViews = 1 + Math.floor(-Math.log(1 - rand()) * 1.8);
        for (let v = 0; v < productViews; v += 1) {
          const sku = pick(rand, views);
          add({ type: 'product_view', sku: sku.sku, categoryId: sku.categoryId });
          if (rand() < sku.cartRate) {
            add({ type: 'add_to_cart', sku: sku.sku, categoryId: sku.categoryId, quantity: 1 });
            carted.push(sku);
          }
        }
        if (rand() < 0.35) {
          const search = pick(rand, searches);
          add({ type: 'search', query: search.query, resultCount: search.results });
        }
        if (carted.length > 0 && rand() < 0.6) add({ type: 'checkout_started' });
      }
      const visitorDay = `${storeDay(session[0]!.occurredAt, timeZone)}|${customerId ? `C:${customerId}` : `V:${common.visitorId}`}`;
      counters.push(...recordSessionEvents(session, undefined, visitorsSeen.has(visitorDay), timeZone).counters);
      visitorsSeen.add(visitorDay);
      sessions += 1;
      events += session.length;

      const kept = carted.filter((sku) => rand() < sku.keepRate);
      if (session.at(-1)?.type !== 'checkout_started' || kept.length === 0 || rand() > 0.75) continue;
      const buyer = customerId ?? `demo-customer-${Math.floor(rand() * 700)}`;
      const lines = kept.map((sku) => {
        const quantity = rand() < 0.2 ? 2 : 1;
        return { sku: sku.sku, quantity, revenueMinor: sku.priceMinor * quantity, costMinor: sku.costMinor * quantity, categoryId: sku.categoryId };
      });
      const merchandise = lines.reduce((sum, line) => sum + line.revenueMinor, 0);
      const placedAt = new Date(at + 120_000).toISOString();
      const order: PlacedOrder = {
        orderId: `demo-order-${sessionId}`,
        customerId: buyer,
        day: storeDay(placedAt, timeZone),
        region: common.region,
        currency: 'EUR',
        totalMinor: merchandise + (merchandise >= 5000 ? 0 : 490),
        lines,
      };
      for (const line of lines) unitsOrdered.set(line.sku, (unitsOrdered.get(line.sku) ?? 0) + line.quantity);
      const recording = recordCustomerOrder(order, customers.get(buyer), churnDays);
      customers.set(buyer, recording.customer);
      counters.push(...placedOrderCounters(order), ...recording.counters);
      rfm.push(...recording.rfm);
      // 3 % are cancelled the same day; the rest are due to ship the next day (the ship-by date OrderShipped will
      // carry), and 6 % of them leave a day late.
      const shippedOn = addDays(order.day, rand() < 0.06 ? 2 : 1);
      if (rand() < 0.03) counters.push(...cancelledOrderCounters(order.day, order.totalMinor));
      else if (shippedOn < today) counters.push(...shippedOrderCounters(shippedOn, addDays(order.day, 1)));
      orders += 1;
    }
  });
  return { counters, rfm, days, sessions, events, orders, unitsOrdered, customers: [...customers.values()] };
}
