/**
 * Reads a synthesized CloudFormation template into the LocalModel every local service consumes.
 * Resources the local cloud does not stand up (IAM, KMS, log groups, alarms…) are ignored.
 */
import { resolve as resolvePath } from 'node:path';
import type { CreateTableCommandInput, GlobalSecondaryIndex, LocalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import {
  METADATA,
  type LocalApi,
  type LocalBus,
  type LocalEventSourceMapping,
  type LocalQueueMapping,
  type LocalStreamMapping,
  type LocalFunction,
  type LocalModel,
  type LocalQueue,
  type LocalRoute,
  type LocalRule,
  type LocalRuleTarget,
  type FunctionLogging,
  type LocalStateMachine,
  type StateMachineLogging,
  type StateMachineLogLevel,
  type LocalSubscription,
  type LocalTable,
  type LocalTopic,
} from '../model';
import { TemplateResolver, type CfnResource, type CfnTemplate } from './resolve';

export interface BuildModelOptions {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  readonly repoRoot: string;
  /** Where queue URLs live (template/resolve.ts): the cloud passes its AWS endpoint. */
  readonly queueUrlOrigin?: string;
}

type Props = Record<string, unknown>;

export function buildLocalModel(template: CfnTemplate, options: BuildModelOptions): LocalModel {
  const resolver = new TemplateResolver(template, options);
  const all = Object.entries(template.Resources ?? {}).filter(([, resource]) => resolver.isActive(resource));
  const ofType = (...types: string[]) => all.filter(([, resource]) => types.includes(resource.Type));
  const props = (resource: CfnResource): Props => (resolver.resolve(resource.Properties ?? {}) ?? {}) as Props;

  const functions = ofType('AWS::Lambda::Function').flatMap(([logicalId, resource]) => {
    const entry = resource.Metadata?.[METADATA.entry];
    // Functions without a source entry are CDK-internal (custom resources): nothing to run locally.
    if (typeof entry !== 'string') return [];
    return [toFunction(logicalId, resource, props(resource), entry)];
  });

  const tables = ofType('AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable').map(([logicalId, resource]) =>
    toTable(logicalId, resolver.nameOf(logicalId), resolver.arnOf(logicalId), props(resource)),
  );

  const stateMachines: LocalStateMachine[] = ofType('AWS::StepFunctions::StateMachine').map(([logicalId, resource]) => {
    const properties = props(resource);
    return {
      logicalId,
      name: resolver.nameOf(logicalId),
      arn: resolver.arnOf(logicalId),
      definition: stateMachineDefinition(properties),
      type: properties.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
      logging: stateMachineLogging(properties.LoggingConfiguration),
    };
  });

  const defaultBus: LocalBus = {
    logicalId: 'default',
    name: 'default',
    arn: `arn:aws:events:${options.region}:${options.accountId}:event-bus/default`,
  };
  const buses: LocalBus[] = [
    defaultBus,
    ...ofType('AWS::Events::EventBus').map(([logicalId]) => ({
      logicalId,
      name: resolver.nameOf(logicalId),
      arn: resolver.arnOf(logicalId),
    })),
  ];

  const rules: LocalRule[] = ofType('AWS::Events::Rule').map(([logicalId, resource]) => {
    const properties = props(resource);
    return {
      logicalId,
      name: resolver.nameOf(logicalId),
      busName: busNameOf(properties.EventBusName),
      eventPattern: parseJsonObject(properties.EventPattern),
      scheduleExpression: optionalString(properties.ScheduleExpression),
      enabled: (properties.State ?? 'ENABLED') === 'ENABLED',
      targets: asList(properties.Targets).map(toRuleTarget),
    };
  });

  const standaloneSubscriptions = ofType('AWS::SNS::Subscription').map(([, resource]) => props(resource));
  const topics: LocalTopic[] = ofType('AWS::SNS::Topic').map(([logicalId, resource]) => {
    const arn = resolver.arnOf(logicalId);
    const inline = asList(props(resource).Subscription).map((s) => toSubscription(s));
    const standalone = standaloneSubscriptions.filter((s) => s.TopicArn === arn).map((s) => toSubscription(s));
    return { logicalId, name: resolver.nameOf(logicalId), arn, subscriptions: [...inline, ...standalone] };
  });

  const queues: LocalQueue[] = ofType('AWS::SQS::Queue').map(([logicalId, resource]) =>
    toQueue(logicalId, resolver.nameOf(logicalId), resolver.arnOf(logicalId), resolver.resolveString({ Ref: logicalId }), props(resource)),
  );

  const api = toApi(
    ofType('AWS::ApiGatewayV2::Route').map(([, resource]) => props(resource)),
    new Map(ofType('AWS::ApiGatewayV2::Integration').map(([id, resource]) => [id, props(resource)])),
    new Map(ofType('AWS::ApiGatewayV2::Authorizer').map(([id, resource]) => [id, props(resource)])),
    functions,
  );

  const eventSourceMappings = ofType('AWS::Lambda::EventSourceMapping').flatMap(([logicalId, resource]) => {
    const mapping = toEventSourceMapping(logicalId, props(resource), tables, queues, functions);
    return mapping ? [mapping] : [];
  });

  return {
    stackName: options.stackName,
    region: options.region,
    accountId: options.accountId,
    functions,
    tables,
    stateMachines,
    buses,
    rules,
    topics,
    queues,
    api,
    eventSourceMappings,
  };

  function toFunction(logicalId: string, resource: CfnResource, properties: Props, entry: string): LocalFunction {
    const handler = resource.Metadata?.[METADATA.handler];
    const variables = ((properties.Environment as Props | undefined)?.Variables ?? {}) as Props;
    return {
      logicalId,
      name: resolver.nameOf(logicalId),
      arn: resolver.arnOf(logicalId),
      entry: resolvePath(options.repoRoot, entry),
      handlerExport: typeof handler === 'string' && handler ? handler : 'handler',
      environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, stringValue(value)])),
      timeoutSeconds: Number(properties.Timeout ?? 3),
      memoryMb: Number(properties.MemorySize ?? 128),
      ...(properties.ReservedConcurrentExecutions !== undefined ? { reservedConcurrency: Number(properties.ReservedConcurrentExecutions) } : {}),
      logging: functionLogging(properties.LoggingConfig),
    };
  }

  function busNameOf(value: unknown): string {
    if (typeof value !== 'string' || !value) return 'default';
    const arnMatch = /:event-bus\/(.+)$/.exec(value);
    return arnMatch ? arnMatch[1]! : value;
  }
}

function toTable(logicalId: string, name: string, arn: string, properties: Props): LocalTable {
  const onDemand = properties.BillingMode === 'PAY_PER_REQUEST' || properties.BillingMode === undefined;
  const throughput = (value: unknown) =>
    onDemand ? undefined : ((value as CreateTableCommandInput['ProvisionedThroughput']) ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 });
  const stream = properties.StreamSpecification as { StreamViewType?: string } | undefined;
  const ttl = properties.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
  const gsis = asList(properties.GlobalSecondaryIndexes).map(
    (index): GlobalSecondaryIndex => ({
      IndexName: index.IndexName as string,
      KeySchema: index.KeySchema as GlobalSecondaryIndex['KeySchema'],
      Projection: (index.Projection as GlobalSecondaryIndex['Projection']) ?? { ProjectionType: 'ALL' },
      ProvisionedThroughput: throughput(index.ProvisionedThroughput),
    }),
  );
  const lsis = asList(properties.LocalSecondaryIndexes).map(
    (index): LocalSecondaryIndex => ({
      IndexName: index.IndexName as string,
      KeySchema: index.KeySchema as LocalSecondaryIndex['KeySchema'],
      Projection: (index.Projection as LocalSecondaryIndex['Projection']) ?? { ProjectionType: 'ALL' },
    }),
  );
  const createTableInput: CreateTableCommandInput = {
    TableName: name,
    KeySchema: properties.KeySchema as CreateTableCommandInput['KeySchema'],
    AttributeDefinitions: properties.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ProvisionedThroughput: throughput(properties.ProvisionedThroughput),
    GlobalSecondaryIndexes: gsis.length ? gsis : undefined,
    LocalSecondaryIndexes: lsis.length ? lsis : undefined,
    StreamSpecification: stream?.StreamViewType
      ? { StreamEnabled: true, StreamViewType: stream.StreamViewType as 'NEW_AND_OLD_IMAGES' }
      : undefined,
  };
  return {
    logicalId,
    name,
    arn,
    streamArn: `${arn}/stream/local`,
    createTableInput,
    ttlAttribute: ttl?.Enabled !== false && ttl?.AttributeName ? ttl.AttributeName : undefined,
  };
}

function stateMachineDefinition(properties: Props): Record<string, unknown> {
  const substitutions = (properties.DefinitionSubstitutions ?? {}) as Props;
  const substitute = (text: string) =>
    text.replace(/\$\{([^}]+)\}/g, (match, key: string) => (key in substitutions ? stringValue(substitutions[key]) : match));
  if (typeof properties.DefinitionString === 'string') return JSON.parse(substitute(properties.DefinitionString)) as Record<string, unknown>;
  if (properties.Definition && typeof properties.Definition === 'object') {
    return JSON.parse(substitute(JSON.stringify(properties.Definition))) as Record<string, unknown>;
  }
  throw new Error('State machine has neither DefinitionString nor Definition');
}

/** A function's LoggingConfig: level filtering applies to JSON logs only (Text sends everything). */
function functionLogging(configuration: unknown): FunctionLogging {
  const { LogFormat, ApplicationLogLevel, SystemLogLevel } = (configuration ?? {}) as Props;
  if (LogFormat !== 'JSON') return { format: 'Text', systemLogLevel: 'INFO' };
  const systemLogLevel = SystemLogLevel === 'DEBUG' || SystemLogLevel === 'WARN' ? SystemLogLevel : 'INFO';
  return { format: 'JSON', applicationLogLevel: typeof ApplicationLogLevel === 'string' ? ApplicationLogLevel : 'INFO', systemLogLevel };
}

const LOG_LEVELS: readonly StateMachineLogLevel[] = ['ALL', 'ERROR', 'FATAL', 'OFF'];

/** A machine's LoggingConfiguration (CloudFormation's default: OFF). */
function stateMachineLogging(configuration: unknown): StateMachineLogging {
  const { Level, IncludeExecutionData } = (configuration ?? {}) as Props;
  const level = LOG_LEVELS.find((candidate) => candidate === Level) ?? 'OFF';
  return { level, includeExecutionData: IncludeExecutionData === true };
}

function toRuleTarget(target: Props): LocalRuleTarget {
  const transformer = target.InputTransformer as { InputPathsMap?: Record<string, string>; InputTemplate: string } | undefined;
  const retry = target.RetryPolicy as { MaximumRetryAttempts?: number } | undefined;
  return {
    id: String(target.Id),
    arn: String(target.Arn),
    input: optionalString(target.Input),
    inputPath: optionalString(target.InputPath),
    inputTransformer: transformer
      ? { inputPathsMap: transformer.InputPathsMap, inputTemplate: String(transformer.InputTemplate) }
      : undefined,
    deadLetterArn: optionalString((target.DeadLetterConfig as Props | undefined)?.Arn),
    maxRetries: retry?.MaximumRetryAttempts,
  };
}

function toSubscription(subscription: Props): LocalSubscription {
  return {
    protocol: String(subscription.Protocol),
    endpoint: String(subscription.Endpoint),
    filterPolicy: parseJsonObject(subscription.FilterPolicy),
    filterPolicyScope: subscription.FilterPolicyScope === 'MessageBody' ? 'MessageBody' : undefined,
    rawMessageDelivery: subscription.RawMessageDelivery === true || subscription.RawMessageDelivery === 'true',
  };
}

function toApi(
  routes: Props[],
  integrations: Map<string, Props>,
  authorizers: Map<string, Props>,
  functions: readonly LocalFunction[],
): LocalApi {
  const functionArnOf = (uri: string): string => {
    // Either the function ARN itself or the apigateway invocation URI wrapping it.
    const wrapped = /functions\/(arn:aws:lambda:[^/]+)\/invocations/.exec(uri);
    const arnOrName = wrapped ? wrapped[1]! : uri;
    return functions.find((fn) => fn.arn === arnOrName || fn.name === arnOrName)?.arn ?? arnOrName;
  };
  const localRoutes: LocalRoute[] = routes.map((route) => {
    const integrationId = String(route.Target ?? '').replace(/^integrations\//, '');
    const integration = integrations.get(integrationId);
    if (!integration) throw new Error(`Route ${String(route.RouteKey)} has no integration ${integrationId}`);
    const scopes = asList(route.AuthorizationScopes as unknown).map(String);
    const functionArn = functionArnOf(String(integration.IntegrationUri));
    const fn = functions.find((candidate) => candidate.arn === functionArn);
    const reserved = fn?.reservedConcurrency;
    return {
      routeKey: String(route.RouteKey),
      functionArn,
      authorization: route.AuthorizationType === 'JWT' ? 'JWT' : 'NONE',
      authorizationScopes: scopes.length ? scopes : undefined,
      ...(reserved !== undefined ? { maxConcurrency: reserved } : {}),
      ...(fn ? { timeoutSeconds: fn.timeoutSeconds } : {}),
    };
  });
  const jwt = [...authorizers.values()].find((authorizer) => authorizer.AuthorizerType === 'JWT');
  const jwtConfiguration = jwt?.JwtConfiguration as { Issuer?: string; Audience?: string[] } | undefined;
  return {
    routes: localRoutes,
    jwtAuthorizer: jwtConfiguration
      ? { issuer: String(jwtConfiguration.Issuer ?? ''), audience: (jwtConfiguration.Audience ?? []).map(String) }
      : undefined,
  };
}

function toQueue(logicalId: string, name: string, arn: string, url: string, properties: Props): LocalQueue {
  const redrive = parseJsonObject(properties.RedrivePolicy);
  return {
    logicalId,
    name,
    arn,
    url,
    visibilityTimeoutSeconds: Number(properties.VisibilityTimeout ?? 30),
    messageRetentionSeconds: Number(properties.MessageRetentionPeriod ?? 345_600),
    ...(redrive?.deadLetterTargetArn
      ? { redrivePolicy: { maxReceiveCount: Number(redrive.maxReceiveCount ?? 10), deadLetterTargetArn: String(redrive.deadLetterTargetArn) } }
      : {}),
  };
}

function toEventSourceMapping(
  logicalId: string,
  properties: Props,
  tables: readonly LocalTable[],
  queues: readonly LocalQueue[],
  functions: readonly LocalFunction[],
): LocalEventSourceMapping | undefined {
  const sourceArn = String(properties.EventSourceArn ?? '');
  const table = tables.find((candidate) => sourceArn === candidate.streamArn || sourceArn.startsWith(`${candidate.arn}/stream/`));
  const queue = queues.find((candidate) => candidate.arn === sourceArn);
  if (!table && !queue) return undefined; // Kinesis/Kafka sources are not used by this app
  const functionName = String(properties.FunctionName);
  const fn = functions.find((candidate) => candidate.name === functionName || candidate.arn === functionName);
  if (!fn) throw new Error(`EventSourceMapping ${logicalId} targets unknown function ${functionName}`);
  const reportBatchItemFailures = asList(properties.FunctionResponseTypes as unknown).some((type) => (type as unknown) === 'ReportBatchItemFailures');
  if (queue) return toQueueMapping(logicalId, properties, queue, fn.arn, reportBatchItemFailures);
  const filters = asList((properties.FilterCriteria as Props | undefined)?.Filters as unknown);
  const destination = (properties.DestinationConfig as { OnFailure?: { Destination?: string } } | undefined)?.OnFailure;
  const mapping: LocalStreamMapping = {
    kind: 'stream',
    logicalId,
    functionArn: fn.arn,
    tableLogicalId: table!.logicalId,
    batchSize: Number(properties.BatchSize ?? 100),
    filterPatterns: filters.flatMap((filter) => {
      const pattern = parseJsonObject(filter.Pattern);
      return pattern ? [pattern] : [];
    }),
    startingPosition: properties.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
    bisectBatchOnFunctionError: properties.BisectBatchOnFunctionError === true,
    maximumRetryAttempts: Number(properties.MaximumRetryAttempts ?? -1),
    onFailureArn: optionalString(destination?.Destination),
    reportBatchItemFailures,
  };
  return mapping;
}

/** Lambda's defaults for an SQS source: batches of 10, no batching window, enabled. */
function toQueueMapping(logicalId: string, properties: Props, queue: LocalQueue, functionArn: string, reportBatchItemFailures: boolean): LocalQueueMapping {
  return {
    kind: 'queue',
    logicalId,
    functionArn,
    queueLogicalId: queue.logicalId,
    batchSize: Number(properties.BatchSize ?? 10),
    maximumBatchingWindowSeconds: Number(properties.MaximumBatchingWindowInSeconds ?? 0),
    reportBatchItemFailures,
    enabled: properties.Enabled !== false && properties.Enabled !== 'false',
    ...((properties.ScalingConfig as Props | undefined)?.MaximumConcurrency ? { maximumConcurrency: Number((properties.ScalingConfig as Props).MaximumConcurrency) } : {}),
  };
}

const asList = (value: unknown): Props[] => (Array.isArray(value) ? (value as Props[]) : []);

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

const stringValue = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function parseJsonObject(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`Expected a JSON object: ${String(value)}`);
  return parsed as Record<string, unknown>;
}
