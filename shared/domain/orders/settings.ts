/** The order context's knobs a deployment sets (CDK context → function environment), with defaults. */
import { isPositive, numberSetting, type Environment } from '../settings';

/** Minutes without progress after which the sweeper treats an order's checkout or workflow as stalled. */
export const staleAfterMinutesFrom = (env: Environment): number => numberSetting(env.ORDER_STALE_AFTER_MINUTES, 15, isPositive);
