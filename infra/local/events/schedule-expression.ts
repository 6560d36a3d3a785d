/**
 * EventBridge schedule expressions: `rate(value unit)` and `cron(min hour day-of-month month day-of-week year)`,
 * validated as the service validates them (AWS docs "Schedule expressions for rules").
 */
import awsCronParser from 'aws-cron-parser';

type ParsedCron = ReturnType<typeof awsCronParser.parse>;

export type ScheduleExpression =
  | { readonly kind: 'rate'; readonly periodMs: number }
  | { readonly kind: 'cron'; readonly parsed: ParsedCron };

const RATE = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/;
const CRON = /^cron\((.*)\)$/;
const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** One regex per cron field: what characters AWS allows there. */
const CRON_FIELDS: readonly { readonly name: string; readonly allowed: RegExp }[] = [
  { name: 'minutes', allowed: /^[\d,\-*/]+$/ },
  { name: 'hours', allowed: /^[\d,\-*/]+$/ },
  { name: 'day-of-month', allowed: /^(\?|[\d,\-*/LW]+)$/ },
  { name: 'month', allowed: /^[\dA-Za-z,\-*/]+$/ },
  { name: 'day-of-week', allowed: /^(\?|[\dA-Za-z,\-*/L#]+)$/ },
  { name: 'year', allowed: /^[\d,\-*/]+$/ },
];

export function parseScheduleExpression(expression: string): ScheduleExpression {
  const rate = RATE.exec(expression);
  if (rate) return { kind: 'rate', periodMs: parseRate(expression, Number(rate[1]), rate[2]!) };
  const cron = CRON.exec(expression);
  if (cron) return { kind: 'cron', parsed: parseCron(expression, cron[1]!.trim()) };
  throw new Error(`Invalid schedule expression ${expression}: expected rate(value unit) or cron(fields)`);
}

function parseRate(expression: string, value: number, unit: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`Invalid schedule expression ${expression}: the value must be a positive integer`);
  const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  const periodMs = UNIT_MS[singular];
  if (periodMs === undefined) throw new Error(`Invalid schedule expression ${expression}: the unit must be minute(s), hour(s) or day(s)`);
  // AWS: a value of 1 takes the singular unit, anything greater the plural.
  const expected = value === 1 ? singular : `${singular}s`;
  if (unit !== expected) throw new Error(`Invalid schedule expression ${expression}: use "${value} ${expected}"`);
  return value * periodMs;
}

function parseCron(expression: string, body: string): ParsedCron {
  const fields = body.split(/\s+/);
  if (fields.length !== 6) throw new Error(`Invalid schedule expression ${expression}: cron needs 6 fields, got ${fields.length}`);
  fields.forEach((field, index) => {
    const spec = CRON_FIELDS[index]!;
    if (!spec.allowed.test(field)) throw new Error(`Invalid schedule expression ${expression}: bad ${spec.name} field "${field}"`);
  });
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new Error(`Invalid schedule expression ${expression}: exactly one of day-of-month and day-of-week must be "?"`);
  }
  let parsed: ParsedCron;
  try {
    parsed = awsCronParser.parse(fields.join(' '));
  } catch (error) {
    throw new Error(`Invalid schedule expression ${expression}: ${(error as Error).message}`);
  }
  // The parser assumes validated input: names it does not know come back as NaN.
  const values = Object.values(parsed).flat();
  if (values.some((value) => typeof value === 'number' && Number.isNaN(value))) {
    throw new Error(`Invalid schedule expression ${expression}: unknown month or day name`);
  }
  return parsed;
}

/**
 * The first fire time strictly after `after`. A rate schedule fires every period counted from
 * `anchor` (when the local scheduler started, as AWS counts from rule creation); cron times are UTC.
 */
export function nextOccurrence(schedule: ScheduleExpression, after: Date, anchor: Date): Date {
  if (schedule.kind === 'rate') {
    const elapsed = after.getTime() - anchor.getTime();
    const periods = elapsed < 0 ? 1 : Math.floor(elapsed / schedule.periodMs) + 1;
    return new Date(anchor.getTime() + periods * schedule.periodMs);
  }
  const next = awsCronParser.next(schedule.parsed, after);
  if (!next) throw new Error('The cron schedule has no occurrence after ' + after.toISOString());
  return next;
}
