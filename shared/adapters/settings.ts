/**
 * The platform's settings, read from the function's environment when asked (tests change them between
 * calls): names the stack gives every function, and the knobs shared by all contexts.
 */
import { isPositive, numberSetting } from '../domain/settings';

/** A value the stack always sets; without it the function cannot work, so it fails loudly. */
export const requiredSetting = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

/** How long an `Idempotency-Key` is remembered, response and creation guard alike (24 h by default). */
export const idempotencyTtlHours = (): number => numberSetting(process.env.IDEMPOTENCY_TTL_HOURS, 24, isPositive);

/** Powertools' service name, which every log line and metric carries. */
export const serviceName = (): string => process.env.POWERTOOLS_SERVICE_NAME ?? 'commerce-ops';
