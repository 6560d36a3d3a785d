/**
 * The z of a service level: how many standard deviations of demand the safety stock covers so that the
 * chance of not running out during a lead time is the service level (a cycle service level).
 *
 * z is the inverse of the standard normal CDF. There is no closed form; we use Peter Acklam's rational
 * approximation (relative error below 1.15e-9 over the whole range), which needs nothing but `Math`:
 * shared/domain imports no package, and a lookup table would only cover the levels someone thought of.
 */
import { invalid } from '../errors';

/** The level a SKU gets unless it says otherwise: 95 % of replenishment cycles end without a stock-out. */
export const DEFAULT_SERVICE_LEVEL = 0.95;

// Acklam's coefficients: a/b for the central region, c/d for the tails.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
/** Below this probability (and above 1 − it) the tail formula is the accurate one. */
const TAIL = 0.02425;

/** Horner's rule over coefficients from the highest power down. */
const polynomial = (coefficients: readonly number[], x: number): number =>
  coefficients.reduce((sum, coefficient) => sum * x + coefficient, 0);

const lowerTail = (p: number): number => {
  const q = Math.sqrt(-2 * Math.log(p));
  return polynomial(C, q) / (polynomial(D, q) * q + 1);
};

/** x such that P(Z ≤ x) = p for a standard normal Z; p strictly between 0 and 1. */
export function inverseStandardNormal(p: number): number {
  if (!(p > 0 && p < 1)) throw invalid('A probability must be strictly between 0 and 1.', [{ field: 'p', message: `Got ${p}.` }]);
  if (p < TAIL) return lowerTail(p);
  if (p > 1 - TAIL) return -lowerTail(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (polynomial(A, r) * q) / (polynomial(B, r) * r + 1);
}

/** z for a cycle service level such as 0.95 → 1.6449. Levels of 50 % or less buy no safety stock. */
export function zForServiceLevel(serviceLevel: number = DEFAULT_SERVICE_LEVEL): number {
  if (!(serviceLevel > 0 && serviceLevel < 1)) {
    throw invalid('A service level is a fraction strictly between 0 and 1, e.g. 0.95.', [
      { field: 'serviceLevel', message: `Got ${serviceLevel}.` },
    ]);
  }
  return Math.max(0, inverseStandardNormal(serviceLevel));
}
