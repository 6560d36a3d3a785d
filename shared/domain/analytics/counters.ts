/**
 * Day counters: what each recorded fact adds, with atomic `ADD`, to the counter items of its store day. A
 * counter item is one dimension of one day — the day's totals (`TOTAL`), a SKU, a category, a traffic source,
 * a region, a device class, a search that found nothing — and the nightly KPI job reads exactly these.
 */
export type Counters = Readonly<Record<string, number>>;

export type Dimension = 'TOTAL' | `SKU#${string}` | `CATEGORY#${string}` | `SOURCE#${string}` | `REGION#${string}` | `DEVICE#${string}` | `NO_RESULT#${string}`;

/** Additions to one counter item: `day` (`YYYY-MM-DD`, store time) and `dimension` name it. */
export interface CounterAdd {
  readonly day: string;
  readonly dimension: Dimension;
  readonly add: Counters;
}

/** The additions merged per item (one ADD per counter item and write), zero additions dropped. */
export function mergeCounterAdds(adds: readonly CounterAdd[]): CounterAdd[] {
  const merged = new Map<string, { day: string; dimension: Dimension; add: Record<string, number> }>();
  for (const { day, dimension, add } of adds) {
    const key = `${day}|${dimension}`;
    const into = merged.get(key) ?? { day, dimension, add: {} };
    for (const [name, value] of Object.entries(add)) into.add[name] = (into.add[name] ?? 0) + value;
    merged.set(key, into);
  }
  return [...merged.values()]
    .map(({ day, dimension, add }) => ({ day, dimension, add: Object.fromEntries(Object.entries(add).filter(([, value]) => value !== 0)) }))
    .filter(({ add }) => Object.keys(add).length > 0);
}

/** One day's counters as the KPI job reads them: the shards summed, per dimension. */
export interface DayCounters {
  readonly day: string;
  readonly total: Counters;
  /** Per dimension kind, keyed by the dimension's value (the SKU, the source …). */
  readonly skus: ReadonlyMap<string, Counters>;
  readonly categories: ReadonlyMap<string, Counters>;
  readonly sources: ReadonlyMap<string, Counters>;
  readonly regions: ReadonlyMap<string, Counters>;
  readonly devices: ReadonlyMap<string, Counters>;
  readonly noResultSearches: ReadonlyMap<string, Counters>;
}

const KINDS = { SKU: 'skus', CATEGORY: 'categories', SOURCE: 'sources', REGION: 'regions', DEVICE: 'devices', NO_RESULT: 'noResultSearches' } as const;

/** Sums counter items (several shards of a dimension) into the day's counters. */
export function sumDayCounters(day: string, items: readonly { readonly dimension: string; readonly counters: Counters }[]): DayCounters {
  const total: Record<string, number> = {};
  const maps = Object.fromEntries(Object.values(KINDS).map((kind) => [kind, new Map<string, Record<string, number>>()])) as Record<
    (typeof KINDS)[keyof typeof KINDS],
    Map<string, Record<string, number>>
  >;
  const addInto = (into: Record<string, number>, counters: Counters) => {
    for (const [name, value] of Object.entries(counters)) into[name] = (into[name] ?? 0) + value;
  };
  for (const { dimension, counters } of items) {
    if (dimension === 'TOTAL') {
      addInto(total, counters);
      continue;
    }
    const split = dimension.indexOf('#');
    const kind = KINDS[dimension.slice(0, split) as keyof typeof KINDS];
    if (!kind) continue;
    const value = dimension.slice(split + 1);
    const into = maps[kind].get(value) ?? {};
    addInto(into, counters);
    maps[kind].set(value, into);
  }
  return { day, total, ...maps };
}

/** A counter's value, 0 when never added to. */
export const count = (counters: Counters | undefined, name: string): number => counters?.[name] ?? 0;
