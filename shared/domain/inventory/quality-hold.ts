/**
 * Quality hold (docs/returns.md, "Quality loop"): too many quality incidents for one SKU within a window put the
 * SKU on hold — it cannot be sold (the catalogue's live listings leave it out) or restocked (a return's RESTOCK is
 * refused, the alert job asks for no purchase order) until an operator releases it — and ops is told, naming the
 * supplier and the lots. Incidents are both kinds the supplier's incident partition holds: a return for defective
 * or not-as-described, and a goods-receipt lot rejected by QC. After a release only incidents since then count,
 * so the next incident does not put the SKU straight back on hold.
 *
 * | setting                        | default | meaning                                              |
 * |--------------------------------|--------:|------------------------------------------------------|
 * | QUALITY_HOLD_INCIDENTS         |       3 | incidents of one SKU within the window: on hold      |
 * | QUALITY_HOLD_WINDOW_DAYS       |      30 | the window, counted back from the latest incident    |
 * | SUPPLIER_REVIEW_INCIDENTS      |      10 | incidents of one supplier (any SKUs) in the window: probation review (suppliers/quality-review.ts) |
 */
import { conflict, DomainError } from '../errors';
import type { DomainEventDraft } from '../events';
import { isPositive, numberSetting, type Environment } from '../settings';
import { INVENTORY_EVENTS_SOURCE } from './events';
import type { StockLevel } from './stock';

export interface QualityHoldRules {
  readonly skuIncidents: number;
  readonly windowDays: number;
  readonly supplierIncidents: number;
}

export const DEFAULT_QUALITY_HOLD_RULES: QualityHoldRules = { skuIncidents: 3, windowDays: 30, supplierIncidents: 10 };

export const qualityHoldRulesFrom = (env: Environment): QualityHoldRules => ({
  skuIncidents: numberSetting(env.QUALITY_HOLD_INCIDENTS, DEFAULT_QUALITY_HOLD_RULES.skuIncidents, isPositive),
  windowDays: numberSetting(env.QUALITY_HOLD_WINDOW_DAYS, DEFAULT_QUALITY_HOLD_RULES.windowDays, isPositive),
  supplierIncidents: numberSetting(env.SUPPLIER_REVIEW_INCIDENTS, DEFAULT_QUALITY_HOLD_RULES.supplierIncidents, isPositive),
});

/** One incident as the supplier's incident partition keeps it, whichever its source. */
export interface QualityIncidentFact {
  readonly source: 'RETURN' | 'QC';
  readonly sku: string;
  readonly supplierId: string;
  readonly recordedAt: string;
  /** The return, or the purchase order whose lot QC rejected. */
  readonly ref: string;
  /** The goods-receipt lot when known: a QC incident's `<purchaseOrderId>/<receiptId>`; a return's when its units shipped from one. */
  readonly lotId?: string;
  /** A return's candidate lots: every lot the order's units of the SKU shipped from (inventory/lots.ts). */
  readonly lots?: readonly string[];
  readonly quantity: number;
}

export interface QualityHold {
  readonly since: string;
  readonly supplierId: string;
  readonly incidents: number;
  readonly windowDays: number;
  /** The lots named by the incidents (empty when none is known). */
  readonly lots: readonly string[];
  /** The returns and purchase orders behind the incidents. */
  readonly refs: readonly string[];
}

/** The part of a stock record the hold lives on. */
export type HoldableStock = Pick<StockLevel, 'sku' | 'productId' | 'supplierId'> & { readonly qualityHold?: QualityHold; readonly qualityHoldReleasedAt?: string };

export const isOnQualityHold = (stock: { readonly qualityHold?: QualityHold } | undefined): boolean => stock?.qualityHold !== undefined;

/** When the window that counts starts: `windowDays` before `now`, or the last release if later. */
export const windowStart = (now: Date, windowDays: number, releasedAt?: string): string => {
  const start = new Date(now.getTime() - windowDays * 86_400_000).toISOString();
  return releasedAt && releasedAt > start ? releasedAt : start;
};

/** The values given, each once, sorted (lots, refs, SKUs of incidents). */
export const uniqueSorted = (values: readonly (string | undefined)[]): string[] => [...new Set(values.filter((value): value is string => value !== undefined))].sort();

/**
 * Whether `incidents` (the supplier's, in the window) put the SKU on hold now: its own since the window's start
 * reach the threshold and it is not on hold already. The hold and `SkuQualityHoldPlaced` for ops, or nothing.
 */
export function decideQualityHold(stock: HoldableStock, incidents: readonly QualityIncidentFact[], now: Date, rules: QualityHoldRules): { readonly hold?: QualityHold; readonly events: DomainEventDraft[] } {
  if (isOnQualityHold(stock)) return { events: [] };
  const from = windowStart(now, rules.windowDays, stock.qualityHoldReleasedAt);
  const counted = incidents.filter((incident) => incident.sku === stock.sku && incident.recordedAt >= from);
  if (counted.length < rules.skuIncidents) return { events: [] };
  const hold: QualityHold = {
    since: now.toISOString(),
    supplierId: stock.supplierId,
    incidents: counted.length,
    windowDays: rules.windowDays,
    lots: uniqueSorted(counted.flatMap((incident): readonly (string | undefined)[] => incident.lots ?? [incident.lotId])),
    refs: uniqueSorted(counted.map((incident) => incident.ref)),
  };
  return { hold, events: [skuQualityHoldPlaced(stock, hold)] };
}

/**
 * Units received into stock by hand while the SKU is on hold: refused (422 SkuOnQualityHold), as restocking from a
 * return or a purchase order is, until an operator releases it. Write-offs (a negative quantity) stay allowed.
 */
export function refuseReceivingOnHold(stock: HoldableStock, quantity: number): void {
  if (quantity <= 0 || !stock.qualityHold) return;
  throw new DomainError('unprocessable', 'SkuOnQualityHold', `SKU ${stock.sku} is on quality hold since ${stock.qualityHold.since}: no units are received into stock until an operator releases it (POST /inventory/${stock.sku}/quality-hold/release); write-offs are allowed`, [
    { field: 'quantity', message: 'the SKU is on quality hold' },
  ]);
}

/** An operator releases the hold: sellable and restockable again, incidents counted afresh from now. 409 when not on hold. */
export function releaseQualityHold(stock: HoldableStock, by: string, note: string, now: Date): { readonly releasedAt: string; readonly events: DomainEventDraft[] } {
  if (!stock.qualityHold) throw conflict('NotOnQualityHold', `SKU ${stock.sku} is not on quality hold`);
  return { releasedAt: now.toISOString(), events: [skuQualityHoldReleased(stock, stock.qualityHold, by, note)] };
}

const lotsText = (lots: readonly string[]) => (lots.length ? `lots ${lots.join(', ')}` : 'no lot known');

export const skuQualityHoldPlaced = (stock: HoldableStock, hold: QualityHold): DomainEventDraft => ({
  source: INVENTORY_EVENTS_SOURCE,
  detailType: 'SkuQualityHoldPlaced',
  detail: {
    sku: stock.sku,
    productId: stock.productId,
    ...hold,
    summary: `SKU ${stock.sku} is on quality hold: ${hold.incidents} quality incidents in ${hold.windowDays} days (supplier ${hold.supplierId}; ${lotsText(hold.lots)}). It cannot be sold or restocked until an operator releases it (POST /inventory/${stock.sku}/quality-hold/release).`,
  },
});

export const skuQualityHoldReleased = (stock: HoldableStock, hold: QualityHold, by: string, note: string): DomainEventDraft => ({
  source: INVENTORY_EVENTS_SOURCE,
  detailType: 'SkuQualityHoldReleased',
  detail: { sku: stock.sku, supplierId: hold.supplierId, heldSince: hold.since, releasedBy: by, note, summary: `SKU ${stock.sku} was released from quality hold by ${by}: ${note}` },
});
