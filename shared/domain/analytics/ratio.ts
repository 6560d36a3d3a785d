/** The two shapes every KPI ratio takes (kpis.ts, operations-kpis.ts). */

/** `part / whole`, rounded to 4 decimals; null when `whole` is 0. */
export const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/** Growth of `now` over `before` (0.25 = +25 %); null without a base. */
export const growth = (now: number, before: number | undefined): number | null => (before === undefined || before === 0 ? null : ratio(now - before, before));
