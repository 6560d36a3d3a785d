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
  /** Below onHand − reserved = safetyStock, a StockLow alert goes out. */
  readonly safetyStock: number;
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
