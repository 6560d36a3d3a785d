/** The order workflow's knobs a deployment sets (CDK context → function environment), with defaults. */
export interface OrderSettings {
  /** Hours the warehouse has to pack an order before ops is alerted (the wait's heartbeat deadline). */
  readonly packingDeadlineHours: number;
  /** Hours after that alert before the order is given up and compensated. */
  readonly packingGraceHours: number;
  /** Days after the promised date before an undelivered parcel ends the workflow for ops to chase. */
  readonly deliveryGraceDays: number;
}

const positive = (raw: string | undefined, fallback: number): number => {
  const value = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isFinite(value) && value > 0 ? value : fallback;
};

export const orderSettingsFrom = (env: Readonly<Record<string, string | undefined>>): OrderSettings => ({
  packingDeadlineHours: positive(env.PACKING_DEADLINE_HOURS, 24),
  packingGraceHours: positive(env.PACKING_GRACE_HOURS, 24),
  deliveryGraceDays: positive(env.DELIVERY_GRACE_DAYS, 14),
});

/** Step Functions waits in whole seconds, at least 1. */
export const waitSeconds = (hours: number): number => Math.max(1, Math.round(hours * 3600));
