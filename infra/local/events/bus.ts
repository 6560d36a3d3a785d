/**
 * The local EventBridge: PutEvents validated like the real service, the event envelope built,
 * every enabled pattern rule on the event's bus matched, and each matching target delivered to
 * asynchronously (PutEvents never waits for delivery, as in AWS). Also the `AWSEvents` JSON
 * service for the :4566 endpoint, so the AWS SDK and CLI can talk to it.
 */
import { randomUUID } from 'node:crypto';
import {
  AwsServiceError,
  type AwsJsonService,
  type EventBusService,
  type LocalBus,
  type LocalRule,
  type PutEventsEntry,
  type PutEventsResult,
  type TargetDispatcher,
} from '../model';
import { TargetDelivery, type EventsLogger } from './delivery';
import { buildEnvelope, checkEntry, ruleArn, type EventEnvelope } from './envelope';
import { matchesPattern, validatePattern } from './pattern';

export interface LocalEventBusOptions {
  readonly rules: readonly LocalRule[];
  readonly buses: readonly LocalBus[];
  readonly dispatch: TargetDispatcher;
  readonly region: string;
  readonly accountId: string;
  /** Called with every accepted event (before matching), e.g. to print it. */
  readonly onEvent?: (event: EventEnvelope) => void;
  readonly logger?: EventsLogger;
  /** First retry delay of a failed delivery. @default 100 */
  readonly retryDelayMs?: number;
  readonly now?: () => Date;
}

export const DEFAULT_BUS_NAME = 'default';
const MAX_ENTRIES_PER_CALL = 10;
const RECENT_EVENTS_KEPT = 100;
const BUS_ARN_MARKER = ':event-bus/';

export class LocalEventBus implements EventBusService {
  private readonly options: LocalEventBusOptions;
  private readonly delivery: TargetDelivery;
  private readonly busNames: ReadonlySet<string>;
  private readonly recent: EventEnvelope[] = [];
  private readonly now: () => Date;

  constructor(options: LocalEventBusOptions) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
    this.delivery = new TargetDelivery({ dispatch: options.dispatch, logger: options.logger, retryDelayMs: options.retryDelayMs });
    this.busNames = new Set([DEFAULT_BUS_NAME, ...options.buses.map((bus) => bus.name)]);
    // A rule with an invalid pattern would not deploy, so it must not start locally either.
    for (const rule of options.rules) {
      if (!rule.eventPattern) continue;
      try {
        validatePattern(rule.eventPattern);
      } catch (error) {
        throw new Error(`Rule ${rule.name}: ${(error as Error).message}`);
      }
    }
  }

  get region(): string {
    return this.options.region;
  }

  get accountId(): string {
    return this.options.accountId;
  }

  get rules(): readonly LocalRule[] {
    return this.options.rules;
  }

  async putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsResult> {
    if (entries.length === 0 || entries.length > MAX_ENTRIES_PER_CALL) {
      throw new AwsServiceError(
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES_PER_CALL}`,
      );
    }
    const results = entries.map((entry) => this.acceptEntry(entry));
    return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
  }

  /** Resolves once every delivery in flight (and any they caused on this bus) has settled. */
  drain(): Promise<void> {
    return this.delivery.drain();
  }

  /** The last `limit` accepted events, oldest first. */
  recentEvents(limit = 20): readonly EventEnvelope[] {
    return limit > 0 ? this.recent.slice(-limit) : [];
  }

  /** The bus name an `EventBusName` (name or ARN) refers to, or undefined when no such bus exists. */
  resolveBusName(nameOrArn: string | undefined): string | undefined {
    if (!nameOrArn) return DEFAULT_BUS_NAME;
    const byArn = this.options.buses.find((bus) => bus.arn === nameOrArn);
    if (byArn) return byArn.name;
    let name = nameOrArn;
    if (nameOrArn.startsWith('arn:')) {
      const marker = nameOrArn.indexOf(BUS_ARN_MARKER);
      if (marker < 0) return undefined;
      name = nameOrArn.slice(marker + BUS_ARN_MARKER.length);
    }
    return this.busNames.has(name) ? name : undefined;
  }

  /** Every bus: `default` and the template's own, with their ARNs. */
  busList(): { name: string; arn: string }[] {
    const { region, accountId, buses } = this.options;
    const declared = buses.map((bus) => ({ name: bus.name, arn: bus.arn }));
    const hasDefault = declared.some((bus) => bus.name === DEFAULT_BUS_NAME);
    return hasDefault ? declared : [{ name: DEFAULT_BUS_NAME, arn: `arn:aws:events:${region}:${accountId}:event-bus/${DEFAULT_BUS_NAME}` }, ...declared];
  }

  ruleArn(rule: LocalRule): string {
    return ruleArn(rule, this.options);
  }

  private acceptEntry(entry: PutEventsEntry): PutEventsResult['Entries'][number] {
    const check = checkEntry(entry);
    if (!check.ok) return { ErrorCode: check.errorCode, ErrorMessage: check.errorMessage };
    const busName = this.resolveBusName(entry.EventBusName);
    if (!busName) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${entry.EventBusName} does not exist.` };
    }
    const event = buildEnvelope({ ...entry, Source: entry.Source!, DetailType: entry.DetailType! }, check.detail, this.options, this.now());
    this.remember(event);
    this.route(busName, event);
    return { EventId: event.id };
  }

  private route(busName: string, event: EventEnvelope): void {
    for (const rule of this.options.rules) {
      if (!rule.enabled || !rule.eventPattern || rule.busName !== busName) continue;
      if (!matchesPattern(rule.eventPattern, event)) continue;
      this.options.logger?.info('event matched rule', { eventId: event.id, ruleName: rule.name, targets: rule.targets.length });
      for (const target of rule.targets) {
        void this.delivery.deliver({ event, ruleName: rule.name, ruleArn: this.ruleArn(rule), target });
      }
    }
  }

  private remember(event: EventEnvelope): void {
    this.recent.push(event);
    if (this.recent.length > RECENT_EVENTS_KEPT) this.recent.shift();
    try {
      this.options.onEvent?.(event);
    } catch (error) {
      this.options.logger?.warn('onEvent callback failed', { eventId: event.id, error: (error as Error).message });
    }
  }
}

/* ---------------- AWS JSON protocol (X-Amz-Target: AWSEvents.<Action>) ---------------- */

export function createEventsJsonService(bus: LocalEventBus): AwsJsonService {
  return {
    targetPrefix: 'AWSEvents',
    async handle(action, input, request) {
      if (request && !request.ownRegion) return answerAsEmptyRegion(bus, action, input, request.region);
      switch (action) {
        case 'PutEvents':
          return putEventsFromOutside(bus, wireEntries(input.Entries));
        case 'ListEventBuses':
          return listEventBuses(bus.busList(), input);
        case 'ListRules':
          return listRules(bus, input);
        case 'DescribeRule':
          return describeRule(bus, findRule(bus, input.Name, input.EventBusName));
        case 'ListTargetsByRule':
          return { Targets: findRule(bus, input.Rule, input.EventBusName).targets.map(describeTarget) };
        default:
          throw unknownOperation(action);
      }
    },
  };
}

const unknownOperation = (action: string) =>
  new AwsServiceError('UnknownOperationException', `Operation ${action} is not supported by the local EventBridge`);

/**
 * `aws.*` sources are reserved for AWS services: PutEvents refuses them per entry and accepts the rest.
 * Only callers from outside are refused; the local Step Functions puts its `aws.states` events on the bus directly.
 */
async function putEventsFromOutside(bus: LocalEventBus, entries: PutEventsEntry[]): Promise<PutEventsResult> {
  const reserved = (entry: PutEventsEntry) => typeof entry.Source === 'string' && entry.Source.startsWith('aws.');
  const allowed = entries.filter((entry) => !reserved(entry));
  // An empty or oversized call gets the bus's own validation error, before any entry is looked at.
  if (entries.length === 0 || entries.length > MAX_ENTRIES_PER_CALL) return bus.putEvents(entries);
  const accepted = allowed.length ? (await bus.putEvents(allowed)).Entries : [];
  let next = 0;
  const results = entries.map((entry) =>
    reserved(entry) ? { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' } : accepted[next++]!,
  );
  return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
}

/** Every region has its own `default` bus and nothing else of ours: this is what another region shows. */
function answerAsEmptyRegion(bus: LocalEventBus, action: string, input: Record<string, unknown>, region: string) {
  const defaultBus = { Name: DEFAULT_BUS_NAME, Arn: `arn:aws:events:${region}:${bus.accountId}:event-bus/${DEFAULT_BUS_NAME}` };
  const noSuchBus = (name: unknown) => new AwsServiceError('ResourceNotFoundException', `Event bus ${String(name)} does not exist.`);
  const onDefaultBus = (name: unknown) => name === undefined || name === DEFAULT_BUS_NAME || name === defaultBus.Arn;
  switch (action) {
    case 'PutEvents': {
      // Accepted onto that region's bus, where no rule of ours listens.
      const entries = wireEntries(input.Entries);
      if (entries.length === 0 || entries.length > MAX_ENTRIES_PER_CALL) return bus.putEvents(entries);
      const results = entries.map((entry) =>
        String(entry.Source).startsWith('aws.')
          ? { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' }
          : onDefaultBus(entry.EventBusName)
            ? { EventId: randomUUID() }
            : { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${String(entry.EventBusName)} does not exist.` },
      );
      return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
    }
    case 'ListEventBuses':
      return listEventBuses([{ name: DEFAULT_BUS_NAME, arn: defaultBus.Arn }], input);
    case 'ListRules':
      if (!onDefaultBus(input.EventBusName)) throw noSuchBus(input.EventBusName);
      return { Rules: [] };
    case 'DescribeRule':
      throw new AwsServiceError('ResourceNotFoundException', `Rule ${String(input.Name)} does not exist on EventBus ${String(input.EventBusName ?? DEFAULT_BUS_NAME)}.`);
    case 'ListTargetsByRule':
      throw new AwsServiceError('ResourceNotFoundException', `Rule ${String(input.Rule)} does not exist on EventBus ${String(input.EventBusName ?? DEFAULT_BUS_NAME)}.`);
    default:
      throw unknownOperation(action);
  }
}

function listEventBuses(buses: readonly { name: string; arn: string }[], input: Record<string, unknown>) {
  const prefix = optionalText(input.NamePrefix) ?? '';
  const matching = buses.filter((candidate) => candidate.name.startsWith(prefix));
  const start = Number(optionalText(input.NextToken) ?? 0);
  const limit = typeof input.Limit === 'number' && input.Limit > 0 ? input.Limit : 100;
  const page = matching.slice(start, start + limit);
  const nextToken = start + limit < matching.length ? String(start + limit) : undefined;
  return { EventBuses: page.map((candidate) => ({ Name: candidate.name, Arn: candidate.arn })), ...(nextToken ? { NextToken: nextToken } : {}) };
}

/** The JSON protocol sends timestamps as epoch seconds. */
function wireEntries(entries: unknown): PutEventsEntry[] {
  if (!Array.isArray(entries)) throw new AwsServiceError('ValidationException', 'Entries is required and must be a list');
  return entries.map((entry: Record<string, unknown>) =>
    typeof entry.Time === 'number' ? { ...entry, Time: new Date(entry.Time * 1000) } : entry,
  ) as PutEventsEntry[];
}

function listRules(bus: LocalEventBus, input: Record<string, unknown>) {
  const busName = bus.resolveBusName(optionalText(input.EventBusName));
  if (!busName) throw new AwsServiceError('ResourceNotFoundException', `Event bus ${String(input.EventBusName)} does not exist.`);
  const prefix = optionalText(input.NamePrefix) ?? '';
  const matching = bus.rules.filter((rule) => rule.busName === busName && rule.name.startsWith(prefix));
  const start = Number(optionalText(input.NextToken) ?? 0);
  const limit = typeof input.Limit === 'number' && input.Limit > 0 ? input.Limit : 100;
  const page = matching.slice(start, start + limit);
  const nextToken = start + limit < matching.length ? String(start + limit) : undefined;
  return { Rules: page.map((rule) => describeRule(bus, rule)), ...(nextToken ? { NextToken: nextToken } : {}) };
}

function findRule(bus: LocalEventBus, name: unknown, eventBusName: unknown): LocalRule {
  const busName = bus.resolveBusName(optionalText(eventBusName)) ?? String(eventBusName);
  const rule = bus.rules.find((candidate) => candidate.name === name && candidate.busName === busName);
  if (!rule) throw new AwsServiceError('ResourceNotFoundException', `Rule ${String(name)} does not exist on EventBus ${busName}.`);
  return rule;
}

function describeRule(bus: LocalEventBus, rule: LocalRule) {
  return {
    Name: rule.name,
    Arn: bus.ruleArn(rule),
    EventBusName: rule.busName,
    State: rule.enabled ? 'ENABLED' : 'DISABLED',
    ...(rule.eventPattern ? { EventPattern: JSON.stringify(rule.eventPattern) } : {}),
    ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
  };
}

function describeTarget(target: LocalRule['targets'][number]) {
  return {
    Id: target.id,
    Arn: target.arn,
    ...(target.input !== undefined ? { Input: target.input } : {}),
    ...(target.inputPath !== undefined ? { InputPath: target.inputPath } : {}),
    ...(target.inputTransformer
      ? { InputTransformer: { InputPathsMap: target.inputTransformer.inputPathsMap, InputTemplate: target.inputTransformer.inputTemplate } }
      : {}),
    ...(target.deadLetterArn ? { DeadLetterConfig: { Arn: target.deadLetterArn } } : {}),
    ...(target.maxRetries !== undefined ? { RetryPolicy: { MaximumRetryAttempts: target.maxRetries } } : {}),
  };
}

const optionalText = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
