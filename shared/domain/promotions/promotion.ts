/**
 * A promotion: what it gives (its benefit), to whom (audience, coupon), when (schedule), how it stacks
 * (priority, exclusive, group) and how much of it there is (budget, per-customer limit). docs/promotions.md
 * has a worked example of every benefit and the stacking rules.
 *
 *   status: ACTIVE ⇄ PAUSED → ENDED   (live = ACTIVE and startsAt ≤ now < endsAt)
 *
 * Amounts are integer minor units in the promotion's currency (shared/domain/money.ts).
 */

export const TARGET_KINDS = ['ORDER', 'SKU', 'PRODUCT', 'CATEGORY'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** What a benefit applies to: the whole order, or the lines of some SKUs, products or categories. */
export interface Target {
  readonly kind: TargetKind;
  /** SKU codes, product ids or category ids; empty for ORDER. */
  readonly ids: readonly string[];
}

export interface ThresholdTier {
  /** Spend at least this (the goods after item-level discounts)… */
  readonly spend: number;
  /** …and this comes off. */
  readonly off: number;
}

export type Benefit =
  /** `percent` % off the target's lines (rounded per line). */
  | { readonly type: 'PERCENT_OFF'; readonly percent: number; readonly target: Target }
  /** `amount` off once per order, shared by the target's lines in proportion to what they cost. */
  | { readonly type: 'AMOUNT_OFF'; readonly amount: number; readonly target: Target }
  /** 满减: the best tier reached; `repeatable` (one tier): `off` for every `spend`, up to `maxOff`. */
  | { readonly type: 'THRESHOLD'; readonly tiers: readonly ThresholdTier[]; readonly repeatable: boolean; readonly maxOff?: number; readonly target: Target }
  /** Buy `buy` of the target, get `get` of the reward (the target when absent) free, cheapest first, at most `maxFree` units. */
  | { readonly type: 'BUY_X_GET_Y'; readonly buy: number; readonly get: number; readonly target: Target; readonly reward?: Target; readonly maxFree?: number }
  /** 限时折扣: these SKUs at these prices, at most `perCustomerUnits` each customer, `allotment` units in all. */
  | { readonly type: 'FLASH_PRICE'; readonly prices: readonly { readonly sku: string; readonly price: number }[]; readonly perCustomerUnits?: number; readonly allotment?: number }
  /** 赠品: spend at least `minSpend`, get `quantity` of `sku` free (a line at price 0, reserved like any line). */
  | { readonly type: 'GIFT'; readonly sku: string; readonly quantity: number; readonly minSpend: number }
  /** `percent` % off shipping (100: free) when the goods cost at least `minSpend`. */
  | { readonly type: 'SHIPPING'; readonly percent: number; readonly minSpend: number }
  /**
   * 团购: these SKUs at these prices, only on an order that joins a group of this promotion (group-buy.ts); the
   * group fills when `minParticipants` members' orders are taken, within `timeLimitHours` of its start, else
   * every order in it is cancelled. At most `perCustomerUnits` units per order at the group price.
   */
  | { readonly type: 'GROUP_BUY'; readonly prices: readonly { readonly sku: string; readonly price: number }[]; readonly minParticipants: number; readonly timeLimitHours: number; readonly perCustomerUnits?: number };

export type BenefitType = Benefit['type'];

export const PROMOTION_STATUSES = ['ACTIVE', 'PAUSED', 'ENDED'] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

/** 会员: only customers in one of `groups` (the token's groups) or `segments` (their RFM segment, shared/domain/analytics/rfm.ts). */
export interface Audience {
  readonly groups?: readonly string[];
  readonly segments?: readonly string[];
}

export interface PromotionLimits {
  /** Orders that may use it, in all (the campaign's usage budget). */
  readonly maxUses?: number;
  /** Discount it may give, in all (the campaign's spend budget), minor units. */
  readonly maxDiscount?: number;
  /** Orders one customer may use it for. */
  readonly perCustomer?: number;
}

export interface Promotion {
  readonly promotionId: string;
  readonly name: string;
  readonly currency: string;
  readonly benefit: Benefit;
  /** Higher first; ties by promotionId. */
  readonly priority: number;
  /** Applies alone: the first promotion that applies, if exclusive, is the only one. */
  readonly exclusive: boolean;
  /** Combinable promotions of one named group do not combine with each other: the first of the group that applies wins. */
  readonly group?: string;
  /** Applies only with one of its coupon codes on the cart. */
  readonly couponRequired: boolean;
  readonly audience?: Audience;
  readonly limits: PromotionLimits;
  /** UTC instants; the operator gives them in the store's time zone (`timeZone`). */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timeZone: string;
  /** Campaign it belongs to, if any (a label grouping promotions for reporting). */
  readonly campaign?: string;
  readonly status: PromotionStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly endedAt?: string;
  /** Hours before `endsAt` to remind its audience (an operator's choice); absent: no reminder. */
  readonly reminderHoursBeforeEnd?: number;
  /** When `PromotionLaunched` and `PromotionEndingSoon` went out (the schedule job's marks). */
  readonly launchedAt?: string;
  readonly remindedAt?: string;
  readonly version: number;
}

/** The stages in which benefits apply, in this order: prices, item discounts, order discounts, shipping. */
export const STAGES = ['PRICE', 'ITEM', 'ORDER', 'SHIPPING'] as const;
export type Stage = (typeof STAGES)[number];

export function stageOf(benefit: Benefit): Stage {
  switch (benefit.type) {
    case 'FLASH_PRICE':
    case 'GROUP_BUY':
      return 'PRICE';
    case 'PERCENT_OFF':
    case 'AMOUNT_OFF':
      return benefit.target.kind === 'ORDER' ? 'ORDER' : 'ITEM';
    case 'BUY_X_GET_Y':
      return 'ITEM';
    case 'THRESHOLD':
    case 'GIFT':
      return 'ORDER';
    case 'SHIPPING':
      return 'SHIPPING';
  }
}

/** The SKUs, products and categories a benefit names (what a quote finds it by). */
export function targetsOf(benefit: Benefit): Target[] {
  switch (benefit.type) {
    case 'PERCENT_OFF':
    case 'AMOUNT_OFF':
    case 'THRESHOLD':
      return [benefit.target];
    case 'BUY_X_GET_Y':
      return benefit.reward ? [benefit.target, benefit.reward] : [benefit.target];
    case 'FLASH_PRICE':
    case 'GROUP_BUY':
      return [{ kind: 'SKU', ids: benefit.prices.map((entry) => entry.sku) }];
    case 'GIFT':
    case 'SHIPPING':
      return [{ kind: 'ORDER', ids: [] }];
  }
}

/** The index keys a promotion is found by: `SKU#<code>`, `PRODUCT#<id>`, `CATEGORY#<id>` or `ORDER`. */
export const targetKeysOf = (benefit: Benefit): string[] => [
  ...new Set(targetsOf(benefit).flatMap((target) => (target.kind === 'ORDER' ? ['ORDER'] : target.ids.map((id) => `${target.kind}#${id}`)))),
];

/** Live: ACTIVE and within its schedule. */
export const isLive = (promotion: Pick<Promotion, 'status' | 'startsAt' | 'endsAt'>, now: Date): boolean =>
  promotion.status === 'ACTIVE' && promotion.startsAt <= now.toISOString() && now.toISOString() < promotion.endsAt;
