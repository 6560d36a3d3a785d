/**
 * Each benefit as a plain function of the cart as it stands at its stage (every line with what it still
 * costs after the discounts applied before it): what it takes off each line, the gift or shipping offer it
 * grants, how to explain it, and how close a cart that did not earn it came. The engine (engine.ts) decides
 * which benefits apply and in what order, and caps every share at what its line still costs.
 */
import { allocate, amountText, percentOf } from './allocation';
import type { Benefit, Target } from './promotion';

export interface LineState {
  readonly lineIndex: number;
  readonly sku: string;
  readonly productId?: string;
  readonly categoryId?: string;
  readonly quantity: number;
  /** The catalogue's unit price. */
  readonly unitPrice: number;
  /** What the line costs after the discounts applied so far. */
  readonly remaining: number;
}

export interface LineShare {
  readonly lineIndex: number;
  readonly amount: number;
}

export interface Effect {
  /** What comes off each line (positive), before the engine's cap. */
  readonly shares: readonly LineShare[];
  readonly gift?: { readonly sku: string; readonly quantity: number };
  /** Percent off shipping. */
  readonly shippingPercent?: number;
  /** Units sold at a flash price (the allotment and per-customer counters count them). */
  readonly units?: number;
  /** The sentence shown when it applied, given what it saved. */
  readonly explain: (saved: number) => string;
  /** "add 12.00 more to save 30.00": shown when it did not apply, or a better tier is near. */
  readonly nearMiss?: string;
}

type Of<T extends Benefit['type']> = Extract<Benefit, { type: T }>;

const nothing = (nearMiss?: string): Effect => ({ shares: [], explain: () => '', ...(nearMiss ? { nearMiss } : {}) });

export const matches = (target: Target, line: LineState): boolean => {
  switch (target.kind) {
    case 'ORDER':
      return true;
    case 'SKU':
      return target.ids.includes(line.sku);
    case 'PRODUCT':
      return line.productId !== undefined && target.ids.includes(line.productId);
    case 'CATEGORY':
      return line.categoryId !== undefined && target.ids.includes(line.categoryId);
  }
};

const spendOf = (lines: readonly LineState[]): number => lines.reduce((sum, line) => sum + line.remaining, 0);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `percent` % off each target line, rounded per line. */
export function percentOff(benefit: Of<'PERCENT_OFF'>, lines: readonly LineState[]): Effect {
  const shares = lines.filter((line) => matches(benefit.target, line)).map((line) => ({ lineIndex: line.lineIndex, amount: percentOf(line.remaining, benefit.percent) }));
  return { shares, explain: (saved) => `${benefit.percent} % off: you saved ${amountText(saved)}` };
}

/** A fixed amount off, shared by the target lines in proportion to what they cost. */
export function amountOff(benefit: Of<'AMOUNT_OFF'>, lines: readonly LineState[]): Effect {
  const targeted = lines.filter((line) => matches(benefit.target, line));
  const spend = spendOf(targeted);
  const shares = allocate(Math.min(benefit.amount, spend), targeted.map((line) => line.remaining));
  return { shares: targeted.map((line, index) => ({ lineIndex: line.lineIndex, amount: shares[index]! })), explain: (saved) => `${amountText(benefit.amount)} off: you saved ${amountText(saved)}` };
}

/** 满减: the best tier the target's spend reaches (or `off` per `spend`, repeatable); the next tier is the near-miss. */
export function threshold(benefit: Of<'THRESHOLD'>, lines: readonly LineState[]): Effect {
  const targeted = lines.filter((line) => matches(benefit.target, line));
  const spend = spendOf(targeted);
  const tiers = [...benefit.tiers].sort((a, b) => a.spend - b.spend);
  let off = 0;
  let label = '';
  let nearMiss: string | undefined;
  if (benefit.repeatable) {
    const tier = tiers[0]!;
    const times = Math.floor(spend / tier.spend);
    off = Math.min(times * tier.off, benefit.maxOff ?? Number.POSITIVE_INFINITY);
    label = `Save ${amountText(tier.off)} for every ${amountText(tier.spend)} spent`;
    if (benefit.maxOff === undefined || off < benefit.maxOff) {
      nearMiss = `add ${amountText((times + 1) * tier.spend - spend)} more to save ${amountText(Math.min((times + 1) * tier.off, benefit.maxOff ?? Number.POSITIVE_INFINITY))}`;
    }
  } else {
    const reached = tiers.filter((tier) => spend >= tier.spend).at(-1);
    const next = tiers.find((tier) => spend < tier.spend);
    if (reached) {
      off = reached.off;
      label = `Spend ${amountText(reached.spend)}, save ${amountText(reached.off)}`;
    }
    if (next) nearMiss = `add ${amountText(next.spend - spend)} more to save ${amountText(next.off)}`;
  }
  const shares = allocate(Math.min(off, spend), targeted.map((line) => line.remaining));
  return {
    shares: targeted.map((line, index) => ({ lineIndex: line.lineIndex, amount: shares[index]! })),
    explain: (saved) => `${label}: you saved ${amountText(saved)}`,
    ...(nearMiss ? { nearMiss } : {}),
  };
}

interface Unit {
  readonly line: LineState;
  readonly price: number;
}

const unitsOf = (lines: readonly LineState[]): Unit[] =>
  lines
    .flatMap((line) => Array.from({ length: line.quantity }, () => ({ line, price: line.remaining / line.quantity })))
    .sort((a, b) => a.price - b.price || a.line.lineIndex - b.line.lineIndex);

/** The cheapest `count` of `units` free: each line's share is its free units' part of what it still costs. */
const cheapestFree = (units: readonly Unit[], count: number): LineShare[] => {
  const freeByLine = new Map<LineState, number>();
  for (const unit of units.slice(0, count)) freeByLine.set(unit.line, (freeByLine.get(unit.line) ?? 0) + 1);
  return [...freeByLine].map(([line, free]) => ({ lineIndex: line.lineIndex, amount: free === line.quantity ? line.remaining : Math.round((line.remaining * free) / line.quantity) }));
};

/** Buy X get Y: repeats for every X bought (X + Y of one set), cheapest units free first, at most `maxFree`. */
export function buyXGetY(benefit: Of<'BUY_X_GET_Y'>, lines: readonly LineState[]): Effect {
  const { buy, get } = benefit;
  const bought = lines.filter((line) => matches(benefit.target, line));
  const boughtUnits = bought.reduce((sum, line) => sum + line.quantity, 0);
  const cap = benefit.maxFree ?? Number.POSITIVE_INFINITY;
  const explain = (saved: number) => `Buy ${buy}, get ${get} free: you saved ${amountText(saved)}`;
  if (!benefit.reward) {
    const units = unitsOf(bought);
    const free = Math.min(Math.floor(units.length / (buy + get)) * get, cap);
    const rest = units.length % (buy + get);
    const nearMiss = rest >= buy && free + get <= cap ? `add ${plural(buy + get - rest, 'more item')} to get ${get} free` : undefined;
    return { shares: cheapestFree(units, free), explain, ...(nearMiss ? { nearMiss } : {}) };
  }
  const rewardUnits = unitsOf(lines.filter((line) => matches(benefit.reward!, line) && !bought.includes(line)));
  const earned = Math.min(Math.floor(boughtUnits / buy) * get, cap);
  const free = Math.min(earned, rewardUnits.length);
  const nearMiss =
    earned > rewardUnits.length
      ? `add ${plural(earned - rewardUnits.length, 'more reward item')} to get ${earned - rewardUnits.length} free`
      : boughtUnits % buy > 0 && free + get <= cap
        ? `add ${plural(buy - (boughtUnits % buy), 'more item')} to get ${get} more free`
        : undefined;
  return { shares: cheapestFree(rewardUnits, free), explain, ...(nearMiss ? { nearMiss } : {}) };
}

/** 限时折扣: the flash price for at most `unitsLeft` units (the customer's limit and the allotment left), lines in cart order. */
export function flashPrice(benefit: Pick<Of<'FLASH_PRICE'>, 'prices'>, lines: readonly LineState[], unitsLeft: number, label = 'Flash sale'): Effect {
  let left = unitsLeft;
  let units = 0;
  const shares: LineShare[] = [];
  for (const line of lines) {
    const price = benefit.prices.find((entry) => entry.sku === line.sku)?.price;
    if (price === undefined || price >= line.unitPrice || left <= 0) continue;
    const taken = Math.min(line.quantity, left);
    left -= taken;
    units += taken;
    shares.push({ lineIndex: line.lineIndex, amount: (line.unitPrice - price) * taken });
  }
  const limited = units < lines.filter((line) => benefit.prices.some((entry) => entry.sku === line.sku)).reduce((sum, line) => sum + line.quantity, 0);
  return {
    shares,
    units,
    explain: (saved) => `${label}: ${plural(units, 'unit')} at the ${label === 'Flash sale' ? 'sale' : 'group'} price${limited ? ' (the rest at the regular price: limit reached)' : ''}: you saved ${amountText(saved)}`,
  };
}

/** 团购: the group price, as a flash price, on an order that joined a group of the promotion (the engine checks that). */
export const groupPrice = (benefit: Of<'GROUP_BUY'>, lines: readonly LineState[], unitsLeft: number): Effect => flashPrice(benefit, lines, unitsLeft, 'Group buy');

/** 赠品: spend at least `minSpend` (the goods after item discounts) and the gift is added, if it is in stock. */
export function gift(benefit: Of<'GIFT'>, lines: readonly LineState[], inStock: boolean): Effect {
  const spend = spendOf(lines);
  if (spend < benefit.minSpend) return nothing(`add ${amountText(benefit.minSpend - spend)} more for a free ${benefit.sku}`);
  if (!inStock) return nothing();
  return { shares: [], gift: { sku: benefit.sku, quantity: benefit.quantity }, explain: () => `Spend ${amountText(benefit.minSpend)}, get ${benefit.quantity} × ${benefit.sku} free: added to your order` };
}

/** Free or discounted shipping when the goods (after their discounts) cost at least `minSpend`. */
export function shipping(benefit: Of<'SHIPPING'>, lines: readonly LineState[]): Effect {
  const spend = spendOf(lines);
  const what = benefit.percent >= 100 ? 'free shipping' : `${benefit.percent} % off shipping`;
  if (spend < benefit.minSpend) return nothing(`add ${amountText(benefit.minSpend - spend)} more for ${what}`);
  return { shares: [], shippingPercent: benefit.percent, explain: () => (benefit.minSpend > 0 ? `Spend ${amountText(benefit.minSpend)}: ${what}` : `${what[0]!.toUpperCase()}${what.slice(1)}`) };
}
