import type { StockPolicy } from './policy-recompute';
import type { Money } from '../money';
import type { QualityHold } from './quality-hold';

/**
 * Stock of one SKU in the warehouse. The invariant every change keeps:
 *   onHand = available + reserved, and none of them is ever negative.
 */
export interface StockLevel {
  readonly sku: string;
  readonly productId: string;
  readonly supplierId: string;
  /** Units in the warehouse, reserved or not. */
  readonly onHand: number;
  /** Units promised to orders not yet shipped. */
  readonly reserved: number;
  /**
   * onHand − reserved, stored so a reservation can be one conditional update (`available >= :quantity`):
   * DynamoDB conditions compare attributes, they do not compute.
   */
  readonly available: number;
  /** Units kept against demand and lead-time variation (the reorder policy's safety stock). */
  readonly safetyStock: number;
  /**
   * At or below this many available units the SKU is low (low-stock.ts): an episode opens, `StockLow` goes
   * out and the alert job asks for a restock. Until the nightly policy sets it, the safety stock stands in.
   */
  readonly reorderPoint?: number;
  /** While low: when its episode opened (the stock watcher sets and clears it, with the sparse mark). */
  readonly lowSince?: string;
  /** The purchase order the restock workflow has open for this SKU (it sets it, and clears it at close). */
  readonly openPurchaseOrderId?: string;
  /** The nightly reorder policy and what produced it (policy-recompute.ts); absent until it first ran. */
  readonly policy?: StockPolicy;
  /** While on quality hold (quality-hold.ts): not sold, not restocked, until an operator releases it. */
  readonly qualityHold?: QualityHold;
  /** The last release: incidents before it no longer count towards a hold. */
  readonly qualityHoldReleasedAt?: string;
  /** When its product was archived (catalog archive.ts): sold no more, so never restocked; what is on hand stays counted. */
  readonly retiredAt?: string;
  /**
   * The unit cost its on hand is valued at (inventory-value.ts: the catalog SKU's current `unitCost`, set when the
   * product is published). Absent on records written before it was kept: their units count nothing in the value.
   */
  readonly unitCost?: Money;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Safety stock a newly listed SKU starts with, until forecasts set a better one. */
export const DEFAULT_SAFETY_STOCK = 10;

/** The empty stock record a SKU gets when its product is first listed. */
export const newStockLevel = (sku: string, productId: string, supplierId: string, safetyStock: number, now: Date): StockLevel => ({
  sku,
  productId,
  supplierId,
  onHand: 0,
  reserved: 0,
  available: 0,
  safetyStock,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
});

/** The reorder point in force: the policy's, or the safety stock until the nightly policy has run. */
export const reorderPointOf = (stock: Pick<StockLevel, 'reorderPoint' | 'safetyStock'>): number => stock.reorderPoint ?? stock.safetyStock;
