/**
 * Delivers an event to one rule target like EventBridge: input shaped by the target, failed
 * dispatches retried with backoff (RetryPolicy.MaximumRetryAttempts, local default 2), then logged
 * and, when the target has a dead-letter ARN, sent there as `{event, error, ruleName, targetId}`.
 * Tracks every delivery in flight so callers can `drain()` before asserting or shutting down.
 */
import type { LocalRuleTarget, TargetDispatcher } from '../model';
import type { EventEnvelope } from './envelope';
import { renderTargetInput } from './input-transformer';

export interface EventsLogger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

export const silentLogger: EventsLogger = { info: () => {}, warn: () => {} };

export interface DeliveryRequest {
  readonly event: EventEnvelope;
  readonly ruleName: string;
  readonly ruleArn: string;
  readonly target: LocalRuleTarget;
}

export interface TargetDeliveryOptions {
  readonly dispatch: TargetDispatcher;
  readonly logger?: EventsLogger;
  /** First retry delay; doubles per attempt. @default 100 */
  readonly retryDelayMs?: number;
}

export const DEFAULT_MAX_RETRIES = 2;

export class TargetDelivery {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly dispatch: TargetDispatcher;
  private readonly logger: EventsLogger;
  private readonly retryDelayMs: number;

  constructor(options: TargetDeliveryOptions) {
    this.dispatch = options.dispatch;
    this.logger = options.logger ?? silentLogger;
    this.retryDelayMs = options.retryDelayMs ?? 100;
  }

  /** Starts a delivery; the promise settles when it succeeded or was given up on (it never rejects). */
  deliver(request: DeliveryRequest): Promise<void> {
    const delivery = this.run(request).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
    return delivery;
  }

  /** Resolves once every delivery in flight, including ones started meanwhile, has settled. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private async run(delivery: DeliveryRequest): Promise<void> {
    const { event, ruleName, ruleArn, target } = delivery;
    const where = { ruleName, targetId: target.id, targetArn: target.arn, eventId: event.id };
    let payload: string;
    try {
      payload = renderTargetInput(event, target, { ruleName, ruleArn });
    } catch (error) {
      return this.giveUp(delivery, errorMessage(error), where);
    }
    const maxRetries = target.maxRetries ?? DEFAULT_MAX_RETRIES;
    let lastError = '';
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) await sleep(this.retryDelayMs * 2 ** (attempt - 1));
      try {
        await this.dispatch(target.arn, payload);
        return;
      } catch (error) {
        lastError = errorMessage(error);
        this.logger.warn('event target delivery failed', { ...where, attempt: attempt + 1, error: lastError });
      }
    }
    return this.giveUp(delivery, lastError, where);
  }

  private async giveUp(failed: DeliveryRequest, error: string, where: Record<string, unknown>): Promise<void> {
    this.logger.warn('event target delivery abandoned', { ...where, error, deadLetterArn: failed.target.deadLetterArn });
    const deadLetterArn = failed.target.deadLetterArn;
    if (!deadLetterArn) return;
    const letter = JSON.stringify({ event: failed.event, error, ruleName: failed.ruleName, targetId: failed.target.id });
    try {
      await this.dispatch(deadLetterArn, letter);
    } catch (dlqError) {
      this.logger.warn('dead-letter delivery failed', { ...where, deadLetterArn, error: errorMessage(dlqError) });
    }
  }
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
