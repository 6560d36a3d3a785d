/**
 * Promotions on the single table (keys: docs/data-model.md, "Promotions"). No scans:
 *
 * - the promotion `PROMOTION#<id>` / `PROMOTION`, listed by status in GSI1 `PROMOTIONS#<status>`;
 * - one small **target entry** per SKU, product or category it names (or `ORDER`): `PROMOTION_TARGET#<key>` /
 *   `<endsAt>#<id>`, a copy of the promotion in no index, so a quote finds the promotions of its cart with one
 *   Query per SKU, product, category and `ORDER` (sort key ≥ now: ended ones are never read), however many
 *   promotions there are; written with the promotion, rewritten with its status, deleted when it ends;
 * - counters, conditional so they are never overspent: `PROMOTION#<id>` / `USAGE` (orders, discount, units),
 *   `/ CUSTOMER#<sub>` (per customer), `COUPON#<code>` / `COUPON` (a code's uses) and `/ CUSTOMER#<sub>`;
 * - the use an order made of each promotion, `PROMOTION_USE#<orderId>` / `<promotionId>`, written in the
 *   order's own transaction with the counters' updates, and deleted with their reversal when the order is
 *   rejected, cancelled or failed (once: the reversal is conditional on the use still being there).
 */
import { conflict, found } from '../domain/errors';
import type { DomainEventDraft } from '../domain/events';
import type { Consumption, PromotionUsage } from '../domain/promotions/engine';
import { budgetUsed, promotionBudgetAlert } from '../domain/promotions/lifecycle';
import { targetKeysOf, type Promotion } from '../domain/promotions/promotion';
import { clock } from './clock';
import { tableName } from './dynamo';
import { outboxPuts, type TransactWriteItem } from './outbox';
import { allPages, tableAccess as table, type PageRequest } from './table-access';

const promotionKey = (promotionId: string) => ({ pk: `PROMOTION#${promotionId}`, sk: 'PROMOTION' });
const usageKey = (promotionId: string) => ({ pk: `PROMOTION#${promotionId}`, sk: 'USAGE' });
const customerKey = (promotionId: string, customerId: string) => ({ pk: `PROMOTION#${promotionId}`, sk: `CUSTOMER#${customerId}` });
const couponKey = (code: string) => ({ pk: `COUPON#${code}`, sk: 'COUPON' });
const couponCustomerKey = (code: string, customerId: string) => ({ pk: `COUPON#${code}`, sk: `CUSTOMER#${customerId}` });
const useKey = (orderId: string, promotionId: string) => ({ pk: `PROMOTION_USE#${orderId}`, sk: promotionId });
const targetPartition = (key: string) => `PROMOTION_TARGET#${key}`;
const byStatus = (status: string) => `PROMOTIONS#${status}`;

const byCampaign = (campaign: string) => `CAMPAIGN_PROMOTIONS#${campaign}`;

const promotionItem = (promotion: Promotion) => ({
  ...promotionKey(promotion.promotionId),
  entity: 'Promotion',
  gsi1pk: byStatus(promotion.status),
  gsi1sk: `${promotion.createdAt}#${promotion.promotionId}`,
  // A campaign's promotions, for its listing (sparse: only promotions of a campaign).
  ...(promotion.campaign ? { gsi2pk: byCampaign(promotion.campaign), gsi2sk: `${promotion.createdAt}#${promotion.promotionId}` } : {}),
  ...promotion,
});

const entryKeys = (promotion: Promotion) => targetKeysOf(promotion.benefit).map((key) => ({ pk: targetPartition(key), sk: `${promotion.endsAt}#${promotion.promotionId}` }));

/**
 * The target entries a change of a promotion writes: Puts while it can still apply, Deletes once it has
 * ended; a new end moves them (their sort key is the end), so the old ones are deleted in the same write.
 */
const targetItems = (next: Promotion, current?: Promotion): TransactWriteItem[] => {
  const moved = current !== undefined && current.endsAt !== next.endsAt;
  const deletes = next.status === 'ENDED' ? entryKeys(current ?? next) : moved ? entryKeys(current) : [];
  const puts = next.status === 'ENDED' ? [] : entryKeys(next).map((key) => ({ Put: { TableName: tableName(), Item: { ...key, entity: 'PromotionTarget', ...next } } }));
  return [...deletes.map((key) => ({ Delete: { TableName: tableName(), Key: key } })), ...puts];
};

/** A new promotion, its target entries, its event (and its creation guard), together. */
export async function createPromotion(promotion: Promotion, event: DomainEventDraft<object>, correlationId: string, guard: readonly TransactWriteItem[]): Promise<Promotion> {
  const outcome = await table.write([
    { Put: { TableName: tableName(), Item: promotionItem(promotion), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...targetItems(promotion),
    ...outboxPuts([event], correlationId),
    ...guard,
  ]);
  if (outcome !== 'written') throw conflict('PromotionNotCreated', `Promotion ${promotion.promotionId} was not created: another request with the same key won`);
  return promotion;
}

export const getPromotion = (promotionId: string) => table.getItem<Promotion>(promotionKey(promotionId));

export async function requirePromotion(promotionId: string): Promise<Promotion> {
  return found(await getPromotion(promotionId), 'Promotion', promotionId);
}

export const listByStatus = (status: string, page: PageRequest) => table.query<Promotion>('GSI1', byStatus(status), page, { newestFirst: true });

/** A campaign's promotions, newest first, whatever their status. */
export const listByCampaign = (campaign: string, page: PageRequest) => table.query<Promotion>('GSI2', byCampaign(campaign), page, { newestFirst: true });

/** Every promotion that is not ENDED (the exclusive-overlap check of an operator's create): two key queries. */
export async function openPromotions(): Promise<Promotion[]> {
  const [active, paused] = await Promise.all(['ACTIVE', 'PAUSED'].map((status) => allPages((page) => listByStatus(status, page))));
  return [...active!, ...paused!];
}

/**
 * The one way to change a promotion: read, decide the next version (or nothing), write it conditionally on
 * the version and status read, with its target entries and events; read and decide again when it changed.
 */
export async function updatePromotion(promotionId: string, decide: (promotion: Promotion) => { readonly next?: Promotion; readonly events: readonly DomainEventDraft<object>[] }, correlationId: string): Promise<Promotion> {
  const outcome = await table.update<Promotion, Promotion>(
    promotionKey(promotionId),
    (current) => {
      const promotion = found(current, 'Promotion', promotionId);
      const { next, events } = decide(promotion);
      if (!next) return { result: promotion };
      return { result: next, write: [table.versionedPut(promotionItem(next), promotion), ...targetItems(next, promotion), ...outboxPuts(events, correlationId)] };
    },
    { attempts: 3 },
  );
  if (outcome === 'contention') throw conflict('PromotionChangedConcurrently', `Promotion ${promotionId} kept changing; try again`);
  return outcome;
}

/** The live promotions naming any of `keys` (`SKU#…`, `PRODUCT#…`, `CATEGORY#…`, `ORDER`): one Query per key, ended ones skipped by the sort key. */
export async function promotionsFor(keys: readonly string[], now: Date): Promise<Promotion[]> {
  const pages = await Promise.all(keys.map((key) => allPages((page) => table.queryRange<Promotion>(targetPartition(key), now.toISOString(), '\uffff', page))));
  const byId = new Map(pages.flat().map((promotion) => [promotion.promotionId, promotion]));
  return [...byId.values()];
}

interface Counter {
  readonly uses?: number;
  readonly discount?: number;
  readonly units?: number;
  readonly revenue?: number;
}

/** Totals and this customer's usage of the promotions that have limits (GetItems; none for the others). */
export async function usageOf(promotions: readonly Promotion[], customerId: string | undefined): Promise<Map<string, PromotionUsage>> {
  // Read defensively: a malformed promotion is the engine's to leave out (and the quote's to log), not a failure here.
  const limited = promotions.filter((promotion) => Object.keys(promotion.limits ?? {}).length > 0 || promotion.benefit?.type === 'FLASH_PRICE');
  const entries = await Promise.all(
    limited.map(async (promotion) => {
      const [total, mine] = await Promise.all([
        table.getItem<Counter>(usageKey(promotion.promotionId)),
        customerId ? table.getItem<Counter>(customerKey(promotion.promotionId, customerId)) : undefined,
      ]);
      const usage: PromotionUsage = { uses: total?.uses ?? 0, discount: total?.discount ?? 0, units: total?.units ?? 0, customerUses: mine?.uses ?? 0, customerUnits: mine?.units ?? 0 };
      return [promotion.promotionId, usage] as const;
    }),
  );
  return new Map(entries);
}

export interface Coupon {
  readonly code: string;
  readonly promotionId: string;
  readonly usageLimit?: number;
  readonly oncePerCustomer: boolean;
  readonly uses?: number;
  readonly createdAt: string;
}

/** Why a code cannot be used by this customer now, or its coupon. */
export async function couponFor(code: string, customerId: string | undefined): Promise<Coupon | 'unknown' | 'used-up' | 'already-used'> {
  const [coupon, mine] = await Promise.all([table.getItem<Coupon>(couponKey(code)), customerId ? table.getItem(couponCustomerKey(code, customerId)) : undefined]);
  if (!coupon) return 'unknown';
  if (coupon.usageLimit !== undefined && (coupon.uses ?? 0) >= coupon.usageLimit) return 'used-up';
  if (coupon.oncePerCustomer && mine) return 'already-used';
  return coupon;
}

/** New coupon codes for a promotion; a code that exists already refuses them all (409). */
/** The codes, each only if new, with their event: all or none (a taken code: 409 CouponCodeTaken). */
export async function createCoupons(coupons: readonly Coupon[], event: DomainEventDraft<object>, correlationId: string): Promise<void> {
  const outcome = await table.write([
    ...coupons.map((coupon) => ({ Put: { TableName: tableName(), Item: { ...couponKey(coupon.code), entity: 'Coupon', ...coupon }, ConditionExpression: 'attribute_not_exists(pk)' } })),
    ...outboxPuts([event], correlationId),
  ]);
  if (outcome !== 'written') throw conflict('CouponCodeTaken', 'A coupon code is taken already; choose others');
}

/* ---------- using and giving back ---------- */

const add = (key: Record<string, string>, values: Record<string, number>, condition?: { readonly expression: string; readonly values: Record<string, number> }): TransactWriteItem => ({
  Update: {
    TableName: tableName(),
    Key: key,
    UpdateExpression: `ADD ${Object.keys(values).map((name) => `#${name} :${name}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(Object.keys(values).map((name) => [`#${name}`, name])),
    ExpressionAttributeValues: { ...Object.fromEntries(Object.entries(values).map(([name, value]) => [`:${name}`, value])), ...condition?.values },
    ...(condition ? { ConditionExpression: condition.expression } : {}),
  },
});

/** `name` stays ≤ `max` after adding `by` (absent counts as 0). */
const atMost = (name: string, by: number, max: number) => ({ expression: `(attribute_not_exists(#${name}) OR #${name} <= :${name}Max)`, values: { [`:${name}Max`]: max - by } });
const both = (...conditions: ({ expression: string; values: Record<string, number> } | undefined)[]) => {
  const present = conditions.filter((condition) => condition !== undefined);
  return present.length ? { expression: present.map((c) => c.expression).join(' AND '), values: Object.assign({}, ...present.map((c) => c.values)) } : undefined;
};

/**
 * What placing an order writes, in the order's own transaction, for each promotion it used: the counters'
 * conditional increments (never past a budget, a limit, an allotment or a coupon's uses) and the order's use
 * record. A refusal refuses the order: nothing is written, and the customer quotes again.
 */
export function useItems(orderId: string, customerId: string, uses: readonly Consumption[], promotions: readonly Promotion[], revenue = 0): TransactWriteItem[] {
  return uses.flatMap((use) => {
    const promotion = promotions.find((candidate) => candidate.promotionId === use.promotionId);
    if (!promotion) return [];
    const { maxUses, maxDiscount, perCustomer } = promotion.limits;
    const flash = promotion.benefit.type === 'FLASH_PRICE' ? promotion.benefit : undefined;
    const items: TransactWriteItem[] = [
      add(usageKey(use.promotionId), { uses: 1, discount: use.discount, units: use.units, revenue }, both(
        maxUses !== undefined ? atMost('uses', 1, maxUses) : undefined,
        maxDiscount !== undefined ? atMost('discount', use.discount, maxDiscount) : undefined,
        flash?.allotment !== undefined ? atMost('units', use.units, flash.allotment) : undefined,
      )),
      { Put: { TableName: tableName(), Item: { ...useKey(orderId, use.promotionId), entity: 'PromotionUse', orderId, customerId, revenue, ...use }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
    if (perCustomer !== undefined || flash?.perCustomerUnits !== undefined) {
      items.push(add(customerKey(use.promotionId, customerId), { uses: 1, units: use.units }, both(
        perCustomer !== undefined ? atMost('uses', 1, perCustomer) : undefined,
        flash?.perCustomerUnits !== undefined ? atMost('units', use.units, flash.perCustomerUnits) : undefined,
      )));
    }
    if (use.couponCode) {
      items.push({ Update: { TableName: tableName(), Key: couponKey(use.couponCode), UpdateExpression: 'ADD #uses :one', ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(usageLimit) OR attribute_not_exists(#uses) OR #uses < usageLimit)', ExpressionAttributeNames: { '#uses': 'uses' }, ExpressionAttributeValues: { ':one': 1 } } });
      items.push({ Put: { TableName: tableName(), Item: { ...couponCustomerKey(use.couponCode, customerId), entity: 'CouponUse', orderId }, ConditionExpression: 'attribute_not_exists(pk)' } });
    }
    return items;
  });
}

interface StoredUse extends Consumption {
  readonly orderId: string;
  readonly customerId: string;
  readonly revenue?: number;
}

/**
 * Gives back what an order that did not go through used (its use records, one transaction each, conditional
 * on the record still being there: run twice, the second finds nothing). Answers how many it gave back.
 */
export async function giveBack(orderId: string): Promise<number> {
  const uses = await allPages((page) => table.queryRange<StoredUse>(`PROMOTION_USE#${orderId}`, '0', '\uffff', page));
  let given = 0;
  for (const use of uses) {
    const promotion = await getPromotion(use.promotionId);
    const perCustomer = promotion && (promotion.limits.perCustomer !== undefined || (promotion.benefit.type === 'FLASH_PRICE' && promotion.benefit.perCustomerUnits !== undefined));
    const outcome = await table.write([
      { Delete: { TableName: tableName(), Key: useKey(orderId, use.promotionId), ConditionExpression: 'attribute_exists(pk)' } },
      add(usageKey(use.promotionId), { uses: -1, discount: -use.discount, units: -use.units, revenue: -(use.revenue ?? 0) }),
      ...(perCustomer ? [add(customerKey(use.promotionId, use.customerId), { uses: -1, units: -use.units })] : []),
      ...(use.couponCode ? [add(couponKey(use.couponCode), { uses: -1 }), { Delete: { TableName: tableName(), Key: couponCustomerKey(use.couponCode, use.customerId) } }] : []),
    ]);
    if (outcome === 'written') given += 1;
  }
  return given;
}

/** The counters of a promotion (its live results: orders that used it, discount given, flash units, what those orders' goods brought in). */
export async function resultsOf(promotion: Promotion): Promise<{ readonly uses: number; readonly discount: number; readonly units: number; readonly revenue: number }> {
  const counter = await table.getItem<Counter>(usageKey(promotion.promotionId));
  return { uses: counter?.uses ?? 0, discount: counter?.discount ?? 0, units: counter?.units ?? 0, revenue: counter?.revenue ?? 0 };
}

/**
 * After an order used them: each budgeted promotion at 80 % or 100 % of its budget raises its ops alert,
 * once (a marker `PROMOTION#<id>` / `ALERT#<level>` put conditionally with the alert's event). Should this
 * call be lost, the next order past the mark raises it.
 */
export async function raiseBudgetAlerts(promotions: readonly Promotion[], correlationId: string): Promise<void> {
  const budgeted = promotions.filter((promotion) => promotion.limits.maxUses !== undefined || promotion.limits.maxDiscount !== undefined);
  await Promise.all(
    budgeted.map(async (promotion) => {
      const used = await resultsOf(promotion);
      const share = budgetUsed(promotion.limits, used);
      const level = share >= 1 ? 100 : share >= 0.8 ? 80 : undefined;
      if (!level) return;
      await table.write([
        { Put: { TableName: tableName(), Item: { pk: `PROMOTION#${promotion.promotionId}`, sk: `ALERT#${level}`, entity: 'PromotionAlert', raisedAt: clock.now().toISOString() }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...outboxPuts([promotionBudgetAlert(promotion, level, used)], correlationId),
      ]);
    }),
  );
}
