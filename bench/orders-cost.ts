/**
 * Orders-cost section: what one order costs on AWS at list prices, all in, from `POST /orders` to the
 * DELIVERED scan, per 1,000 orders, against the target of $0.15.
 *
 * Measured on the local cloud (in this process, fresh, seeded), which runs the deployed template:
 * BENCH_COST_ORDERS orders (default 5) go one after the other through the whole lifecycle — place →
 * reserve → authorize → allocate → pack → ship → capture → shipped → carrier webhooks IN_TRANSIT,
 * OUT_FOR_DELIVERY, DELIVERED — after one warm-up order (uncounted: it loads the workers, so no
 * cold start is timed), each followed by a wait until the cloud is quiet (outbox events, rule targets,
 * notifications all done). Per lifecycle it counts:
 *
 * - DynamoDB read and write units, as DynamoDB answers them with ReturnConsumedCapacity (bench/
 *   dynamodb-capacity.ts: a counting proxy every function's SDK is pointed at through
 *   AWS_ENDPOINT_URL_DYNAMODB; multi-item transactions re-measured item by item, because DynamoDB Local
 *   under-reports them);
 * - Step Functions state transitions: the StateEntered events of the order's execution history; its
 *   Express children (the shipping stretch) by request and by duration (each run's start to stop on the
 *   local cloud, an upper bound, rounded up to 100 ms, at 64 MB), their histories logged like the parent's;
 * - Lambda invocations and their duration (every call through the local Lambda runtime: API routes,
 *   workflow tasks, the outbox publisher, rule targets), GB-seconds at each function's configured memory
 *   and architecture from the template, each call rounded up to 1 ms;
 * - EventBridge events put (custom sources only; `aws.*` service events are free), SNS publishes, and
 *   API requests;
 *
 * and prices them with bench/pricing.json. A missed target is reported, never a failed process.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { REPO_ROOT } from '../infra/constructs/repo';
import { hasSupportedJava } from '../infra/local/dynamodb/server';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID, type StateMachineLogging, type StateMachineLogLevel } from '../infra/local/model';
import { withoutData } from '../infra/local/sfn/api';
import { buildLocalModel } from '../infra/local/template/model';
import { synthTemplate } from '../infra/local/template/synth';
import { DynamoDbCapacityProxy, type CapacityCounts, type CapacityTally } from './dynamodb-capacity';
import { printChecks, printTable, round, type TargetCheck } from './format';
import { ORDER_FUNCTIONS, positiveIntFromEnv, settle, startOrdersCloud, withTimeout, type OrdersCloud } from './orders-cloud';
import { mergeSection } from './results';
import { costLines, LAMBDA_PLATFORM_LOG_BYTES_PER_INVOCATION, NOT_INCLUDED, PRICING_FILE, type LifecycleUnits, type Pricing } from './order-pricing';

const ORDERS = positiveIntFromEnv('BENCH_COST_ORDERS', 5);
const TARGET_USD_PER_1000_ORDERS = 0.15;
const STEP_TIMEOUT_MS = 60_000;
/** The stream poller polls every 100 ms and an event takes a few hops; a second of nothing is quiet. */
const QUIET_MS = 1_000;
const SETTLE_TIMEOUT_MS = 60_000;
/** Plenty, so no low-stock alert (not part of a typical order) fires during the run. */
const STOCK_UNITS = 1_000;
const TRACKING_SCANS = ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const;


interface LifecycleResult {
  readonly orderId: string;
  readonly stateTransitions: number;
  readonly states: readonly string[];
  /** The execution's history as JSON, its Express children's included, as each machine's logging configuration sends it. */
  readonly historyBytes: number;
  /** The order's Express child runs: their states, and the GB-seconds Express bills for them. */
  readonly expressRuns: readonly (readonly string[])[];
  readonly expressGbSeconds: number;
}

/** Express bills memory in 64 MB steps and time in 100 ms steps; the shipping child needs the first step. */
const EXPRESS_BILLED_GB = 64 / 1024;
const EXPRESS_BILLING_STEP_MS = 100;

/** The states an execution entered, in order: each a billed transition of a Standard workflow. */
const enteredStates = (history: readonly HistoryEvent[]): string[] =>
  history.flatMap((event) => (event.type?.endsWith('StateEntered') ? [event.stateEnteredEventDetails?.name ?? '?'] : []));

/** The history events a log level sends (AWS: ERROR logs failures, FATAL only the execution's own end in failure). */
const LOGGED_EVENT: Readonly<Record<StateMachineLogLevel, (type: string) => boolean>> = {
  ALL: () => true,
  ERROR: (type) => /(Failed|TimedOut|Aborted)$/.test(type),
  FATAL: (type) => /^Execution(Failed|TimedOut|Aborted)$/.test(type),
  OFF: () => false,
};

/** An execution's history as JSON, as the machine's LoggingConfiguration sends it to CloudWatch Logs, near enough. */
const loggedBytesOf = (history: readonly HistoryEvent[], logging: StateMachineLogging): number =>
  history
    .filter((event) => LOGGED_EVENT[logging.level](event.type ?? ''))
    .reduce((total, event) => total + Buffer.byteLength(JSON.stringify(logging.includeExecutionData ? event : withoutData(event as unknown as Record<string, unknown>))), 0);

/** The order's Express child executions, with their histories and billed GB-seconds. */
async function expressRunsOf(ordersCloud: OrdersCloud, orderId: string) {
  const { cloud, orders } = ordersCloud;
  const runs: { states: string[]; historyBytes: number; gbSeconds: number }[] = [];
  for (const machine of cloud.model.stateMachines.filter((candidate) => candidate.type === 'EXPRESS')) {
    for (const described of await orders.childExecutions(orderId, machine.name)) {
      const history = await orders.history(described.executionArn!);
      const ms = (described.stopDate?.getTime() ?? Date.now()) - (described.startDate?.getTime() ?? Date.now());
      runs.push({
        states: enteredStates(history),
        historyBytes: loggedBytesOf(history, machine.logging),
        gbSeconds: (EXPRESS_BILLED_GB * Math.ceil(Math.max(ms, 1) / EXPRESS_BILLING_STEP_MS) * EXPRESS_BILLING_STEP_MS) / 1000,
      });
    }
  }
  return runs;
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
const usd = (value: number) => `$${value.toFixed(4)}`;
const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

/** One order, place to delivered, driven the way a storefront, a warehouse and a carrier would. */
async function lifecycle(ordersCloud: OrdersCloud, sku: string): Promise<LifecycleResult> {
  const { orders, cloud } = ordersCloud;
  const placed = await orders.place([{ sku, quantity: 1 }], { token: await orders.customerToken() });
  if (placed.status !== 201) throw new Error(`POST /orders answered ${placed.status}: ${placed.text}`);
  const orderId = placed.body.orderId as string;

  await ordersCloud.invoked(ORDER_FUNCTIONS.requestPacking, orderId, STEP_TIMEOUT_MS);
  const packed = await orders.pack(orderId);
  if (packed.status !== 202) throw new Error(`POST /orders/${orderId}/packed answered ${packed.status}: ${packed.text}`);
  await ordersCloud.invoked(ORDER_FUNCTIONS.markShipped, orderId, STEP_TIMEOUT_MS);

  const shipment = (await orders.readOrder(orderId))?.shipments?.[0] as { trackingNumber: string; carrierId: string } | undefined;
  if (!shipment) throw new Error(`order ${orderId} is SHIPPED without a shipment`);
  const scannedFrom = Date.now();
  for (const [at, status] of TRACKING_SCANS.entries()) {
    const occurredAt = new Date(scannedFrom + at * 60_000).toISOString();
    const scan = await orders.track(shipment.carrierId, { trackingNumber: shipment.trackingNumber, status, occurredAt });
    if (scan.status !== 200 || scan.body?.status !== status) throw new Error(`the ${status} webhook answered ${scan.status}: ${scan.text}`);
  }

  const executionArn = await ordersCloud.executionOf(orderId, STEP_TIMEOUT_MS);
  const finished = await withTimeout(cloud.stepFunctions.waitForExecution(executionArn), STEP_TIMEOUT_MS, `execution of order ${orderId}`);
  if (finished.status !== 'SUCCEEDED') throw new Error(`the execution of order ${orderId} ended ${finished.status}`);
  const history = await orders.history(executionArn);
  const states = enteredStates(history);
  const express = await expressRunsOf(ordersCloud, orderId);
  const parentLogging = cloud.model.stateMachines.find((machine) => executionArn.includes(`:${machine.name}:`))?.logging;
  if (!parentLogging) throw new Error(`no state machine for ${executionArn}`);
  const historyBytes = sum([loggedBytesOf(history, parentLogging), ...express.map((run) => run.historyBytes)]);
  return {
    orderId,
    stateTransitions: states.length,
    states,
    historyBytes,
    expressRuns: express.map((run) => run.states),
    expressGbSeconds: sum(express.map((run) => run.gbSeconds)),
  };
}

/** Everything an order set off is done: the cloud is quiet and every transaction is re-measured. */
const quiet = async (ordersCloud: OrdersCloud, proxy: DynamoDbCapacityProxy): Promise<void> => {
  await settle(ordersCloud, QUIET_MS, SETTLE_TIMEOUT_MS);
  await withTimeout(proxy.settled(), SETTLE_TIMEOUT_MS, 'the transaction re-measure');
};

interface FunctionUse {
  readonly name: string;
  readonly invocationsPerOrder: number;
  readonly meanMs: number;
  readonly readUnitsPerOrder: number;
  readonly writeUnitsPerOrder: number;
  readonly indexWriteUnitsPerOrder: number;
  readonly reportedWriteUnitsPerOrder: number;
  /** What it wrote to its log (Powertools lines at the template's level), measured. */
  readonly logBytesPerOrder: number;
}

const perFunction = (ordersCloud: OrdersCloud, capacity: CapacityTally): FunctionUse[] => {
  const names = new Set([...ordersCloud.counters.invocations.keys(), ...Object.keys(capacity.byFunction)]);
  return [...names]
    .map((name) => {
      const calls = ordersCloud.counters.invocations.get(name);
      const dynamo: CapacityCounts | undefined = capacity.byFunction[name];
      return {
        name,
        invocationsPerOrder: round((calls?.count ?? 0) / ORDERS),
        meanMs: round(calls?.ms.length ? sum(calls.ms) / calls.ms.length : 0),
        readUnitsPerOrder: round((dynamo?.readUnits ?? 0) / ORDERS),
        writeUnitsPerOrder: round((dynamo?.writeUnits ?? 0) / ORDERS),
        indexWriteUnitsPerOrder: round((dynamo?.indexWriteUnits ?? 0) / ORDERS),
        reportedWriteUnitsPerOrder: round((dynamo?.reportedWriteUnits ?? 0) / ORDERS),
        logBytesPerOrder: round((ordersCloud.counters.outputBytes.get(name) ?? 0) / ORDERS),
      };
    })
    .sort((a, b) => b.writeUnitsPerOrder - a.writeUnitsPerOrder || b.invocationsPerOrder - a.invocationsPerOrder);
};

export async function runOrdersCostSection(): Promise<void> {
  if (!(await hasSupportedJava())) {
    console.log('Skipped: no Java 17+ on PATH (DynamoDB Local needs it).');
    mergeSection('orders-cost', { skipped: 'no java 17+ on PATH' });
    return;
  }
  const pricing = JSON.parse(readFileSync(PRICING_FILE, 'utf8')) as Pricing;
  console.log(`${ORDERS} orders (BENCH_COST_ORDERS) one after the other, place → delivered, after one warm-up order; prices: bench/pricing.json (${pricing.region}, retrieved ${pricing.retrieved})…\n`);

  // Synthesized here (not by the cloud) to know every function before it starts: each gets its own proxy path.
  const { template, stackName } = synthTemplate();
  const model = buildLocalModel(template, { stackName, region: DEFAULT_REGION, accountId: LOCAL_ACCOUNT_ID, repoRoot: REPO_ROOT });
  const proxy = new DynamoDbCapacityProxy();
  await proxy.listen();
  const environmentOverrides = Object.fromEntries(model.functions.map((fn) => [fn.name, { AWS_ENDPOINT_URL_DYNAMODB: proxy.endpointFor(fn.name) }]));
  const ordersCloud = await startOrdersCloud({ template: { template, stackName }, environmentOverrides }).catch(async (error: unknown) => {
    await proxy.close();
    throw error;
  });
  try {
    const { cloud, orders, counters } = ordersCloud;
    await proxy.connect(cloud.dynamodb.endpoint, cloud.model.tables);
    const sku = await orders.stockedSku(STOCK_UNITS);
    await lifecycle(ordersCloud, sku); // warm-up, not counted
    await quiet(ordersCloud, proxy);
    ordersCloud.resetCounters();
    proxy.reset();

    const lifecycles: LifecycleResult[] = [];
    const cpuFrom = process.cpuUsage();
    for (let run = 0; run < ORDERS; run++) {
      lifecycles.push(await lifecycle(ordersCloud, sku));
      await quiet(ordersCloud, proxy);
    }
    const capacity = proxy.snapshot();
    // CPU of this process while the orders ran: every function's worker thread plus the in-process cloud
    // (gateway, interpreter, poller, bus), so an upper bound on the handlers' CPU. Billed duration is modelled as
    // each call's share of it (by wall time), never more than its wall time: a shared 2-core machine's
    // queueing is not what Lambda would bill (DynamoDB Local runs in its own JVM, not counted).
    const cpu = process.cpuUsage(cpuFrom);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const wallMs = sum([...counters.invocations.values()].flatMap((entry) => entry.ms));
    const cpuShare = wallMs > 0 ? Math.min(1, cpuMs / wallMs) : 1;

    const functionsByName = new Map(cloud.model.functions.map((fn) => [fn.name, fn]));
    const architectureOf = (name: string): 'arm64' | 'x86_64' => {
      const logicalId = functionsByName.get(name)?.logicalId ?? '';
      const architectures = (template.Resources?.[logicalId] as { Properties?: { Architectures?: string[] } } | undefined)?.Properties?.Architectures;
      return architectures?.includes('arm64') ? 'arm64' : 'x86_64';
    };
    const gbSeconds = { arm64: 0, x86_64: 0 };
    for (const [name, { ms }] of counters.invocations) {
      const memoryGb = (functionsByName.get(name)?.memoryMb ?? 128) / 1024;
      gbSeconds[architectureOf(name)] += (memoryGb * sum(ms.map((value) => Math.ceil(value * cpuShare)))) / 1000;
    }
    const customEvents = sum([...counters.eventsBySource].filter(([source]) => !source.startsWith('aws.')).map(([, count]) => count));
    const serviceEvents = sum([...counters.eventsBySource].filter(([source]) => source.startsWith('aws.')).map(([, count]) => count));
    const invocations = sum([...counters.invocations.values()].map((entry) => entry.count));
    // The platform's START/END/REPORT lines reach CloudWatch only where the function's system log level is INFO or DEBUG.
    const platformLogBytes = sum(
      [...counters.invocations].map(([name, { count }]) =>
        functionsByName.get(name)?.logging.systemLogLevel === 'WARN' ? 0 : count * LAMBDA_PLATFORM_LOG_BYTES_PER_INVOCATION,
      ),
    );
    const functionLogBytes = sum(counters.outputBytes.values());
    const units: LifecycleUnits = {
      dynamodbWriteUnits: capacity.total.writeUnits / ORDERS,
      dynamodbReadUnits: capacity.total.readUnits / ORDERS,
      stateTransitions: sum(lifecycles.map((result) => result.stateTransitions)) / ORDERS,
      expressExecutions: sum(lifecycles.map((result) => result.expressRuns.length)) / ORDERS,
      expressGbSeconds: sum(lifecycles.map((result) => result.expressGbSeconds)) / ORDERS,
      lambdaInvocations: invocations / ORDERS,
      lambdaGbSecondsByArchitecture: { arm64: gbSeconds.arm64 / ORDERS, x86_64: gbSeconds.x86_64 / ORDERS },
      customEvents: customEvents / ORDERS,
      snsPublishes: sum(counters.snsPublishes.values()) / ORDERS,
      apiRequests: sum(counters.apiRequests.values()) / ORDERS,
      lambdaLogBytes: (platformLogBytes + functionLogBytes) / ORDERS,
      stepFunctionsLogBytes: sum(lifecycles.map((result) => result.historyBytes)) / ORDERS,
      xrayTraces: (sum(counters.apiRequests.values()) + (counters.invocations.get('platform-publish-outbox')?.count ?? 0)) / ORDERS + 1,
    };
    const lines = costLines(units, pricing);
    const totalUsd = sum(lines.map((line) => line.usdPer1000Orders));

    printTable(
      ['component', 'unit', 'per order', 'per 1,000 orders', '$ per 1,000 orders', 'share'],
      [
        ...lines.map((line) => [
          line.component,
          line.unit,
          fixed(line.perOrder, line.unit === 'GB-seconds' ? 3 : 1),
          fixed(line.perOrder * 1000, line.unit === 'GB-seconds' ? 1 : 0),
          usd(line.usdPer1000Orders),
          `${fixed((line.usdPer1000Orders / totalUsd) * 100, 1)} %`,
        ]),
        ['total', '', '', '', usd(totalUsd), '100 %'],
      ],
    );

    const uses = perFunction(ordersCloud, capacity);
    console.log('\nBy function (per order):\n');
    printTable(
      ['function', 'invocations', 'mean ms', 'RRU', 'WRU', 'of which GSIs', 'WRU as DynamoDB Local reported', 'log bytes'],
      uses.map((use) => [
        use.name,
        `${use.invocationsPerOrder}`,
        `${use.meanMs}`,
        `${use.readUnitsPerOrder}`,
        `${use.writeUnitsPerOrder}`,
        `${use.indexWriteUnitsPerOrder}`,
        `${use.reportedWriteUnitsPerOrder}`,
        `${use.logBytesPerOrder}`,
      ]),
    );

    const dominant = [...lines].sort((a, b) => b.usdPer1000Orders - a.usdPer1000Orders)[0]!;
    const withoutDominant = totalUsd - dominant.usdPer1000Orders;
    const checks: TargetCheck[] = [
      { target: `cost per 1,000 orders ≤ $${TARGET_USD_PER_1000_ORDERS.toFixed(2)}, all in`, actual: `${usd(totalUsd)}`, met: totalUsd <= TARGET_USD_PER_1000_ORDERS },
    ];
    console.log('');
    printChecks(checks);
    const indexWrites = capacity.total.indexWriteUnits / ORDERS;
    const reportedWrites = capacity.total.reportedWriteUnits / ORDERS;
    const explanation =
      `Largest: ${dominant.component}, ${fixed(dominant.perOrder, 1)} ${dominant.unit} per order = ${usd(dominant.usdPer1000Orders)} per 1,000 orders ` +
      `(${fixed((dominant.usdPer1000Orders / totalUsd) * 100, 0)} %, ${fixed(dominant.usdPer1000Orders / TARGET_USD_PER_1000_ORDERS, 1)}× the target on its own); ` +
      `everything else together ${usd(withoutDominant)}. DynamoDB writes: ${fixed(units.dynamodbWriteUnits, 1)} WRU per order, ` +
      `${fixed(units.dynamodbWriteUnits ? (indexWrites / units.dynamodbWriteUnits) * 100 : 0, 0)} % of them on global secondary indexes.`;
    console.log(explanation);
    console.log(
      `DynamoDB units as DynamoDB answers them, transactions re-measured item by item (DynamoDB Local itself reported ${fixed(reportedWrites, 1)} WRU; ` +
        `${capacity.remeasureFailures} transactions could not be re-measured); ${fixed(capacity.total.refused / ORDERS, 1)} refused requests per order ` +
        `(not priced: Local reports no units for them).`,
    );
    console.log(
      `Lambda duration: each warm call's share of this process's CPU (${fixed(cpuShare * 100, 0)} % of its wall time), rounded up to 1 ms, at the template's memory; ` +
        `${fixed(serviceEvents / ORDERS, 1)} free aws.* events per order not priced. Not included: ${NOT_INCLUDED.join('; ')}.`,
    );

    mergeSection('orders-cost', {
      node: process.version,
      cpus: availableParallelism(),
      orders: ORDERS,
      lifecycle: 'place → reserve → authorize → allocate → pack → ship → capture → shipped → webhooks IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED',
      pricing: { file: 'bench/pricing.json', region: pricing.region, retrieved: pricing.retrieved, statement: pricing.statement },
      target: { usdPer1000Orders: TARGET_USD_PER_1000_ORDERS },
      usdPer1000Orders: round(totalUsd * 10_000) / 10_000,
      checks,
      explanation,
      lines: lines.map((line) => ({ ...line, perOrder: round(line.perOrder * 1000) / 1000, usdPer1000Orders: round(line.usdPer1000Orders * 100_000) / 100_000 })),
      dynamodb: {
        writeUnitsPerOrder: round(units.dynamodbWriteUnits * 10) / 10,
        indexWriteUnitsPerOrder: round(indexWrites * 10) / 10,
        reportedWriteUnitsPerOrder: round(reportedWrites * 10) / 10,
        readUnitsPerOrder: round(units.dynamodbReadUnits * 10) / 10,
        requestsPerOrder: round(capacity.total.requests / ORDERS),
        refusedPerOrder: round(capacity.total.refused / ORDERS),
        refusals: capacity.refusals,
        remeasureFailures: capacity.remeasureFailures,
        byAction: capacity.byAction,
      },
      lambda: {
        assumption: "duration modelled from CPU: each warm invocation's wall time on the local cloud times the share of it this process spent on CPU (an upper bound: it includes the in-process cloud), rounded up to 1 ms, times the function's MemorySize; no cold start counted",
        cpuShareOfWallTime: round(cpuShare * 1000) / 1000,
        invocationsPerOrder: round(units.lambdaInvocations),
        gbSecondsPerOrder: round((gbSeconds.arm64 + gbSeconds.x86_64) * 1000 / ORDERS) / 1000,
        logs: `the functions' own output, measured, plus the platform's START, END and REPORT lines (${LAMBDA_PLATFORM_LOG_BYTES_PER_INVOCATION} bytes an invocation, modelled) where the system log level sends them`,
        functionLogBytesPerOrder: round(functionLogBytes / ORDERS),
        platformLogBytesPerOrder: round(platformLogBytes / ORDERS),
      },
      events: { customPerOrder: round(units.customEvents), awsServiceEventsPerOrder: round(serviceEvents / ORDERS), bySource: Object.fromEntries(counters.eventsBySource) },
      sns: { publishesPerOrder: round(units.snsPublishes), byTopic: Object.fromEntries(counters.snsPublishes) },
      api: { requestsPerOrder: round(units.apiRequests), byRoute: Object.fromEntries(counters.apiRequests) },
      stepFunctions: {
        stateTransitionsPerOrder: units.stateTransitions,
        statesOfOneOrder: lifecycles[0]?.states ?? [],
        expressExecutionsPerOrder: units.expressExecutions,
        expressRunsOfOneOrder: lifecycles[0]?.expressRuns ?? [],
      },
      byFunction: uses,
      notIncluded: NOT_INCLUDED,
    });
  } finally {
    await ordersCloud.stop();
    await proxy.close();
  }
}
