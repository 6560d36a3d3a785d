/**
 * What an order's use of AWS costs at list prices (bench/pricing.json): the units one lifecycle used, and the
 * cost lines they make per 1,000 orders. The orders-cost section (orders-cost.ts) measures the units.
 */
import path from 'node:path';
import { REPO_ROOT } from '../infra/constructs/repo';

export const PRICING_FILE = path.join(REPO_ROOT, 'bench', 'pricing.json');

export interface Pricing {
  readonly statement: string;
  readonly source: string;
  readonly retrieved: string;
  readonly region: string;
  readonly prices: {
    readonly dynamodb: { readonly writeRequestUnitsPerMillion: number; readonly readRequestUnitsPerMillion: number };
    readonly stepFunctions: { readonly standardStateTransitionsPerThousand: number };
    readonly stepFunctionsExpress: { readonly requestsPerMillion: number; readonly gbSecond: number };
    readonly lambda: { readonly requestsPerMillion: number; readonly gbSecond: Readonly<Record<'arm64' | 'x86_64', number>> };
    readonly eventBridge: { readonly customEventsPerMillion: number };
    readonly sns: { readonly publishesPerMillion: number };
    readonly apiGateway: { readonly httpApiRequestsPerMillion: number };
    readonly cloudWatchLogs: { readonly ingestedGbStandard: number; readonly vendedGbFirst10Tb: number };
    readonly xRay: { readonly tracesRecordedPerMillion: number; readonly defaultSamplingRate: number };
  };
}

/**
 * What the Lambda platform writes to CloudWatch Logs for each invocation, whatever the function logs: the
 * START, END and REPORT lines (REPORT with the X-Ray segment ids: ~110 + 90 + 310 bytes). The functions' own
 * lines (Powertools JSON at the template's POWERTOOLS_LOG_LEVEL) are measured: the bench counts what each
 * worker writes.
 */
export const LAMBDA_PLATFORM_LOG_BYTES_PER_INVOCATION = 110 + 90 + 310;

/** What one order's lifecycle used, averaged over the measured orders. */
export interface LifecycleUnits {
  readonly dynamodbWriteUnits: number;
  readonly dynamodbReadUnits: number;
  readonly stateTransitions: number;
  /** Express child executions and their billed GB-seconds (64 MB, each rounded up to 100 ms). */
  readonly expressExecutions: number;
  readonly expressGbSeconds: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSecondsByArchitecture: Readonly<Record<'arm64' | 'x86_64', number>>;
  readonly customEvents: number;
  readonly snsPublishes: number;
  readonly apiRequests: number;
  /** CloudWatch Logs: Lambda (modelled per invocation) and Step Functions (the execution's history as logged at level ALL with execution data). */
  readonly lambdaLogBytes: number;
  readonly stepFunctionsLogBytes: number;
  /** X-Ray trace roots: each API request, each outbox batch, each workflow execution (tasks join it). */
  readonly xrayTraces: number;
}

export interface CostLine {
  readonly component: string;
  readonly unit: string;
  readonly perOrder: number;
  readonly usdPer1000Orders: number;
}

/** Units per order × list prices → dollars per 1,000 orders, one line per billed dimension. */
export const costLines = (units: LifecycleUnits, { prices }: Pricing): CostLine[] => {
  const per1000 = (perOrder: number, pricePerUnit: number) => perOrder * 1000 * pricePerUnit;
  const gbSeconds = units.lambdaGbSecondsByArchitecture;
  return [
    { component: 'DynamoDB writes', unit: 'WRU', perOrder: units.dynamodbWriteUnits, usdPer1000Orders: per1000(units.dynamodbWriteUnits, prices.dynamodb.writeRequestUnitsPerMillion / 1e6) },
    { component: 'DynamoDB reads', unit: 'RRU', perOrder: units.dynamodbReadUnits, usdPer1000Orders: per1000(units.dynamodbReadUnits, prices.dynamodb.readRequestUnitsPerMillion / 1e6) },
    {
      component: 'Step Functions (Standard)',
      unit: 'state transitions',
      perOrder: units.stateTransitions,
      usdPer1000Orders: per1000(units.stateTransitions, prices.stepFunctions.standardStateTransitionsPerThousand / 1e3),
    },
    { component: 'Step Functions (Express) requests', unit: 'executions', perOrder: units.expressExecutions, usdPer1000Orders: per1000(units.expressExecutions, prices.stepFunctionsExpress.requestsPerMillion / 1e6) },
    { component: 'Step Functions (Express) duration', unit: 'GB-seconds', perOrder: units.expressGbSeconds, usdPer1000Orders: per1000(units.expressGbSeconds, prices.stepFunctionsExpress.gbSecond) },
    { component: 'Lambda requests', unit: 'invocations', perOrder: units.lambdaInvocations, usdPer1000Orders: per1000(units.lambdaInvocations, prices.lambda.requestsPerMillion / 1e6) },
    {
      component: 'Lambda duration',
      unit: 'GB-seconds',
      perOrder: gbSeconds.arm64 + gbSeconds.x86_64,
      usdPer1000Orders: per1000(gbSeconds.arm64, prices.lambda.gbSecond.arm64) + per1000(gbSeconds.x86_64, prices.lambda.gbSecond.x86_64),
    },
    { component: 'EventBridge', unit: 'custom events', perOrder: units.customEvents, usdPer1000Orders: per1000(units.customEvents, prices.eventBridge.customEventsPerMillion / 1e6) },
    { component: 'SNS', unit: 'publishes', perOrder: units.snsPublishes, usdPer1000Orders: per1000(units.snsPublishes, prices.sns.publishesPerMillion / 1e6) },
    { component: 'API Gateway (HTTP API)', unit: 'requests', perOrder: units.apiRequests, usdPer1000Orders: per1000(units.apiRequests, prices.apiGateway.httpApiRequestsPerMillion / 1e6) },
    { component: 'CloudWatch Logs (Lambda, INFO)', unit: 'KB ingested', perOrder: units.lambdaLogBytes / 1024, usdPer1000Orders: per1000(units.lambdaLogBytes / 1024 ** 3, prices.cloudWatchLogs.ingestedGbStandard) },
    {
      component: 'CloudWatch Logs (Step Functions, ALL)',
      unit: 'KB ingested',
      perOrder: units.stepFunctionsLogBytes / 1024,
      usdPer1000Orders: per1000(units.stepFunctionsLogBytes / 1024 ** 3, prices.cloudWatchLogs.vendedGbFirst10Tb),
    },
    {
      component: 'X-Ray (default sampling, 5 %)',
      unit: 'traces',
      perOrder: units.xrayTraces,
      usdPer1000Orders: per1000(units.xrayTraces * prices.xRay.defaultSamplingRate, prices.xRay.tracesRecordedPerMillion / 1e6),
    },
  ];
};

/** What the total leaves out, printed and stored with it. */
export const NOT_INCLUDED = [
  'storage: DynamoDB items and PITR backups, CloudWatch log storage (per GB-month, not per order)',
  'CloudWatch metrics and alarms (per month, not per order); X-Ray below ~1 trace a second, where the default rule\'s reservoir records nearly every trace (a ceiling of ~$13 a month, not per order)',
  'Cognito, KMS, data transfer, free tiers; no SQS dead-letter message on the happy path',
];
