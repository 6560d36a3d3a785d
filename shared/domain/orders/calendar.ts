/**
 * Calendar arithmetic for delivery dates. Dates are ISO `YYYY-MM-DD` calendar dates; business
 * days are Monday to Friday (public holidays are not modelled: an ETA over a holiday is a day optimistic).
 * Local wall-clock time comes from `Intl` with an IANA zone, so daylight saving time needs no special case.
 */
const DAY_MS = 86_400_000;

export interface LocalDateTime {
  /** `YYYY-MM-DD` in the zone. */
  readonly date: string;
  /** `HH:MM`, 24-hour, in the zone. */
  readonly time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The wall-clock date and time of `instant` in `timeZone` (throws a RangeError for an unknown zone). */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

const toEpochDay = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00.000Z`) / DAY_MS;
const fromEpochDay = (epochDay: number): string => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (epochDay: number): number => new Date(epochDay * DAY_MS).getUTCDay();

export const isBusinessDay = (isoDate: string): boolean => {
  const weekday = weekdayOf(toEpochDay(isoDate));
  return weekday !== 0 && weekday !== 6;
};

/** The date itself when it is a business day, else the Monday after (carriers do not collect at weekends). */
export function onOrNextBusinessDay(isoDate: string): string {
  let day = toEpochDay(isoDate);
  while (!isBusinessDay(fromEpochDay(day))) day += 1;
  return fromEpochDay(day);
}

/** `days` business days after `isoDate`, counting only Monday to Friday; 0 gives the date back unchanged. */
export function addBusinessDays(isoDate: string, days: number): string {
  let day = toEpochDay(isoDate);
  for (let added = 0; added < days; ) {
    day += 1;
    if (isBusinessDay(fromEpochDay(day))) added += 1;
  }
  return fromEpochDay(day);
}
