/**
 * The UTC hour of a daily job meant for "just after midnight" in the store's zone. EventBridge cron is UTC;
 * with daylight saving the store's midnight moves by an hour, so the job is put at the later of the two UTC
 * hours: 00:30 local in one season, 01:30 in the other — always after midnight, never before.
 */
export function hourAfterMidnightUtc(timeZone: string): number {
  const year = new Date().getUTCFullYear();
  const offsets = [0, 6].map((month) => offsetHours(new Date(Date.UTC(year, month, 15, 12)), timeZone));
  // Midnight local = (24 − offset) UTC; the later one belongs to the smaller offset.
  return (((24 - Math.min(...offsets)) % 24) + 24) % 24;
}

/** The zone's whole-hour offset from UTC at `instant` (a half-hour zone runs half an hour later still: fine). */
function offsetHours(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour));
  return Math.floor((local - Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate(), instant.getUTCHours())) / 3_600_000);
}
