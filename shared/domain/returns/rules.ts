/**
 * The return rules, as data (docs/returns.md, "Rules"): the window from delivery per category, the categories
 * that cannot come back, when a return waits for an operator, and who pays the way back. A deployment sets the
 * numbers (`returnRulesFrom(env)`); the tables are the defaults.
 */
import { isPositive, numberSetting, type Environment } from '../settings';

export const RETURN_REASONS = ['DEFECTIVE', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM', 'NOT_AS_DESCRIBED', 'CHANGED_MIND'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/** The seller's fault: the way back is free, and a whole order sent back gets its shipping back too. */
export const SELLER_FAULT_REASONS: readonly ReturnReason[] = ['DEFECTIVE', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM', 'NOT_AS_DESCRIBED'];
/** The product itself is wrong: each unit that arrives is a quality incident against its SKU and supplier. */
export const QUALITY_REASONS: readonly ReturnReason[] = ['DEFECTIVE', 'NOT_AS_DESCRIBED'];

/**
 * Lines a return may have: its receipt is ONE TransactWriteItems (100 actions): per line up to three stock
 * items (the SKU's total, its warehouse record, the audit row), a quality incident and its event, plus the
 * return, its tally, its list entries and its received event.
 */
export const MAX_RETURN_LINES = 16;

export const isSellerFault = (reason: ReturnReason): boolean => SELLER_FAULT_REASONS.includes(reason);
export const isQualityReason = (reason: ReturnReason): boolean => QUALITY_REASONS.includes(reason);

export interface ReturnRules {
  /** Days from delivery a return may be asked for: per category, else `default`. */
  readonly windowDays: { readonly default: number; readonly byCategory: Readonly<Record<string, number>> };
  /** Categories that never come back (hygiene, made to measure, digital). */
  readonly nonReturnableCategories: readonly string[];
  /** A return worth more than this (minor units, what the customer paid for the units) waits for an operator. */
  readonly autoApproveUpTo: number;
  /** A customer with this many earlier returns or more waits for an operator. */
  readonly reviewFromReturnCount: number;
  /** Deducted from a changed-mind refund for the way back (minor units, the order's currency). */
  readonly changedMindReturnShipping: number;
  /** Hours an operator has to decide a return waiting for review (then the workflow reminds, then it expires). */
  readonly approvalHours: number;
  /** Whether exchanges are offered (off: 422 ExchangeNotOffered). */
  readonly exchanges: boolean;
  /** What a unit may be exchanged for: another SKU (variant) of the same product, or of the same category. */
  readonly exchangeWithin: ExchangeScope;
}

export const EXCHANGE_SCOPES = ['PRODUCT', 'CATEGORY'] as const;
export type ExchangeScope = (typeof EXCHANGE_SCOPES)[number];

export const DEFAULT_RETURN_RULES: ReturnRules = {
  windowDays: { default: 30, byCategory: { electronics: 14, 'home-textiles': 30, apparel: 30, kitchen: 30, tableware: 30 } },
  nonReturnableCategories: ['hygiene', 'made-to-measure', 'gift-cards'],
  autoApproveUpTo: 20_000,
  reviewFromReturnCount: 5,
  changedMindReturnShipping: 495,
  approvalHours: 48,
  exchanges: true,
  exchangeWithin: 'PRODUCT',
};

const isWhole = (value: number) => Number.isInteger(value) && value >= 0;

export const returnRulesFrom = (env: Environment): ReturnRules => ({
  ...DEFAULT_RETURN_RULES,
  windowDays: { ...DEFAULT_RETURN_RULES.windowDays, default: numberSetting(env.RETURN_WINDOW_DAYS, DEFAULT_RETURN_RULES.windowDays.default, isPositive) },
  autoApproveUpTo: numberSetting(env.RETURN_AUTO_APPROVE_UP_TO, DEFAULT_RETURN_RULES.autoApproveUpTo, isWhole),
  reviewFromReturnCount: numberSetting(env.RETURN_REVIEW_FROM_COUNT, DEFAULT_RETURN_RULES.reviewFromReturnCount, isPositive),
  changedMindReturnShipping: numberSetting(env.RETURN_CHANGED_MIND_SHIPPING, DEFAULT_RETURN_RULES.changedMindReturnShipping, isWhole),
  approvalHours: numberSetting(env.RETURN_APPROVAL_HOURS, DEFAULT_RETURN_RULES.approvalHours, isPositive),
  exchanges: env.RETURN_EXCHANGES !== 'off',
  exchangeWithin: EXCHANGE_SCOPES.find((scope) => scope === env.RETURN_EXCHANGE_WITHIN) ?? DEFAULT_RETURN_RULES.exchangeWithin,
});

export const windowDaysFor = (rules: ReturnRules, categoryId: string): number => rules.windowDays.byCategory[categoryId] ?? rules.windowDays.default;
