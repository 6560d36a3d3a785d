import type { Construct } from 'constructs';

/** Deploy-time knobs, read from CDK context (`cdk synth -c decisionWindowHours=48`). */
export interface CommerceOpsSettings {
  /** Hours an operator has to decide on a supplier application. @default 72 */
  readonly decisionWindowHours: number;
  /** Hours before the decision deadline when operators are reminded. @default 24 */
  readonly decisionReminderHours: number;
  /** Days a company whose application was rejected or expired waits before applying again. @default 90 */
  readonly reapplyCooldownDays: number;
  /** Hours an Idempotency-Key is remembered. @default 24 */
  readonly idempotencyTtlHours: number;
  /** Hours an operator has to review a product listing. @default 72 */
  readonly reviewWindowHours: number;
  /** Hours before the review deadline when operators are reminded. @default 24 */
  readonly reviewReminderHours: number;
  /** Listing-quality score a listing needs to pass its content checks. @default 70 */
  readonly listingQualityThreshold: number;
  /** Score at or above which a preferred supplier's listing goes live without review. @default 90 */
  readonly listingAutoApproveThreshold: number;
  /** A price may drop this many percent without a new review. @default 30 */
  readonly maxUnreviewedPriceDropPercent: number;
  /** Banned or misleading listing words, comma-separated. @default - DEFAULT_BANNED_WORDS */
  readonly bannedListingWords?: string;
  /** Safety stock of a newly listed SKU. @default 10 */
  readonly defaultSafetyStock: number;
  /** Hours the warehouse has to pack an order before ops is alerted. @default 24 */
  readonly packingDeadlineHours: number;
  /** Hours after that alert before the order is compensated and failed. @default 24 */
  readonly packingGraceHours: number;
  /** A purchase order at or under this total, in minor units of EUR, is approved without an operator. @default 500000 (5,000.00 EUR) */
  readonly poAutoApprovalLimit: number;
  /** Hours an operator has to decide on a purchase order before it is cancelled. @default 48 */
  readonly poApprovalWindowHours: number;
  /** Hours before that deadline when operators are reminded. @default 24 */
  readonly poApprovalReminderHours: number;
  /** Minutes an order may sit untouched in a transient status before the sweeper calls its workflow dead. @default 15 */
  readonly orderStaleAfterMinutes: number;
  /**
   * Each carrier's webhook signing secret, a JSON map `{ "<carrierId>": "<secret>" }` (HMAC-SHA256).
   * @default - a Secrets Manager secret (`CarrierWebhookSecrets` in the stack) holding that map, which ops fill
   * (resolved at deploy: redeploy after adding a carrier); the local cloud passes localCarrierWebhookSecrets()
   */
  readonly carrierWebhookSecrets?: string;
  /**
   * Key that signs list pagination tokens (HMAC-SHA256), per deployment.
   * @default - a Secrets Manager secret generated with the stack (its value reaches the functions as a
   * CloudFormation dynamic reference, never in the template); the local cloud passes LOCAL_PAGINATION_SECRET
   */
  readonly paginationSecret?: string;
  /** The store's IANA time zone: the day analytics counts in, and when the nightly KPI job runs (00:30 there). @default UTC */
  readonly storeTimeZone: string;
  /** Days a resolved ticket may be reopened before it closes itself. @default 7 */
  readonly ticketAutoCloseDays: number;
  /** Days without an order after which analytics counts a customer churned. @default 90 */
  readonly churnDays: number;
  /** Email subscribed to ops-alerts. @default - none */
  readonly alertEmail?: string;
  /** Agent id → email for the alerts that name the agent (`-c agentAlertEmails='{"agent-ana":"ana@example.com"}'`). @default - none */
  readonly agentAlertEmails?: Readonly<Record<string, string>>;
}

/** The pagination token key of the local cloud (a dev secret: a local deployment is one machine). */
export const LOCAL_PAGINATION_SECRET = 'local-pagination-secret';

/** A demo carrier's webhook secret on the local cloud (its tests sign with it). */
export const localCarrierWebhookSecret = (carrierId: string): string => `local-webhook-secret-${carrierId}`;

/** The local cloud's secrets map: one per demo carrier. */
export const localCarrierWebhookSecrets = (carrierIds: readonly string[]): string =>
  JSON.stringify(Object.fromEntries(carrierIds.map((id) => [id, localCarrierWebhookSecret(id)])));

export const readSettings = (scope: Construct): CommerceOpsSettings => ({
  decisionWindowHours: positiveNumber(scope, 'decisionWindowHours', 72),
  decisionReminderHours: positiveNumber(scope, 'decisionReminderHours', 24),
  reapplyCooldownDays: positiveNumber(scope, 'reapplyCooldownDays', 90),
  idempotencyTtlHours: positiveNumber(scope, 'idempotencyTtlHours', 24),
  reviewWindowHours: positiveNumber(scope, 'reviewWindowHours', 72),
  reviewReminderHours: positiveNumber(scope, 'reviewReminderHours', 24),
  listingQualityThreshold: positiveNumber(scope, 'listingQualityThreshold', 70),
  listingAutoApproveThreshold: positiveNumber(scope, 'listingAutoApproveThreshold', 90),
  maxUnreviewedPriceDropPercent: positiveNumber(scope, 'maxUnreviewedPriceDropPercent', 30),
  bannedListingWords: optionalString(scope, 'bannedListingWords'),
  defaultSafetyStock: positiveNumber(scope, 'defaultSafetyStock', 10),
  packingDeadlineHours: positiveNumber(scope, 'packingDeadlineHours', 24),
  packingGraceHours: positiveNumber(scope, 'packingGraceHours', 24),
  orderStaleAfterMinutes: positiveNumber(scope, 'orderStaleAfterMinutes', 15),
  poAutoApprovalLimit: positiveNumber(scope, 'poAutoApprovalLimit', 500_000),
  poApprovalWindowHours: positiveNumber(scope, 'poApprovalWindowHours', 48),
  poApprovalReminderHours: positiveNumber(scope, 'poApprovalReminderHours', 24),
  ticketAutoCloseDays: positiveNumber(scope, 'ticketAutoCloseDays', 7),
  carrierWebhookSecrets: optionalString(scope, 'carrierWebhookSecrets'),
  paginationSecret: optionalString(scope, 'paginationSecret'),
  alertEmail: optionalString(scope, 'alertEmail'),
  agentAlertEmails: stringMap(scope, 'agentAlertEmails'),
  storeTimeZone: optionalString(scope, 'storeTimeZone') ?? 'UTC',
  churnDays: positiveNumber(scope, 'churnDays', 90),
});

// Context from the command line arrives as strings; fractional hours are allowed (tests use seconds).
const positiveNumber = (scope: Construct, key: string, fallback: number): number => {
  const raw: unknown = scope.node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`Context ${key} must be a positive number, got ${JSON.stringify(raw)}`);
  }
  return value;
};

const optionalString = (scope: Construct, key: string): string | undefined => {
  const raw: unknown = scope.node.tryGetContext(key);
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
};

/** A JSON object of strings from the context (or the object itself from cdk.json); anything else is an error. */
const stringMap = (scope: Construct, key: string): Record<string, string> | undefined => {
  const raw: unknown = scope.node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw new Error(`Context ${key} must be a JSON object of strings, got ${JSON.stringify(raw)}`);
    }
  }
  const entries = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : undefined;
  if (!entries || entries.some(([, entry]) => typeof entry !== 'string' || entry.trim() === '')) {
    throw new Error(`Context ${key} must be a JSON object of strings, got ${JSON.stringify(raw)}`);
  }
  return Object.fromEntries(entries as [string, string][]);
};
