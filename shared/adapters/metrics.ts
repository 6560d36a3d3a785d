/**
 * Business counters as CloudWatch metrics, written as EMF log lines by Powertools (no API call). Only the
 * functions that count import this, so no other bundle carries it.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { serviceName } from './settings';

export { MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'CommerceOps';

export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: serviceName() });
