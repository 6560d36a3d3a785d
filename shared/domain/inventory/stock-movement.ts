/**
 * A change to stock that another context asks for, as data: the orders context decides that an order's
 * lines are reserved, released or shipped, and the inventory adapter turns that into the conditional
 * updates of the stock records (in the same transaction as the order write): the order's warehouse's
 * record and the SKU's total, each line with its audit row (warehouse-stock.ts).
 *
 * | movement | available | reserved | on hand | holds only when          |
 * |----------|----------:|---------:|--------:|--------------------------|
 * | reserve  |        −q |       +q |       · | available ≥ q            |
 * | release  |        +q |       −q |       · | reserved ≥ q             |
 * | ship     |         · |       −q |      −q | reserved ≥ q, on hand ≥ q |
 */
export type StockMovementKind = 'reserve' | 'release' | 'ship';

export interface StockMovementLine {
  readonly sku: string;
  readonly quantity: number;
}

export interface StockMovement {
  readonly movement: StockMovementKind;
  /** The warehouse the order ships from (its quote's): the movement changes its record and the SKU's total. */
  readonly warehouseId: string;
  readonly lines: readonly StockMovementLine[];
}
