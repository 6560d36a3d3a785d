/**
 * The one source of "now" for product code, so tests can freeze time:
 * `clock.now = () => new Date('2030-01-01T00:00:00Z')` (restore with `resetClock()`).
 */
const systemNow = (): Date => new Date();

export const clock: { now: () => Date } = { now: systemNow };

export const resetClock = (): void => {
  clock.now = systemNow;
};

/** Epoch seconds `hours` from now: the unit DynamoDB TTL (`expiresAt`) expects. */
export const epochSecondsFromNow = (hours: number): number =>
  Math.floor(clock.now().getTime() / 1000) + Math.round(hours * 3600);
