/**
 * Stock on the single table (keys: docs/data-model.md): one record per SKU, created when its product is
 * first listed. The inventory context owns it; the other contexts change it only through what this module
 * builds — a movement (`StockMovement`, decided by their domain) becomes conditional updates written in
 * the same transaction as the change that causes it, so stock moves exactly once however often a step
 * runs. Conditions compare counts, never compute them: `available` is stored for that.
 */
import type { DomainEventDraft } from '../domain/events';
import type { StockLevel } from '../domain/inventory/stock';
import type { StockMovement, StockMovementKind, StockMovementLine } from '../domain/inventory/stock-movement';
import { tableName } from './dynamo';
import { outboxPut, stampEvent, type TransactWriteItem } from './outbox';
import { tableAccess as table } from './table-access';

export const stockKey = (sku: string) => ({ pk: `SKU#${sku}`, sk: 'STOCK' });

/** How each movement changes the counts, and what must hold for it (shared/domain/inventory/stock-movement.ts). */
const MOVEMENTS: Readonly<Record<StockMovementKind, { readonly update: string; readonly condition: string }>> = {
  reserve: { update: 'reserved = reserved + :quantity, available = available - :quantity', condition: 'available >= :quantity' },
  release: { update: 'reserved = reserved - :quantity, available = available + :quantity', condition: 'reserved >= :quantity' },
  ship: { update: 'reserved = reserved - :quantity, onHand = onHand - :quantity', condition: 'reserved >= :quantity AND onHand >= :quantity' },
};

const movementUpdate = (movement: StockMovementKind, line: StockMovementLine, now: Date): TransactWriteItem => ({
  Update: {
    TableName: tableName(),
    Key: stockKey(line.sku),
    UpdateExpression: `SET ${MOVEMENTS[movement].update}, updatedAt = :now`,
    ConditionExpression: `attribute_exists(pk) AND ${MOVEMENTS[movement].condition}`,
    ExpressionAttributeValues: { ':quantity': line.quantity, ':now': now.toISOString() },
  },
});

/** One conditional update per line, in the lines' order (a refusal at position i names line i). */
export function movementItems({ movement, lines }: StockMovement, now: Date): TransactWriteItem[] {
  return lines.map((line) => movementUpdate(movement, line, now));
}

/** Creates the stock record of a newly listed SKU; a record that exists keeps its counts. */
export function stockCreate(stock: StockLevel): TransactWriteItem {
  return {
    Update: {
      TableName: tableName(),
      Key: stockKey(stock.sku),
      UpdateExpression:
        'SET entity = :entity, sku = :sku, productId = :productId, supplierId = :supplierId, gsi2pk = :gsi2pk, gsi2sk = :sku, ' +
        'onHand = if_not_exists(onHand, :zero), reserved = if_not_exists(reserved, :zero), available = if_not_exists(available, :zero), ' +
        'safetyStock = if_not_exists(safetyStock, :safetyStock), createdAt = if_not_exists(createdAt, :now), updatedAt = :now',
      ExpressionAttributeValues: {
        ':entity': 'StockLevel',
        ':sku': stock.sku,
        ':productId': stock.productId,
        ':supplierId': stock.supplierId,
        ':gsi2pk': `SUPPLIER_STOCK#${stock.supplierId}`,
        ':zero': 0,
        ':safetyStock': stock.safetyStock,
        ':now': stock.updatedAt,
      },
    },
  };
}

export function getStock(sku: string): Promise<StockLevel | undefined> {
  return table.getItem<StockLevel>(stockKey(sku));
}

/** How a stock adjustment came out: made, refused (it would take reserved units, or the creation guard was taken), or lost to another transaction. */
export type StockAdjustment = 'adjusted' | 'refused' | 'contention';

/** Receives (delta > 0) or writes off (delta < 0) units; never below what is reserved. */
export async function adjustStock(sku: string, delta: number, now: Date, event: DomainEventDraft<object>, correlationId: string, alsoWrite: readonly TransactWriteItem[] = []): Promise<StockAdjustment> {
  const outcome = await table.write([
    {
      Update: {
        TableName: tableName(),
        Key: stockKey(sku),
        UpdateExpression: 'SET onHand = onHand + :delta, available = available + :delta, updatedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND available >= :floor',
        ExpressionAttributeValues: { ':delta': delta, ':floor': Math.max(0, -delta), ':now': now.toISOString() },
      },
    },
    outboxPut(stampEvent(event, correlationId)),
    ...alsoWrite,
  ]);
  return outcome === 'written' ? 'adjusted' : outcome === 'contention' ? 'contention' : 'refused';
}
