/**
 * Frequently bought together. Each placed order's basket adds, exactly once with its other counters, 1 to every
 * SKU it holds (`orders`), to every pair of distinct SKUs in it (both ways), and to the baskets counted — O(the
 * basket) per order, nothing per night. Association is read off those counters (`association`):
 *
 * - support(A→B) = baskets with A and B / all baskets
 * - confidence(A→B) = baskets with A and B / baskets with A
 * - lift(A→B) = confidence(A→B) / (baskets with B / all baskets) — above 1: B sells with A more than on its own.
 */

/** A basket's pairs are counted for its first 8 distinct SKUs (56 ordered pairs: a transaction holds 100 items). */
export const MAX_BASKET_SKUS = 8;

/** The distinct SKUs of a basket counted for pairs (sorted, at most MAX_BASKET_SKUS), and its ordered pairs. */
export function basketPairs(skus: readonly string[]): { readonly skus: string[]; readonly pairs: [string, string][] } {
  const distinct = [...new Set(skus)].sort().slice(0, MAX_BASKET_SKUS);
  return { skus: distinct, pairs: distinct.flatMap((a) => distinct.filter((b) => b !== a).map((b): [string, string] => [a, b])) };
}

export interface PairCounts {
  readonly partner: string;
  /** Baskets with both. */
  readonly together: number;
  /** Baskets with the SKU asked about, with the partner, and all baskets. */
  readonly skuOrders: number;
  readonly partnerOrders: number;
  readonly baskets: number;
}

export interface Association {
  readonly partner: string;
  readonly together: number;
  readonly support: number;
  readonly confidence: number;
  readonly lift: number;
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

export function association(counts: PairCounts): Association | undefined {
  const { together, skuOrders, partnerOrders, baskets } = counts;
  if (together === 0 || skuOrders === 0 || partnerOrders === 0 || baskets === 0) return undefined;
  const confidence = together / skuOrders;
  return { partner: counts.partner, together, support: round4(together / baskets), confidence: round4(confidence), lift: round4(confidence / (partnerOrders / baskets)) };
}

/** The partners worth showing: seen together at least `minTogether` times, by lift, then confidence, then count. */
export function boughtTogether(counts: readonly PairCounts[], minTogether: number, limit: number): Association[] {
  return counts
    .filter((pair) => pair.together >= minTogether)
    .flatMap((pair) => association(pair) ?? [])
    .sort((a, b) => b.lift - a.lift || b.confidence - a.confidence || b.together - a.together || a.partner.localeCompare(b.partner))
    .slice(0, limit);
}

/**
 * A product's pair counts from its SKUs' (variants'): baskets with any of its SKUs, and per partner SKU of another
 * product the baskets shared (a basket with two variants of the product counts for each).
 */
export function productPairCounts(
  ownSkus: readonly string[],
  perSku: readonly { readonly orders: number; readonly partners: readonly { readonly partner: string; readonly together: number }[] }[],
  partnerOrders: ReadonlyMap<string, number>,
  baskets: number,
): PairCounts[] {
  const skuOrders = perSku.reduce((sum, sku) => sum + sku.orders, 0);
  const together = new Map<string, number>();
  for (const { partners } of perSku) {
    for (const { partner, together: count } of partners) if (!ownSkus.includes(partner)) together.set(partner, (together.get(partner) ?? 0) + count);
  }
  return [...together].map(([partner, count]) => ({ partner, together: count, skuOrders, partnerOrders: partnerOrders.get(partner) ?? 0, baskets }));
}

/** The partners worth pricing (their basket counts cost a read each): seen together `minTogether` times, the `max` most often. */
export const candidatePartners = (counts: readonly PairCounts[], minTogether: number, max = 100): string[] =>
  counts
    .filter((pair) => pair.together >= minTogether)
    .sort((a, b) => b.together - a.together || a.partner.localeCompare(b.partner))
    .slice(0, max)
    .map((pair) => pair.partner);
