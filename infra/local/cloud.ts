/**
 * The local cloud: stands up what the synthesized template declares (DynamoDB Local, functions, the HTTP
 * API, Step Functions, the EventBridge bus and schedules, SNS topics, SQS queues, the table-stream and queue
 * pollers) and wires them together. `stop()` stops everything: JVM, workers, servers, timers.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { REPO_ROOT } from '../constructs/repo';
import { createConsoleLogger, type LocalLogger } from './console-logger';
import { createDispatcher } from './dispatch';
import { ensureTables, freePort, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb/server';
import { StreamPoller } from './dynamodb/stream-poller';
import { AwsEndpoint } from './endpoint/server';
import { createEventsJsonService, LocalEventBus } from './events/bus';
import { LocalScheduler } from './events/scheduler';
import { LocalGateway } from './gateway/server';
import { LocalIssuer } from './gateway/issuer';
import { buildFunctions } from './lambda/build';
import { LocalLambdaRuntime } from './lambda/runtime';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID, type AwsJsonService, type LocalFunction, type LocalModel } from './model';
import type { DemoStockRequest } from './demo-stock-task';
import { seedDemoData } from './seed';
import { demoTrafficSummary, seedDemoTraffic, type TrafficSeedResult } from './seed-traffic';
import { createLocalStepFunctions, type LocalStepFunctions } from './sfn';
import { LocalTopics, type SnsFileRecord, type SnsMessageAttribute } from './sns/topics';
import { createSqsJsonService } from './sqs/api';
import { QueuePoller } from './sqs/poller';
import { LocalQueues } from './sqs/queues';
import { buildLocalModel } from './template/model';
import type { CfnTemplate } from './template/resolve';
import { synthTemplateCached } from './template/synth-cache';

export { REPO_ROOT };

export interface LocalCloudOptions {
  readonly dataDir: string;
  /** @default 3000; 0 = a random free port */
  readonly apiPort?: number;
  /** @default 4566; 0 = a random free port */
  readonly awsPort?: number;
  /** Seed the demo data (once; idempotent). @default true */
  readonly seed?: boolean;
  /**
   * With the seed, the demo shop's eight weeks of traffic and orders and their KPI cards (seed-traffic.ts), written
   * once, in the background once the cloud is ready (`demoTraffic` on the cloud says when it is done). `npm start`
   * turns it on (`--no-demo-traffic` off); tests leave it off. @default false
   */
  readonly demoTraffic?: boolean;
  /** DynamoDB Local in memory instead of `<dataDir>/dynamodb`. */
  readonly inMemory?: boolean;
  /** Per function name: env vars to add/override (tests shorten deadlines). */
  readonly environmentOverrides?: Record<string, Record<string, string>>;
  readonly quiet?: boolean;
  /** When quiet: told the bytes each function writes to stdout/stderr (the cost bench prices them as log ingestion). */
  readonly onFunctionOutput?: (functionName: string, bytes: number) => void;
  /** Start every function's worker in the background once ready. @default !quiet */
  readonly prewarm?: boolean;
  /** A template to run instead of synthesizing the CDK app (tests with fixtures). */
  readonly template?: { readonly template: CfnTemplate; readonly stackName: string };
  /** Extra CDK context for the synth (e.g. `{ decisionWindowHours: 0.01 }`). */
  readonly context?: Record<string, unknown>;
  /** Give up when DynamoDB Local has not answered after this long. @default none (wait while it makes progress) */
  readonly readyTimeoutMs?: number;
  /** Step Functions Retry pause multiplier (0 in tests). */
  readonly retryIntervalScale?: number;
  /** DynamoDB Local, already starting on this data dir (launch.ts starts it first). @default started here */
  readonly dynamoDb?: Promise<DynamoDbLocal>;
  /** Runs once the tables exist and the seed is written, before anything else can write (launch.ts keeps a snapshot). */
  readonly afterSeed?: () => void;
}

export interface LocalCloud {
  readonly apiUrl: string;
  readonly awsUrl: string;
  readonly dataDir: string;
  readonly model: LocalModel;
  readonly issuer: LocalIssuer;
  readonly stepFunctions: LocalStepFunctions;
  readonly bus: LocalEventBus;
  readonly topics: LocalTopics;
  /** The template's SQS queues (messages kept under `<dataDir>/sqs`). */
  readonly queues: LocalQueues;
  readonly lambda: LocalLambdaRuntime;
  readonly seedSummary: readonly string[];
  /** The demo traffic's background seed (`demoTraffic`): resolves when written (at once when it already was). */
  readonly demoTraffic?: Promise<TrafficSeedResult>;
  /** DynamoDB Local itself (the endpoint also forwards to it). */
  readonly dynamodb: { readonly endpoint: string; readonly pid: number | undefined };
  /** RequestResponse invoke of a function by name or ARN. */
  invoke(functionName: string, event: unknown): Promise<unknown>;
  readSnsMessages(topicName: string): SnsFileRecord[];
  /** Every queue drained: no message waiting, in flight (being processed) or delayed. */
  queuesIdle(): boolean;
  fireSchedule(name: string, detail?: Record<string, unknown>): Promise<void>;
  scheduleNames(): string[];
  stop(): Promise<void>;
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const logger = createConsoleLogger(options.quiet);
  const dataDir = options.dataDir;
  mkdirSync(dataDir, { recursive: true });
  const stack = new CleanupStack();
  // The JVM boots while this thread synthesizes the template.
  const dynamoStarting = options.dynamoDb ?? startDynamoDbLocal({ dataDir, inMemory: options.inMemory, readyTimeoutMs: options.readyTimeoutMs });
  dynamoStarting.then((dynamo) => stack.push(() => dynamo.stop())).catch(() => undefined);
  try {
    const { template, stackName } = options.template ?? (await synthTemplateCached(options.context));
    // Known before the model: queue URLs live on the endpoint (the SQS client sends to its QueueUrl's host).
    const awsPort = options.awsPort === 0 ? await freePort() : (options.awsPort ?? 4566);
    const functionsEndpoint = `http://127.0.0.1:${awsPort}`;
    const model = buildLocalModel(template, {
      stackName,
      region: DEFAULT_REGION,
      accountId: LOCAL_ACCOUNT_ID,
      repoRoot: REPO_ROOT,
      queueUrlOrigin: functionsEndpoint,
    });
    // Functions are bundled (or taken from the cache) while the JVM boots; the runtime awaits the same build.
    buildFunctions(model.functions).catch(() => undefined);
    const issuer = await LocalIssuer.open(dataDir);
    const dynamo = await dynamoStarting;

    const services: AwsJsonService[] = [];
    const scheduleNames = model.rules.filter((rule) => rule.scheduleExpression).map((rule) => rule.name);
    const endpoint = new AwsEndpoint({
      services,
      dynamodbEndpoint: dynamo.endpoint,
      logger,
      control: {
        health: () => ({ status: 'ok', stackName, functions: model.functions.length, tables: model.tables.map((table) => table.name) }),
        scheduleNames: () => scheduleNames,
        fireSchedule: (name, detail) => scheduler.fireNow(name, detail),
        advanceTimer: (execution, seconds) => stepFunctions.advanceTimer(execution, seconds),
        jwks: () => issuer.jwks(),
      },
    });
    const awsUrl = await endpoint.listen(awsPort);
    stack.push(() => endpoint.close());

    const lambda = new LocalLambdaRuntime({
      functions: model.functions,
      region: model.region,
      endpointUrl: functionsEndpoint,
      dynamodbEndpointUrl: dynamo.endpoint,
      environmentOverrides: options.environmentOverrides,
      quiet: options.quiet,
      onFunctionOutput: options.onFunctionOutput,
      logger,
    });
    stack.push(() => lambda.stop());
    const topics = new LocalTopics({
      topics: model.topics,
      dataDir,
      invokeLambdaAsync: (arn, event) => lambda.invokeAsync(arn, event),
      print: (line) => logger.print(line),
    });
    const dispatch = createDispatcher({
      dataDir,
      invokeLambdaAsync: (arn, event) => lambda.invokeAsync(arn, event),
      publish: (arn, message) => topics.publish(arn, { message }),
      startExecution: (arn, input) => stepFunctions.startExecution(arn, input),
      sendToConsumedQueue: (arn, body) => queues.sendIfConsumed(arn, body, model.accountId),
    });
    // In-memory DynamoDB forgets the data the messages are about, so they are not kept either.
    const queues = new LocalQueues({ model, dataDir: options.inMemory ? undefined : dataDir, deadLetter: (arn, body) => dispatch(arn, body) });
    stack.push(() => queues.close());
    const bus = new LocalEventBus({ rules: model.rules, buses: model.buses, dispatch, region: model.region, accountId: model.accountId, logger });
    stack.push(() => bus.drain());
    const stepFunctions = createLocalStepFunctions({
      stateMachines: model.stateMachines,
      lambda,
      events: bus,
      sdk: stepFunctionsIntegrations(topics),
      region: model.region,
      accountId: model.accountId,
      logger,
      retryIntervalScale: options.retryIntervalScale,
      // In-memory DynamoDB forgets the data the executions work on, so they are not kept either.
      dataDir: options.inMemory ? undefined : dataDir,
    });
    stack.push(() => stepFunctions.stop());
    services.push(stepFunctions.service, createEventsJsonService(bus), createSqsJsonService(queues, model.accountId));

    await ensureTables(dynamo.client, model.tables);
    const seedSummary = options.seed === false ? [] : await seed(dynamo, model, logger);
    options.afterSeed?.();

    const poller = new StreamPoller({
      model,
      dynamodb: dynamo.client,
      dynamodbEndpoint: dynamo.endpoint,
      lambda,
      dispatch,
      checkpointFile: join(dataDir, 'streams.json'),
      logger,
    });
    poller.start();
    stack.push(() => poller.stop());
    const queuePoller = new QueuePoller({ model, queues, lambda, logger });
    queuePoller.start();
    stack.push(() => queuePoller.stop());
    const scheduler = new LocalScheduler({ rules: model.rules, dispatch, region: model.region, accountId: model.accountId, logger });
    scheduler.start();
    stack.push(() => scheduler.stop());
    const resumed = stepFunctions.resume();
    if (resumed > 0) logger.info('workflows resumed', { executions: resumed });

    const gateway = new LocalGateway({ api: model.api, lambda, issuer, accountId: model.accountId, logger });
    const apiUrl = await gateway.listen(options.apiPort ?? 3000);
    stack.push(() => gateway.close());
    if (options.prewarm ?? !options.quiet) void lambda.prewarm();
    const traffic = options.demoTraffic && options.seed !== false ? await startDemoTraffic(dynamo, model, lambda, awsUrl, logger) : undefined;
    if (traffic) stack.push(() => traffic.stop());

    return {
      apiUrl,
      awsUrl,
      dataDir,
      model,
      issuer,
      stepFunctions,
      bus,
      topics,
      queues,
      lambda,
      seedSummary: traffic ? [...seedSummary, traffic.summary] : seedSummary,
      ...(traffic ? { demoTraffic: traffic.done } : {}),
      dynamodb: { endpoint: dynamo.endpoint, pid: dynamo.pid },
      invoke: (functionName, event) => lambda.invoke(functionName, event),
      readSnsMessages: (topicName) => topics.read(topicName),
      queuesIdle: () => queues.idle(),
      fireSchedule: (name, detail) => scheduler.fireNow(name, detail),
      scheduleNames: () => [...scheduleNames],
      stop: () => stack.unwind(),
    };
  } catch (error) {
    await stack.unwind();
    await dynamoStarting.then((dynamo) => dynamo.stop()).catch(() => undefined);
    throw error;
  }
}

/**
 * Service integrations the local Step Functions needs from the rest of the cloud. It runs
 * `lambda:invoke` and `events:putEvents` itself (with the runtime and the bus it is given) and hands
 * `sns:publish` a Message already serialized.
 */
function stepFunctionsIntegrations(topics: LocalTopics) {
  return {
    'arn:aws:states:::sns:publish': async (params: Record<string, unknown>) => {
      const { messageId } = await topics.publish(String(params.TopicArn), {
        message: String(params.Message),
        subject: typeof params.Subject === 'string' ? params.Subject : undefined,
        messageAttributes: params.MessageAttributes as Record<string, SnsMessageAttribute> | undefined,
      });
      return { MessageId: messageId };
    },
  };
}

async function seed(dynamo: DynamoDbLocal, model: LocalModel, logger: LocalLogger): Promise<string[]> {
  const table = model.tables[0];
  if (!table) return [];
  const documentClient = DynamoDBDocumentClient.from(dynamo.client, { marshallOptions: { removeUndefinedValues: true } });
  const result = await seedDemoData(documentClient, table.name);
  if (result.seeded) logger.info('demo data seeded', { items: result.summary.length });
  return result.summary;
}

/**
 * The demo shop's traffic (seed-traffic.ts) in the background of a ready cloud: the start is not slowed, and the
 * fresh-start snapshot (taken before) holds only the demo data, so it does not go stale with the date. Stopping
 * the cloud interrupts it between steps; the next start resumes it.
 */
async function startDemoTraffic(dynamo: DynamoDbLocal, model: LocalModel, lambda: LocalLambdaRuntime, awsUrl: string, logger: LocalLogger) {
  const table = model.tables[0];
  const functionOf = (entry: string) => model.functions.find((fn) => fn.entry.endsWith(entry));
  const nightlyKpi = functionOf('functions/analytics/nightly-kpi.ts');
  const reorderPolicy = functionOf('functions/inventory/recompute-reorder-policy.ts');
  const adjustStock = functionOf('functions/inventory/adjust-stock.ts');
  const rfmWeekly = functionOf('functions/analytics/rfm-weekly.ts');
  if (!table || !nightlyKpi || !reorderPolicy || !adjustStock || !rfmWeekly) return undefined;
  const client = DynamoDBDocumentClient.from(dynamo.client, { marshallOptions: { removeUndefinedValues: true } });
  const written = await demoTrafficSummary(client, table.name);
  if (written) return { summary: written[0] ?? '', done: Promise.resolve({ seeded: false, summary: written }), stop: async () => undefined };
  const stopping = { stopped: false };
  const stockTask = demoStockTask(model, adjustStock, dynamo.endpoint, awsUrl);
  const done = seedDemoTraffic({
    client,
    tableName: table.name,
    kpiEnvironment: nightlyKpi.environment,
    runNightlyKpi: (event) => lambda.invoke(nightlyKpi.arn, event),
    warmNightlyKpi: () => lambda.prewarm([nightlyKpi.arn]),
    stockDemoShop: (request) => stockTask.run(request),
    runReorderPolicy: (event) => lambda.invoke(reorderPolicy.arn, event),
    runRfmWeekly: () => lambda.invoke(rfmWeekly.arn, {}),
    stopping,
  });
  done.then(
    (result) => logger.info('demo traffic seeded', { ...result.timings, summary: result.summary.join(' ') }),
    (error: unknown) => logger.info(stopping.stopped ? 'demo traffic interrupted; the next start resumes it' : `demo traffic not seeded: ${String(error)}`),
  );
  return {
    summary: 'Demo shop traffic: eight weeks of sessions and orders being written in the background (GET /kpis and GET /insights within half a minute; the log says when)',
    done,
    stop: async () => {
      stopping.stopped = true;
      await stockTask.stop();
      await done.catch(() => undefined);
    },
  };
}

/**
 * The demo's stock task (demo-stock-task.ts) as a function of its own, in a worker with the adjust-stock function's
 * environment (its table): the live repository functions it calls use a Lambda's table and client. Not in the
 * template, so on a runtime of its own, stopped once the task is done or when the cloud stops.
 */
function demoStockTask(model: LocalModel, inventoryFunction: LocalFunction, dynamodbEndpoint: string, awsUrl: string) {
  const task: LocalFunction = {
    ...inventoryFunction,
    logicalId: 'DemoStockTask',
    name: 'local-demo-stock-task',
    arn: inventoryFunction.arn.replace(/[^:]+$/, 'local-demo-stock-task'),
    entry: join(REPO_ROOT, 'infra/local/demo-stock-task.ts'),
    handlerExport: 'handler',
    timeoutSeconds: 120,
  };
  const runtime = new LocalLambdaRuntime({ functions: [task], region: model.region, endpointUrl: awsUrl.replace('localhost', '127.0.0.1'), dynamodbEndpointUrl: dynamodbEndpoint, quiet: true });
  return {
    async run(request: DemoStockRequest) {
      try {
        return (await runtime.invoke(task.name, request)) as { received: number; customers: number };
      } finally {
        await runtime.stop();
      }
    },
    stop: () => runtime.stop(),
  };
}

/** Cleanup steps, run in reverse order of start-up; each runs even if an earlier one fails. */
class CleanupStack {
  private readonly steps: (() => unknown)[] = [];
  private unwinding?: Promise<void>;

  push(step: () => unknown): void {
    this.steps.push(step);
  }

  unwind(): Promise<void> {
    this.unwinding ??= (async () => {
      while (this.steps.length) {
        const step = this.steps.pop()!;
        try {
          await step();
        } catch {
          // keep stopping the rest
        }
      }
    })();
    return this.unwinding;
  }
}
