import { Logger } from '@aws-lambda-powertools/logger';
import { serviceName } from './settings';

/** One structured logger per function instance; the level comes from POWERTOOLS_LOG_LEVEL. */
export const logger = new Logger({ serviceName: serviceName() });
