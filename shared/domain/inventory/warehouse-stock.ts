/**
 * Stock per warehouse, and the audit row every movement leaves (docs/inventory.md, "Stock per warehouse").
 *
 * A SKU's total record (`StockLevel`) is the sum of its warehouses' records plus the units in transit
 * between them: total onHand = Σ warehouse onHand + Σ inTransitIn, total reserved = Σ reserved, total
 * available = Σ available. Every movement is a change of one or two warehouse records; the total follows
 * from it (`totalDelta`) in the same transaction.
 *
 * | movement     | warehouse on hand | reserved | in transit in | holds only when            |
 * |--------------|------------------:|---------:|--------------:|----------------------------|
 * | reserve      |                 · |       +q |             · | available ≥ q              |
 * | release      |                 · |       −q |             · | reserved ≥ q               |
 * | ship         |                −q |       −q |             · | reserved ≥ q               |
 * | receive etc. |                +d |        · |             · | available + d ≥ 0          |
 * | transfer out |    −q at `from`   |        · |   +q at `to`  | available at `from` ≥ q    |
 * | transfer in  |     +q at `to`    |        · |   −q at `to`  | in transit to `to` ≥ q     |
 */
import { invalid, type FieldError } from '../errors';
import type { Warehouse } from '../orders/carriers';
import type { StockMovementKind } from './stock-movement';

/** One warehouse's counts of a SKU; available = onHand − reserved (stored, so conditions can compare it). */
export interface WarehouseLevels {
  readonly onHand: number;
  readonly reserved: number;
  /** Units sent to this warehouse by a transfer and not received yet (not on hand, not available). */
  readonly inTransitIn: number;
}

export interface WarehouseStock extends WarehouseLevels {
  readonly sku: string;
  readonly warehouseId: string;
  readonly available: number;
  readonly updatedAt: string;
}

export interface LevelsDelta {
  readonly onHand?: number;
  readonly reserved?: number;
  readonly inTransitIn?: number;
}

/** What the total record does when its warehouses change by `delta`. */
export interface TotalDelta {
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly inTransit: number;
}

export const EMPTY_LEVELS: WarehouseLevels = { onHand: 0, reserved: 0, inTransitIn: 0 };

export const availableOf = (levels: Pick<WarehouseLevels, 'onHand' | 'reserved'>): number => levels.onHand - levels.reserved;

/** The levels after `delta`, or undefined when any would go negative or reserve more than is on hand. */
export function moveLevels(before: WarehouseLevels, delta: LevelsDelta): WarehouseLevels | undefined {
  const after = { onHand: before.onHand + (delta.onHand ?? 0), reserved: before.reserved + (delta.reserved ?? 0), inTransitIn: before.inTransitIn + (delta.inTransitIn ?? 0) };
  return after.onHand < 0 || after.reserved < 0 || after.inTransitIn < 0 || availableOf(after) < 0 ? undefined : after;
}

/** A warehouse's change as the total sees it: units in transit stay in the total's on hand. */
export const totalDelta = (delta: LevelsDelta): TotalDelta => ({
  onHand: (delta.onHand ?? 0) + (delta.inTransitIn ?? 0),
  reserved: delta.reserved ?? 0,
  available: (delta.onHand ?? 0) - (delta.reserved ?? 0),
  inTransit: delta.inTransitIn ?? 0,
});

export const sumTotalDeltas = (deltas: readonly TotalDelta[]): TotalDelta =>
  deltas.reduce((sum, d) => ({ onHand: sum.onHand + d.onHand, reserved: sum.reserved + d.reserved, available: sum.available + d.available, inTransit: sum.inTransit + d.inTransit }), { onHand: 0, reserved: 0, available: 0, inTransit: 0 });

/** How an order's movement changes the warehouse it ships from (shared/domain/inventory/stock-movement.ts). */
export const orderMovementDelta = (movement: StockMovementKind, quantity: number): LevelsDelta =>
  movement === 'reserve' ? { reserved: quantity } : movement === 'release' ? { reserved: -quantity } : { onHand: -quantity, reserved: -quantity };

/**
 * A total written before stock was kept per warehouse (no `placed` mark) has no breakdown: all its units are
 * unplaced, and the first movement of the SKU places them in that movement's warehouse (so such stock can be
 * drawn from any warehouse until then). After that a warehouse without a record holds nothing.
 */
export interface PlacementState {
  readonly onHand: number;
  readonly reserved: number;
  readonly inTransit?: number;
  readonly placed?: boolean;
}

/** The levels a movement of `warehouseId` starts from: its record, or the total's unplaced units (first movement of an unplaced SKU). */
export function levelsBefore(total: PlacementState, record: WarehouseLevels | undefined, placesHere: boolean): WarehouseLevels {
  if (!total.placed && placesHere) return { onHand: total.onHand - (total.inTransit ?? 0), reserved: total.reserved, inTransitIn: 0 };
  return record ? { onHand: record.onHand, reserved: record.reserved, inTransitIn: record.inTransitIn ?? 0 } : EMPTY_LEVELS;
}

/** Available units of a SKU per warehouse; an unplaced total counts in every warehouse (its first movement places it there). */
export function availableByWarehouse(total: PlacementState & { readonly available: number }, records: readonly WarehouseStock[], warehouses: readonly Pick<Warehouse, 'id'>[]): Map<string, number> {
  return new Map(warehouses.map((warehouse) => [warehouse.id, total.placed ? (records.find((record) => record.warehouseId === warehouse.id)?.available ?? 0) : total.available]));
}

/** The warehouses whose available stock covers every line (in the warehouses' order). */
export function warehousesCovering(lines: readonly { readonly sku: string; readonly quantity: number }[], available: ReadonlyMap<string, ReadonlyMap<string, number>>, warehouses: readonly Pick<Warehouse, 'id'>[]): string[] {
  return warehouses.filter((warehouse) => lines.every((line) => (available.get(line.sku)?.get(warehouse.id) ?? 0) >= line.quantity)).map((warehouse) => warehouse.id);
}

/** Where stock goes while the store has no warehouse defined (PUT /warehouses/default then describes it). */
export const UNDEFINED_STORE_WAREHOUSE = 'default';

/**
 * The store's default warehouse (PO receipts, adjustments and counts that name none): the hub, the first
 * warehouse in id order, as the quote's fallback for shipping; `default` while none is defined.
 */
export function defaultWarehouseId(warehouses: readonly Pick<Warehouse, 'id'>[]): string {
  return [...warehouses].map((warehouse) => warehouse.id).sort()[0] ?? UNDEFINED_STORE_WAREHOUSE;
}

/* ---------- the audit trail ---------- */

export const MOVEMENT_KINDS = ['RESERVE', 'RELEASE', 'SHIP', 'RECEIVE', 'ADJUST', 'COUNT', 'TRANSFER_OUT', 'TRANSFER_IN', 'RETURN'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** Who moved stock, when and why: an operator or warehouse user's `sub`, or the process (`order-fulfilment`, `restock`) with its reference. */
export interface MovementCause {
  readonly kind: MovementKind;
  readonly actor: string;
  readonly reason: string;
  /** What the movement belongs to: an order, purchase order, adjustment, count or transfer id. */
  readonly ref: string;
}

/**
 * The immutable row a movement leaves for each warehouse line it changes: the levels before (as the write's
 * condition proved them) and after, and the change.
 */
export interface MovementAudit extends MovementCause {
  readonly sku: string;
  readonly warehouseId: string;
  readonly at: string;
  readonly delta: { readonly onHand: number; readonly reserved: number };
  /**
   * Exact on adjustments, counts, receipts and transfers (their write was conditional on the counts read).
   * Absent on an order's reserve, release and ship: those add their delta without comparing counts, so racing
   * orders for one SKU never refuse each other; their row keeps the delta, exact too.
   */
  readonly before?: { readonly onHand: number; readonly reserved: number };
  readonly after?: { readonly onHand: number; readonly reserved: number };
  /** Set when this movement placed a total that had no warehouse breakdown into this warehouse (`before` is then the total's). */
  readonly placed?: true;
}

export function movementAudit(sku: string, warehouseId: string, cause: MovementCause, before: WarehouseLevels, after: WarehouseLevels, at: Date, placed = false): MovementAudit {
  return {
    sku,
    warehouseId,
    ...cause,
    at: at.toISOString(),
    delta: { onHand: after.onHand - before.onHand, reserved: after.reserved - before.reserved },
    before: { onHand: before.onHand, reserved: before.reserved },
    after: { onHand: after.onHand, reserved: after.reserved },
    ...(placed ? { placed: true as const } : {}),
  };
}

/** Why an adjustment moved stock: units returned by a customer are a RETURN, the others an ADJUST. */
export const adjustmentKind = (reason: string): MovementKind => (reason === 'RETURNED_TO_STOCK' ? 'RETURN' : 'ADJUST');

/* ---------- transfers between warehouses ---------- */

export type TransferStatus = 'IN_TRANSIT' | 'RECEIVED';

export interface StockTransfer {
  readonly transferId: string;
  readonly sku: string;
  readonly from: string;
  readonly to: string;
  readonly quantity: number;
  readonly reason: string;
  readonly status: TransferStatus;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly receivedBy?: string;
  readonly receivedAt?: string;
}

export interface TransferRequest {
  readonly sku: string;
  readonly from: string;
  readonly to: string;
  readonly quantity: number;
  readonly reason: string;
}

/** What a request names as warehouses that are not among `warehouses`, one error per field (an absent id names none). */
export const unknownWarehouses = (warehouses: readonly Pick<Warehouse, 'id'>[], named: readonly { readonly field: string; readonly warehouseId?: string }[]): FieldError[] =>
  named
    .filter(({ warehouseId }) => warehouseId !== undefined && !warehouses.some((warehouse) => warehouse.id === warehouseId))
    .map(({ field, warehouseId }) => ({ field, message: `unknown warehouse ${warehouseId}` }));

/** A transfer the warehouses known can make; refused (400) for an unknown warehouse or the same one twice. */
export function requestTransfer(transferId: string, request: TransferRequest, warehouses: readonly Pick<Warehouse, 'id'>[], by: string, now: Date): StockTransfer {
  const errors = unknownWarehouses(warehouses, [{ field: 'from', warehouseId: request.from }, { field: 'to', warehouseId: request.to }]);
  if (errors.length > 0) throw invalid('A transfer goes between two known warehouses', errors);
  if (request.from === request.to) throw invalid('A transfer goes between two different warehouses', [{ field: 'to', message: 'must differ from from' }]);
  return { transferId, ...request, status: 'IN_TRANSIT', requestedBy: by, requestedAt: now.toISOString() };
}

/** The warehouses' changes of a transfer's two legs. */
export const transferOutDeltas = (transfer: Pick<StockTransfer, 'from' | 'to' | 'quantity'>) => [
  { warehouseId: transfer.from, delta: { onHand: -transfer.quantity } },
  { warehouseId: transfer.to, delta: { inTransitIn: transfer.quantity } },
];
export const transferInDelta = (transfer: Pick<StockTransfer, 'to' | 'quantity'>) => ({ warehouseId: transfer.to, delta: { onHand: transfer.quantity, inTransitIn: -transfer.quantity } });

/** The audit row of a movement that adds `delta` without comparing counts (an order's reserve, release, ship). */
export const deltaAudit = (sku: string, warehouseId: string, cause: MovementCause, delta: LevelsDelta, at: Date): MovementAudit => ({
  sku,
  warehouseId,
  ...cause,
  at: at.toISOString(),
  delta: { onHand: delta.onHand ?? 0, reserved: delta.reserved ?? 0 },
});
