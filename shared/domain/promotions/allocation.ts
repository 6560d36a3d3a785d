/**
 * Sharing a discount among lines in integer minor units, so that the parts always add up to the whole:
 * rounding happens per line, never on the total.
 */

/** `percent` % of `amount`, rounded half up to the minor unit (amount ≥ 0). */
export const percentOf = (amount: number, percent: number): number => Math.round((amount * percent) / 100 + 1e-9);

/**
 * `total` shared in proportion to `weights` (largest remainder: each share is floored, the minor units
 * left go to the largest remainders, ties to the earlier line). Σ shares = total when Σ weights > 0,
 * and no share exceeds its weight when total ≤ Σ weights.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const shares = exact.map((value) => Math.floor(value + 1e-9));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - shares[index]! })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}

/** Minor units as a plain amount, `3000` → `30.00` (the explanations' format). */
export const amountText = (minor: number): string => (minor / 100).toFixed(2);
