/**
 * The EventBridge event envelope, PutEvents entry validation and rule ARNs, shared by the bus
 * and the scheduler.
 */
import { randomUUID } from 'node:crypto';
import type { LocalRule, PutEventsEntry } from '../model';

export interface EventEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
  readonly [field: string]: unknown;
}

export interface EnvelopeOrigin {
  readonly region: string;
  readonly accountId: string;
}

/** EventBridge's limit for one entry (and for a whole PutEvents request). */
export const MAX_ENTRY_BYTES = 256 * 1024;

export type EntryCheck =
  | { readonly ok: true; readonly detail: Record<string, unknown> }
  | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string };

/** Validates one PutEvents entry as EventBridge does: per entry, reported in the result, never thrown. */
export function checkEntry(entry: PutEventsEntry): EntryCheck {
  const invalid = (name: string, reason: string): EntryCheck => ({
    ok: false,
    errorCode: 'InvalidArgument',
    errorMessage: `Parameter ${name} is not valid. Reason: ${reason}`,
  });
  if (!entry.Source) return invalid('Source', 'Source is a required argument.');
  if (!entry.DetailType) return invalid('DetailType', 'DetailType is a required argument.');
  if (entry.Detail === undefined || entry.Detail === '') return invalid('Detail', 'Detail is a required argument.');
  if (entry.Time !== undefined && Number.isNaN(new Date(entry.Time).getTime())) {
    return invalid('Time', 'Time is not a valid timestamp.');
  }
  if (entrySize(entry) > MAX_ENTRY_BYTES) {
    return { ok: false, errorCode: 'EntrySizeExceeded', errorMessage: `Entry size exceeds ${MAX_ENTRY_BYTES} bytes.` };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = undefined;
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return { ok: false, errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' };
  }
  return { ok: true, detail: detail as Record<string, unknown> };
}

/** Entry size as the EventBridge docs compute it ("Calculating PutEvents event entry size"). */
export function entrySize(entry: PutEventsEntry): number {
  const bytes = (text: string | undefined) => (text ? Buffer.byteLength(text, 'utf8') : 0);
  return (
    (entry.Time !== undefined ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0)
  );
}

export function buildEnvelope(
  entry: PutEventsEntry & { Source: string; DetailType: string },
  detail: Record<string, unknown>,
  origin: EnvelopeOrigin,
  now: Date,
): EventEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: origin.accountId,
    time: eventTime(entry.Time === undefined ? now : new Date(entry.Time)),
    region: origin.region,
    resources: [...(entry.Resources ?? [])],
    detail,
  };
}

/** What a schedule rule delivers (`source: aws.events`, `detail-type: Scheduled Event`). */
/** `detail` is `{}` as AWS sends it; a local fire by hand may pass one (`npm run invoke -- nightly-kpi --date …`). */
export function scheduledEventEnvelope(ruleArn: string, scheduledTime: Date, origin: EnvelopeOrigin, detail: Record<string, unknown> = {}): EventEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: origin.accountId,
    time: eventTime(scheduledTime),
    region: origin.region,
    resources: [ruleArn],
    detail,
  };
}

/** EventBridge event times are ISO-8601 UTC to the second: `2017-12-22T18:43:48Z`. */
export const eventTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `arn:aws:events:<region>:<account>:rule/<name>`, with the bus name for rules on a custom bus. */
export function ruleArn(rule: Pick<LocalRule, 'name' | 'busName'>, origin: EnvelopeOrigin): string {
  const path = rule.busName === 'default' ? rule.name : `${rule.busName}/${rule.name}`;
  return `arn:aws:events:${origin.region}:${origin.accountId}:rule/${path}`;
}
