/**
 * The local EventBridge scheduler: every enabled rule with a ScheduleExpression fires its targets
 * with the scheduled-event envelope at the times `rate()` / `cron()` give (UTC). Timers are unref'd,
 * so a running scheduler never keeps the process alive; `fireNow` backs `npm run invoke -- <name>`.
 */
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID, type LocalRule, type TargetDispatcher } from '../model';
import { TargetDelivery, silentLogger, type EventsLogger } from './delivery';
import { ruleArn, scheduledEventEnvelope, type EnvelopeOrigin } from './envelope';
import { nextOccurrence, parseScheduleExpression, type ScheduleExpression } from './schedule-expression';

export interface LocalSchedulerOptions {
  readonly rules: readonly LocalRule[];
  readonly dispatch: TargetDispatcher;
  readonly now?: () => Date;
  readonly logger?: EventsLogger;
  readonly region?: string;
  readonly accountId?: string;
  /** First retry delay of a failed delivery. @default 100 */
  readonly retryDelayMs?: number;
}

interface Schedule {
  readonly rule: LocalRule;
  readonly expression: ScheduleExpression;
  readonly arn: string;
}

/** setTimeout cannot wait longer than this; longer waits re-arm in steps. */
const MAX_TIMER_MS = 2_147_483_647;

export class LocalScheduler {
  private readonly schedules = new Map<string, Schedule>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly delivery: TargetDelivery;
  private readonly origin: EnvelopeOrigin;
  private readonly now: () => Date;
  private readonly logger: EventsLogger;
  /** Rate schedules count their periods from here, as AWS counts from rule creation. */
  private readonly anchor: Date;
  private running = false;

  constructor(options: LocalSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? silentLogger;
    this.origin = { region: options.region ?? DEFAULT_REGION, accountId: options.accountId ?? LOCAL_ACCOUNT_ID };
    this.delivery = new TargetDelivery({ dispatch: options.dispatch, logger: this.logger, retryDelayMs: options.retryDelayMs });
    this.anchor = this.now();
    for (const rule of options.rules) {
      if (!rule.scheduleExpression) continue;
      let expression: ScheduleExpression;
      try {
        expression = parseScheduleExpression(rule.scheduleExpression);
      } catch (error) {
        throw new Error(`Rule ${rule.name}: ${(error as Error).message}`);
      }
      this.schedules.set(rule.name, { rule, expression, arn: ruleArn(rule, this.origin) });
    }
  }

  /** Local names of every schedule rule (enabled or not), for `npm run invoke` and error messages. */
  scheduleNames(): string[] {
    return [...this.schedules.keys()].sort();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const schedule of this.schedules.values()) {
      if (schedule.rule.enabled) this.arm(schedule, this.now());
    }
  }

  stop(): void {
    this.running = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** The first time strictly after `after` at which the schedule fires. */
  nextFireTime(ruleName: string, after: Date): Date {
    return nextOccurrence(this.find(ruleName).expression, after, this.anchor);
  }

  /**
   * Fires the schedule's targets now (also a disabled one: invoking by hand is deliberate); resolves when delivered.
   * `detail` goes in the event's detail (AWS sends `{}`): a job's by-hand options, e.g. `{ date }` for nightly-kpi.
   */
  async fireNow(name: string, detail?: Record<string, unknown>): Promise<void> {
    await this.fire(this.find(name), this.now(), detail);
  }

  /** Resolves once every delivery in flight has settled. */
  drain(): Promise<void> {
    return this.delivery.drain();
  }

  private find(name: string): Schedule {
    const schedule = this.schedules.get(name) ?? [...this.schedules.values()].find((s) => s.rule.logicalId === name);
    if (!schedule) {
      const known = this.scheduleNames();
      throw new Error(`Unknown schedule "${name}". Known schedules: ${known.length > 0 ? known.join(', ') : '(none)'}`);
    }
    return schedule;
  }

  private arm(schedule: Schedule, after: Date): void {
    if (!this.running) return;
    let fireAt: Date;
    try {
      fireAt = nextOccurrence(schedule.expression, after, this.anchor);
    } catch (error) {
      this.logger.warn('schedule has no further occurrence', { ruleName: schedule.rule.name, error: (error as Error).message });
      return;
    }
    const delay = Math.max(0, fireAt.getTime() - this.now().getTime());
    const timer =
      delay > MAX_TIMER_MS
        ? setTimeout(() => this.arm(schedule, after), MAX_TIMER_MS)
        : setTimeout(() => {
            void this.fire(schedule, fireAt);
            // Never catch up on missed occurrences (e.g. after the machine slept): AWS does not either.
            this.arm(schedule, new Date(Math.max(fireAt.getTime(), this.now().getTime())));
          }, delay);
    timer.unref();
    this.timers.set(schedule.rule.name, timer);
  }

  private async fire(schedule: Schedule, time: Date, detail?: Record<string, unknown>): Promise<void> {
    const event = scheduledEventEnvelope(schedule.arn, time, this.origin, detail);
    this.logger.info('schedule fired', { ruleName: schedule.rule.name, time: event.time, targets: schedule.rule.targets.length });
    await Promise.all(
      schedule.rule.targets.map((target) =>
        this.delivery.deliver({ event, ruleName: schedule.rule.name, ruleArn: schedule.arn, target }),
      ),
    );
  }
}
