/**
 * How many calls the local gateway lets one function have in flight, adapted to how fast it answers.
 *
 * In AWS a busy function scales out; locally one worker on two shared cores serves all its calls, so
 * every call admitted beyond what the machine can finish in time makes every call slower, until they time
 * out AFTER doing their work (an order written, then reported as a 503). The limit follows the answers,
 * as TCP's congestion window follows acknowledgements (AIMD): for a heavy route it starts small (a burst of a
 * hundred clients must not all be let in before the first answer says how fast the machine is), grows by one per
 * limit's worth of calls answered well within the timeout, and halves — at most once per latency target,
 * so one slow burst counts once — when a call answers slower than that target or times out. Above it the
 * gateway answers 429, and clients retry.
 */
export interface AdaptiveLimitOptions {
  /** The most it may grow to (reserved concurrency, or the local default). */
  readonly max: number;
  /** Where it starts. @default the lower of max and INITIAL_LIMIT */
  readonly initial?: number;
  /** The function's timeout: answers slower than TARGET_SHARE of it count as congestion. */
  readonly timeoutMs: number;
  /** @default 1 */
  readonly min?: number;
}

/** Answers slower than this share of the timeout mean the machine is saturated. */
export const TARGET_SHARE = 0.4;
/** Where the limit starts (or the max, when that is lower). */
export const INITIAL_LIMIT = 4;

export class AdaptiveLimit {
  private current: number;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: AdaptiveLimitOptions) {
    this.current = Math.min(options.max, options.initial ?? INITIAL_LIMIT);
  }

  /** Calls admitted at once now. */
  get limit(): number {
    return Math.max(this.options.min ?? 1, Math.floor(this.current));
  }

  private get targetMs(): number {
    return this.options.timeoutMs * TARGET_SHARE;
  }

  /** One call answered (or timed out) after `latencyMs`, seen at `now`. */
  record(latencyMs: number, timedOut: boolean, now = Date.now()): void {
    const min = this.options.min ?? 1;
    if (timedOut || latencyMs > this.targetMs) {
      if (now - this.lastDecreaseAt < this.targetMs) return;
      this.lastDecreaseAt = now;
      this.current = Math.max(min, this.current / 2);
      return;
    }
    this.current = Math.min(this.options.max, this.current + 1 / Math.max(1, this.current));
  }
}
