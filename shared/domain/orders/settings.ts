/** The order workflow's knobs a deployment sets (CDK context → function environment), with defaults. */
import { isPositive, numberSetting, type Environment } from '../settings';

export interface OrderSettings {
  /** Hours the warehouse has to pack an order before ops is alerted (the wait's heartbeat deadline). */
  readonly packingDeadlineHours: number;
  /** Hours after that alert before the order is given up and compensated. */
  readonly packingGraceHours: number;
  /** Days after the promised date before an undelivered parcel ends the workflow for ops to chase. */
  readonly deliveryGraceDays: number;
}

export const orderSettingsFrom = (env: Environment): OrderSettings => ({
  packingDeadlineHours: numberSetting(env.PACKING_DEADLINE_HOURS, 24, isPositive),
  packingGraceHours: numberSetting(env.PACKING_GRACE_HOURS, 24, isPositive),
  deliveryGraceDays: numberSetting(env.DELIVERY_GRACE_DAYS, 14, isPositive),
});

/** Minutes without progress after which the sweeper treats an order's workflow as stalled. */
export const staleAfterMinutesFrom = (env: Environment): number => numberSetting(env.ORDER_STALE_AFTER_MINUTES, 15, isPositive);

/** Step Functions waits in whole seconds, at least 1. */
export const waitSeconds = (hours: number): number => Math.max(1, Math.round(hours * 3600));
