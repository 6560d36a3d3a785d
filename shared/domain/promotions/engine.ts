/**
 * Which promotions a cart gets, and what each line pays. Deterministic (docs/promotions.md, "Stacking"):
 *
 * 1. Eligible: live, in the cart's currency, for this customer (audience), with its coupon when it needs
 *    one, and with budget and limits left. A promotion stopped by its budget or a limit is a note saying why.
 * 2. Ordered by priority (higher first), then promotionId.
 * 3. Selected: each is tried alone on the undiscounted cart; the first that applies wins outright if it is
 *    exclusive; otherwise every combinable one that applies is kept, the first of each named group only,
 *    and exclusive ones are left out (a note says it does not combine).
 * 4. Applied stage by stage — PRICE (flash prices) → ITEM (SKU / product / category discounts, buy X get Y)
 *    → ORDER (thresholds, order-wide discounts and coupons, gifts) → SHIPPING — each on what the lines still
 *    cost after the stages before it, in the order of step 2. Every share is capped at what its line still
 *    costs (never below 0) and rounded per line, so the shares add up to each discount exactly.
 */
import { amountOff, buyXGetY, flashPrice, gift, groupPrice, percentOff, shipping, threshold, type Effect, type LineShare, type LineState } from './benefits';
import { isLive, STAGES, stageOf, type Promotion, type Stage } from './promotion';
import { allocate } from './allocation';

export interface PromotionUsage {
  /** Orders that used it, discount it gave and flash units it sold, in all. */
  readonly uses: number;
  readonly discount: number;
  readonly units: number;
  /** The same, for this customer. */
  readonly customerUses: number;
  readonly customerUnits: number;
}

export const NO_USAGE: PromotionUsage = { uses: 0, discount: 0, units: 0, customerUses: 0, customerUnits: 0 };

export interface EvaluationContext {
  readonly now: Date;
  readonly currency: string;
  /** The token's groups (member offers) and the customer's RFM segment (analytics' weekly scoring), when they have one. */
  readonly customer: { readonly groups: readonly string[]; readonly segment?: string };
  /** promotionId → the valid coupon code on the cart that unlocks it. */
  readonly coupons: ReadonlyMap<string, string>;
  readonly usage: ReadonlyMap<string, PromotionUsage>;
  /** Units available of a gift SKU. */
  readonly available: (sku: string) => number;
  /** Lines an order may have: a gift that would not fit is not added. */
  readonly maxLines: number;
  /** The group-buy promotion whose group this order joins (POST /promotions/{id}/join); only it gives a group price. */
  readonly groupBuy?: string;
}

export interface AppliedPromotion {
  readonly promotionId: string;
  readonly name: string;
  readonly stage: Stage;
  readonly explanation: string;
  /** What it took off the goods (shipping offers: 0 here, the shipping discount is priced with the shipping). */
  readonly amount: number;
  readonly shares: readonly LineShare[];
  readonly couponCode?: string;
}

export interface PromotionMessage {
  readonly promotionId: string;
  readonly name: string;
  readonly message: string;
}

export type NoteReason = 'BUDGET_EXHAUSTED' | 'CUSTOMER_LIMIT_REACHED' | 'SOLD_OUT' | 'GIFT_OUT_OF_STOCK' | 'NOT_COMBINABLE';

export interface PromotionNote extends PromotionMessage {
  readonly reason: NoteReason;
}

/** What placing the order takes from a promotion's counters (budget, limits, allotment). */
export interface Consumption {
  readonly promotionId: string;
  readonly discount: number;
  readonly units: number;
  readonly couponCode?: string;
}

export interface PromotionResult {
  readonly applied: readonly AppliedPromotion[];
  readonly gifts: readonly { readonly promotionId: string; readonly sku: string; readonly quantity: number }[];
  readonly shippingOffer?: { readonly promotionId: string; readonly percent: number; readonly explanation: string };
  readonly nearMisses: readonly PromotionMessage[];
  readonly notes: readonly PromotionNote[];
  readonly consumption: readonly Consumption[];
  /** Promotions whose stored data could not be evaluated: left out, so the quote never fails because of one. */
  readonly broken: readonly string[];
}

/**
 * At most this many promotions apply to one order: placing it writes up to five counter items per promotion in
 * the order's own transaction (DynamoDB takes 100 items), beside the order, its event and its key guard.
 */
export const MAX_PROMOTIONS_PER_ORDER = 15;

const byPriority = (a: Promotion, b: Promotion) => b.priority - a.priority || (a.promotionId < b.promotionId ? -1 : a.promotionId > b.promotionId ? 1 : 0);

/** Why it does not apply to this cart; a reason with a note for the customer, `silent` for the rest. */
function ineligibility(promotion: Promotion, context: EvaluationContext): { readonly reason: NoteReason; readonly message: string } | 'silent' | undefined {
  if (!isLive(promotion, context.now) || promotion.currency !== context.currency) return 'silent';
  const audience = promotion.audience;
  if (audience && (audience.groups?.length || audience.segments?.length)) {
    const inGroup = audience.groups?.some((group) => context.customer.groups.includes(group)) ?? false;
    const inSegment = context.customer.segment !== undefined && (audience.segments?.includes(context.customer.segment) ?? false);
    if (!inGroup && !inSegment) return 'silent';
  }
  if (promotion.couponRequired && !context.coupons.has(promotion.promotionId)) return 'silent';
  // A group price is for the members of a group, never for a plain quote or order.
  if (promotion.benefit.type === 'GROUP_BUY' && context.groupBuy !== promotion.promotionId) return 'silent';
  const usage = context.usage.get(promotion.promotionId) ?? NO_USAGE;
  const { maxUses, maxDiscount, perCustomer } = promotion.limits;
  if ((maxUses !== undefined && usage.uses >= maxUses) || (maxDiscount !== undefined && usage.discount >= maxDiscount)) {
    return { reason: 'BUDGET_EXHAUSTED', message: `${promotion.name} has used up its budget and no longer applies` };
  }
  if (perCustomer !== undefined && usage.customerUses >= perCustomer) {
    return { reason: 'CUSTOMER_LIMIT_REACHED', message: `${promotion.name}: you have used it ${usage.customerUses} time${usage.customerUses === 1 ? '' : 's'}, the limit per customer` };
  }
  if (promotion.benefit.type === 'FLASH_PRICE' && flashUnitsLeft(promotion, usage) <= 0) {
    const soldOut = promotion.benefit.allotment !== undefined && usage.units >= promotion.benefit.allotment;
    return soldOut
      ? { reason: 'SOLD_OUT', message: `${promotion.name} is sold out` }
      : { reason: 'CUSTOMER_LIMIT_REACHED', message: `${promotion.name}: you have bought the most a customer may at the sale price` };
  }
  return undefined;
}

const flashUnitsLeft = (promotion: Promotion, usage: PromotionUsage): number => {
  if (promotion.benefit.type === 'GROUP_BUY') return promotion.benefit.perCustomerUnits ?? Number.POSITIVE_INFINITY;
  if (promotion.benefit.type !== 'FLASH_PRICE') return 0;
  const { perCustomerUnits, allotment } = promotion.benefit;
  return Math.min(perCustomerUnits === undefined ? Number.POSITIVE_INFINITY : perCustomerUnits - usage.customerUnits, allotment === undefined ? Number.POSITIVE_INFINITY : allotment - usage.units);
};

/** The benefit's effect on the lines as they stand. */
function effectOf(promotion: Promotion, lines: readonly LineState[], context: EvaluationContext, giftLines: number): Effect {
  const benefit = promotion.benefit;
  switch (benefit.type) {
    case 'PERCENT_OFF':
      return percentOff(benefit, lines);
    case 'AMOUNT_OFF':
      return amountOff(benefit, lines);
    case 'THRESHOLD':
      return threshold(benefit, lines);
    case 'BUY_X_GET_Y':
      return buyXGetY(benefit, lines);
    case 'FLASH_PRICE':
      return flashPrice(benefit, lines, flashUnitsLeft(promotion, context.usage.get(promotion.promotionId) ?? NO_USAGE));
    case 'GIFT': {
      const fits = !lines.some((line) => line.sku === benefit.sku) && lines.length + giftLines < context.maxLines;
      return gift(benefit, lines, fits && context.available(benefit.sku) >= benefit.quantity);
    }
    case 'SHIPPING':
      return shipping(benefit, lines);
    case 'GROUP_BUY':
      return groupPrice(benefit, lines, flashUnitsLeft(promotion, NO_USAGE));
  }
}

const gives = (effect: Effect) => effect.shares.some((share) => share.amount > 0) || effect.gift !== undefined || effect.shippingPercent !== undefined;

/** Shares capped at what each line still costs, and in all at the spend budget left. */
function capped(shares: readonly LineShare[], lines: readonly LineState[], budgetLeft: number): LineShare[] {
  const remaining = new Map(lines.map((line) => [line.lineIndex, line.remaining]));
  const bounded = shares.map((share) => ({ lineIndex: share.lineIndex, amount: Math.max(0, Math.min(share.amount, remaining.get(share.lineIndex) ?? 0)) }));
  const total = bounded.reduce((sum, share) => sum + share.amount, 0);
  if (total <= budgetLeft) return bounded.filter((share) => share.amount > 0);
  const scaled = allocate(budgetLeft, bounded.map((share) => share.amount));
  return bounded.map((share, index) => ({ lineIndex: share.lineIndex, amount: scaled[index]! })).filter((share) => share.amount > 0);
}

/**
 * Step 1, and the trial of step 3: each promotion's eligibility and its effect alone on the undiscounted cart.
 * A promotion whose stored data cannot be evaluated (it throws, or gives fractions) is `broken`, left out.
 */
function screen(promotions: readonly Promotion[], undiscounted: readonly LineState[], context: EvaluationContext) {
  const notes: PromotionNote[] = [];
  const eligible: { readonly promotion: Promotion; readonly effect: Effect }[] = [];
  const broken: string[] = [];
  for (const promotion of [...promotions].sort(byPriority)) {
    try {
      const why = ineligibility(promotion, context);
      if (why !== undefined) {
        if (why !== 'silent') notes.push({ promotionId: promotion.promotionId, name: promotion.name, ...why });
        continue;
      }
      const effect = effectOf(promotion, undiscounted, context, 0);
      if (effect.shares.every((share) => Number.isInteger(share.amount))) eligible.push({ promotion, effect });
      else broken.push(promotion.promotionId);
    } catch {
      broken.push(promotion.promotionId);
    }
  }
  // A gift earned but not in stock is said; one that cannot be added for another reason is not.
  const spend = undiscounted.reduce((sum, line) => sum + line.remaining, 0);
  for (const { promotion, effect } of eligible) {
    const benefit = promotion.benefit;
    if (benefit.type === 'GIFT' && !gives(effect) && spend >= benefit.minSpend && context.available(benefit.sku) < benefit.quantity) {
      notes.push({ promotionId: promotion.promotionId, name: promotion.name, reason: 'GIFT_OUT_OF_STOCK', message: `The free gift ${benefit.sku} of ${promotion.name} is out of stock` });
    }
  }
  return { notes, broken, eligible: eligible.map(({ promotion }) => promotion), applicable: eligible.filter(({ effect }) => gives(effect)).map(({ promotion }) => promotion) };
}

export function applyPromotions(promotions: readonly Promotion[], cart: readonly Omit<LineState, 'remaining'>[], context: EvaluationContext): PromotionResult {
  const undiscounted: LineState[] = cart.map((line) => ({ ...line, remaining: line.unitPrice * line.quantity }));
  const { notes, broken, eligible, applicable } = screen(promotions, undiscounted, context);
  const selected = select(applicable).slice(0, MAX_PROMOTIONS_PER_ORDER);
  for (const promotion of applicable) {
    if (!selected.includes(promotion)) notes.push({ promotionId: promotion.promotionId, name: promotion.name, reason: 'NOT_COMBINABLE', message: `${promotion.name} does not combine with ${selected[0]?.name ?? 'the promotions applied'}` });
  }
  // Near-misses come from the promotions that did not apply on their own (or applied at a lower tier).
  const considered = eligible.filter((promotion) => selected.includes(promotion) || !applicable.includes(promotion));

  let lines = undiscounted;
  const applied: AppliedPromotion[] = [];
  const gifts: { promotionId: string; sku: string; quantity: number }[] = [];
  const nearMisses: PromotionMessage[] = [];
  let shippingOffer: PromotionResult['shippingOffer'];
  for (const stage of STAGES) {
    for (const promotion of considered.filter((candidate) => stageOf(candidate.benefit) === stage)) {
      const effect = effectOf(promotion, lines, context, gifts.length);
      if (effect.nearMiss) nearMisses.push({ promotionId: promotion.promotionId, name: promotion.name, message: effect.nearMiss });
      if (!selected.includes(promotion)) continue;
      const usage = context.usage.get(promotion.promotionId) ?? NO_USAGE;
      const budgetLeft = promotion.limits.maxDiscount === undefined ? Number.POSITIVE_INFINITY : promotion.limits.maxDiscount - usage.discount;
      const shares = capped(effect.shares, lines, budgetLeft);
      const amount = shares.reduce((sum, share) => sum + share.amount, 0);
      if (amount === 0 && !effect.gift && effect.shippingPercent === undefined) continue;
      const couponCode = context.coupons.get(promotion.promotionId);
      applied.push({ promotionId: promotion.promotionId, name: promotion.name, stage, explanation: effect.explain(amount), amount, shares, ...(couponCode ? { couponCode } : {}) });
      if (effect.gift) gifts.push({ promotionId: promotion.promotionId, ...effect.gift });
      if (effect.shippingPercent !== undefined && !shippingOffer) shippingOffer = { promotionId: promotion.promotionId, percent: effect.shippingPercent, explanation: effect.explain(0) };
      const taken = new Map(shares.map((share) => [share.lineIndex, share.amount]));
      lines = lines.map((line) => ({ ...line, remaining: line.remaining - (taken.get(line.lineIndex) ?? 0) }));
    }
  }
  const consumption = applied.map((entry) => {
    const promotion = eligible.find((candidate) => candidate.promotionId === entry.promotionId)!;
    const benefit = promotion.benefit;
    const sold = benefit.type === 'FLASH_PRICE' || benefit.type === 'GROUP_BUY' ? flashPrice(benefit, undiscounted, flashUnitsLeft(promotion, context.usage.get(promotion.promotionId) ?? NO_USAGE)) : undefined;
    const units = sold?.units ?? 0;
    return { promotionId: entry.promotionId, discount: entry.amount, units, ...(entry.couponCode ? { couponCode: entry.couponCode } : {}) };
  });
  return { applied, gifts, ...(shippingOffer ? { shippingOffer } : {}), nearMisses, notes, consumption, broken };
}

/** Step 3: the first applicable alone if it is exclusive, else the combinable ones, the first of each group. */
export function select(applicable: readonly Promotion[]): Promotion[] {
  const first = applicable[0];
  if (!first) return [];
  if (first.exclusive) return [first];
  const groups = new Set<string>();
  return applicable.filter((promotion) => {
    if (promotion.exclusive) return false;
    if (promotion.group === undefined) return true;
    if (groups.has(promotion.group)) return false;
    groups.add(promotion.group);
    return true;
  });
}
