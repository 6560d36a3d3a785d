/**
 * The inventory's value at cost, kept as it moves (docs/analytics.md, "Inventory value at cost"), so that nothing
 * ever has to read every stock record to know it.
 *
 * Costing method: **the current unit cost** — each SKU's stock is valued at the unit cost its stock record
 * carries (the catalog SKU's `unitCost`, set when the product is published), not FIFO nor a weighted average of
 * what was paid. The running value is Σ on hand × unit cost over the stock records with a cost:
 *
 * - every movement that changes a SKU's total on hand adds Δ on hand × its unit cost (`valueChangeOf`), in the same
 *   transaction as the movement, to one of the write-sharded value items (`INVENTORY_VALUE#<shard>` / currency);
 * - a change of the unit cost revalues what is on hand: on hand × (new − old) (`revaluationOf`), written
 *   conditionally on the on hand and the cost read, so the sum stays exact;
 * - a stock record without a unit cost (written before this was kept) counts nothing until it gets one.
 *
 * Transfers between warehouses change no total on hand: they change nothing here.
 */
import type { Money } from '../money';

/** Shards the value is written over (a stable hash of the movement's reference). Readers sum every shard up to the maximum. */
export const INVENTORY_VALUE_SHARDS = 8;
export const MAX_INVENTORY_VALUE_SHARDS = 16;

/** A change of the inventory's value at cost, in one currency. */
export interface ValueChange {
  readonly currency: string;
  readonly amountMinor: number;
}

/** What one change of a SKU's total on hand is worth at its unit cost; none when the cost is unknown or nothing moved. */
export function valueChangeOf(onHandDelta: number, unitCost: Money | undefined): ValueChange | undefined {
  if (!unitCost || onHandDelta === 0 || unitCost.amount === 0) return undefined;
  return { currency: unitCost.currency, amountMinor: onHandDelta * unitCost.amount };
}

/**
 * What setting a SKU's unit cost from `from` to `to` does to the value of its `onHand` units: what `from` counted
 * comes out, what `to` counts goes in (two changes when the currency changes; none when the cost is the same).
 */
export function revaluationOf(onHand: number, from: Money | undefined, to: Money): ValueChange[] {
  if (from && from.amount === to.amount && from.currency === to.currency) return [];
  return mergeValueChanges([valueChangeOf(-onHand, from), valueChangeOf(onHand, to)]);
}

/** The changes of one transaction merged per currency (a transaction may touch each value item once), zeros left out. */
export function mergeValueChanges(changes: readonly (ValueChange | undefined)[]): ValueChange[] {
  const byCurrency = new Map<string, number>();
  for (const change of changes) if (change) byCurrency.set(change.currency, (byCurrency.get(change.currency) ?? 0) + change.amountMinor);
  return [...byCurrency].filter(([, amountMinor]) => amountMinor !== 0).map(([currency, amountMinor]) => ({ currency, amountMinor }));
}

/** The shard a movement's change goes to: FNV-1a of its reference (order id, receipt, adjustment …) modulo `shards`. */
export function valueShardOf(ref: string, shards: number = INVENTORY_VALUE_SHARDS): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ref.length; i++) {
    hash ^= ref.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** The value: the shards' sum (an absent shard is 0). */
export const inventoryValueOf = (shards: readonly (number | undefined)[]): number => shards.reduce<number>((sum, value) => sum + (value ?? 0), 0);
