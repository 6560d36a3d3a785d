/**
 * The local cloud's view of the synthesized CloudFormation template: every resource it stands up,
 * with intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub…) already resolved to local names and ARNs.
 * Built by template/model.ts; consumed by every local service. Pure data, no behaviour.
 *
 * Local physical names: Metadata `CommerceOps::Name` if present, else the resource's own name
 * property (TableName, TopicName, Name…), else the logical id.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const LOCAL_ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

/** Metadata keys the CDK app writes for the local cloud: defined once, in infra/constructs/repo.ts. */
export { METADATA } from '../constructs/repo';

export interface LocalFunction {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** Absolute path of the TypeScript source. */
  readonly entry: string;
  readonly handlerExport: string;
  /** The function's own environment variables from the template, resolved. */
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** The template's ReservedConcurrentExecutions: the most calls it runs at once (the gateway refuses more). */
  readonly reservedConcurrency?: number;
  /** Its LoggingConfig (Lambda's default: Text, every platform line). */
  readonly logging: FunctionLogging;
}

export interface FunctionLogging {
  readonly format: 'Text' | 'JSON';
  /** JSON only: the function's own lines Lambda sends (AWS_LAMBDA_LOG_LEVEL). */
  readonly applicationLogLevel?: string;
  /** Lambda's platform lines sent: INFO includes START and REPORT of every call. */
  readonly systemLogLevel: 'DEBUG' | 'INFO' | 'WARN';
}

export interface LocalTable {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** Resolved at runtime from DynamoDB Local; the template-side ARN is `${arn}/stream/local`. */
  readonly streamArn: string;
  readonly createTableInput: CreateTableCommandInput;
  readonly ttlAttribute?: string;
}

export interface LocalStateMachine {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** Parsed ASL with every intrinsic resolved. */
  readonly definition: Record<string, unknown>;
  readonly type: 'STANDARD' | 'EXPRESS';
  /** Its LoggingConfiguration: what it sends to CloudWatch Logs (the cost bench prices it; the interpreter keeps every history). */
  readonly logging: StateMachineLogging;
}

export type StateMachineLogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

export interface StateMachineLogging {
  readonly level: StateMachineLogLevel;
  readonly includeExecutionData: boolean;
}

export interface LocalRuleTarget {
  readonly id: string;
  readonly arn: string;
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: {
    readonly inputPathsMap?: Readonly<Record<string, string>>;
    readonly inputTemplate: string;
  };
  readonly deadLetterArn?: string;
  readonly maxRetries?: number;
}

export interface LocalRule {
  readonly logicalId: string;
  readonly name: string;
  /** Bus name; schedules live on `default`. */
  readonly busName: string;
  readonly eventPattern?: Record<string, unknown>;
  /** `rate(5 minutes)` or `cron(0 2 * * ? *)` */
  readonly scheduleExpression?: string;
  readonly enabled: boolean;
  readonly targets: readonly LocalRuleTarget[];
}

export interface LocalBus {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
}

export interface LocalSubscription {
  readonly protocol: string; // lambda | email | sqs | https …
  readonly endpoint: string;
  readonly filterPolicy?: Record<string, unknown>;
  /** What the filter policy matches: the message attributes (SNS's default) or the message body (a JSON object). */
  readonly filterPolicyScope?: 'MessageAttributes' | 'MessageBody';
  readonly rawMessageDelivery?: boolean;
}

export interface LocalTopic {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly subscriptions: readonly LocalSubscription[];
}

export interface LocalQueue {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  /** How long a received message stays hidden before it can be received again. @default 30 */
  readonly visibilityTimeoutSeconds: number;
  /** How long a message is kept before SQS drops it unread. @default 345600 (4 days) */
  readonly messageRetentionSeconds: number;
  /** After maxReceiveCount receives, the next receive moves the message to the dead-letter target instead. */
  readonly redrivePolicy?: { readonly maxReceiveCount: number; readonly deadLetterTargetArn: string };
}

export interface LocalRoute {
  /** `POST /suppliers/applications/{id}/decision`, or `$default` */
  readonly routeKey: string;
  readonly functionArn: string;
  readonly authorization: 'NONE' | 'JWT';
  readonly authorizationScopes?: readonly string[];
  /** Its function's reserved concurrency: beyond it the gateway answers 429 before invoking. */
  readonly maxConcurrency?: number;
  /** Its function's timeout: the local gateway keeps calls well inside it (gateway/adaptive-limit.ts). */
  readonly timeoutSeconds?: number;
}

export interface LocalApi {
  readonly routes: readonly LocalRoute[];
  /** From the JWT authorizer; locally the issuer/audience are replaced by the local issuer's. */
  readonly jwtAuthorizer?: { readonly issuer: string; readonly audience: readonly string[] };
}

/** Lambda event source mappings the local cloud polls: a table stream or an SQS queue. */
export type LocalEventSourceMapping = LocalStreamMapping | LocalQueueMapping;

export interface LocalStreamMapping {
  readonly kind: 'stream';
  readonly logicalId: string;
  readonly functionArn: string;
  /** Logical id of the table whose stream feeds it. */
  readonly tableLogicalId: string;
  readonly batchSize: number;
  /** Parsed `FilterCriteria.Filters[].Pattern` (EventBridge pattern syntax). */
  readonly filterPatterns: readonly Record<string, unknown>[];
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly bisectBatchOnFunctionError: boolean;
  readonly maximumRetryAttempts: number;
  readonly onFailureArn?: string;
  readonly reportBatchItemFailures: boolean;
}

export interface LocalQueueMapping {
  readonly kind: 'queue';
  readonly logicalId: string;
  readonly functionArn: string;
  /** Logical id of the queue it consumes. */
  readonly queueLogicalId: string;
  /** At most this many messages per invocation. @default 10 */
  readonly batchSize: number;
  /** How long to gather messages towards a full batch before invoking. @default 0 (invoke with what is there) */
  readonly maximumBatchingWindowSeconds: number;
  /** The function answers `batchItemFailures`: only those messages stay on the queue. */
  readonly reportBatchItemFailures: boolean;
  readonly enabled: boolean;
  /**
   * Batches delivered at once (`ScalingConfig.MaximumConcurrency`). Lambda scales far beyond without one; the local
   * poller delivers at most LOCAL_QUEUE_CONCURRENCY, enough to have deliveries race as they do on AWS.
   */
  readonly maximumConcurrency?: number;
}

export interface LocalModel {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  readonly functions: readonly LocalFunction[];
  readonly tables: readonly LocalTable[];
  readonly stateMachines: readonly LocalStateMachine[];
  readonly buses: readonly LocalBus[];
  readonly rules: readonly LocalRule[];
  readonly topics: readonly LocalTopic[];
  readonly queues: readonly LocalQueue[];
  readonly api: LocalApi;
  readonly eventSourceMappings: readonly LocalEventSourceMapping[];
}

/* ---------- service interfaces the local modules use to reach each other ---------- */

/** Error a handler threw; Step Functions sees `errorType` as the error name. */
export class LambdaInvocationError extends Error {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
  ) {
    super(`${errorType}: ${errorMessage}`);
    this.name = errorType;
  }
}

export interface LambdaInvoker {
  /** RequestResponse: resolves with the handler's result, rejects with LambdaInvocationError. */
  invoke(functionNameOrArn: string, event: unknown): Promise<unknown>;
}

/** An AWS-protocol error: the endpoint answers `{"__type": code, "message": message}`. */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    /** For services that keep their older query-protocol codes (SQS): `x-amzn-query-error`, e.g. `AWS.SimpleQueueService.NonExistentQueue;Sender`. */
    readonly queryError?: string,
  ) {
    super(message);
    this.name = code;
  }
}

export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
  readonly Resources?: readonly string[];
  readonly Time?: string | Date;
  readonly TraceHeader?: string;
}

export interface PutEventsResult {
  readonly FailedEntryCount: number;
  readonly Entries: readonly { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[];
}

export interface EventBusService {
  putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsResult>;
}

/**
 * Delivers a payload (already transformed JSON text) to a rule or subscription target by ARN:
 * lambda → async invoke, sns → publish, states → StartExecution, sqs → dead-letter file.
 * Wired in cloud.ts so the bus, scheduler and topics stay independent of each other.
 */
export type TargetDispatcher = (targetArn: string, payload: string) => Promise<void>;

/** One AWS JSON-protocol service on the :4566 endpoint (X-Amz-Target `Prefix.Action`). */
export interface AwsJsonService {
  /** e.g. `AWSStepFunctions`, `AWSEvents` */
  readonly targetPrefix: string;
  handle(action: string, input: Record<string, unknown>, request?: AwsRequestContext): Promise<unknown>;
}

/** What the endpoint knows about a request besides its body. */
export interface AwsRequestContext {
  /** The region the request was signed for (SigV4 credential scope); the cloud's own when unsigned. */
  readonly region: string;
  /**
   * False when signed for another region: the service answers as that (empty) region would, an empty
   * list or its not-found error, never with this region's resources.
   */
  readonly ownRegion: boolean;
}
