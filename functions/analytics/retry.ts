/** Jittered pause before attempt `attempt` (10, 20, 40 … ms, at most 400, × 0.5–1.5): racing writers spread out. */
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(400, 10 * 2 ** attempt) * (0.5 + Math.random())));

/**
 * Runs `attempt` (read, decide, conditional write) until it answers something other than `changed` or
 * `contention`, pausing between tries; throws after `attempts`, so the caller (or the bus) tries again later.
 */
export async function untilSettled<R extends string>(what: string, attempt: () => Promise<R | 'changed' | 'contention'>, attempts = 10): Promise<R> {
  for (let tried = 0; tried < attempts; tried++) {
    if (tried > 0) await pause(tried);
    const outcome = await attempt();
    if (outcome !== 'changed' && outcome !== 'contention') return outcome as R;
  }
  throw new Error(`${what}: still contended after ${attempts} attempts`);
}
