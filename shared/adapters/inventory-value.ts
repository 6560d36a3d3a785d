/**
 * The inventory's value at cost on the single table (shared/domain/inventory/inventory-value.ts): write-sharded
 * running totals, `INVENTORY_VALUE#<shard>` / `<currency>` (→ `valueMinor`, `ADD`ed), changed only by the items
 * built here, in the same transaction as the stock movement or the unit-cost change they value. Read by summing the
 * shards: O(shards), never O(catalogue).
 */
import { MAX_INVENTORY_VALUE_SHARDS, inventoryValueOf, mergeValueChanges, valueShardOf, type ValueChange } from '../domain/inventory/inventory-value';
import { tableName } from './dynamo';
import type { TransactWriteItem } from './outbox';
import { inBatches, tableAccess as table } from './table-access';

const valueKey = (shard: number, currency: string) => ({ pk: `INVENTORY_VALUE#${shard}`, sk: currency });

/**
 * The `ADD`s of a transaction's value changes: one item per currency (a transaction touches an item once), on the
 * shard of `ref`; none when nothing changed value.
 */
export function valueItems(changes: readonly (ValueChange | undefined)[], ref: string): TransactWriteItem[] {
  const shard = valueShardOf(ref);
  return mergeValueChanges(changes).map(({ currency, amountMinor }) => ({
    Update: {
      TableName: tableName(),
      Key: valueKey(shard, currency),
      UpdateExpression: 'SET entity = :entity ADD valueMinor :change',
      ExpressionAttributeValues: { ':entity': 'InventoryValueShard', ':change': amountMinor },
    },
  }));
}

/** The inventory's value at cost in `currency` now: a GetItem per shard, summed. */
export async function inventoryValue(currency: string): Promise<number> {
  const shards = await inBatches(
    Array.from({ length: MAX_INVENTORY_VALUE_SHARDS }, (_, shard) => shard),
    (shard) => table.getItem<{ valueMinor?: number }>(valueKey(shard, currency)),
    MAX_INVENTORY_VALUE_SHARDS,
  );
  return inventoryValueOf(shards.map((shard) => shard?.valueMinor));
}
