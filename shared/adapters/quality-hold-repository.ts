/**
 * A SKU's quality hold on its stock record (`SKU#<sku>` / `STOCK`, the inventory context's): placed and released
 * by targeted updates, never a rewrite of the record (reservations update its counts meanwhile), each with its
 * event in one transaction. Placing is conditional on no hold, releasing on the hold read, so each happens once.
 */
import type { DomainEventDraft } from '../domain/events';
import type { QualityHold } from '../domain/inventory/quality-hold';
import { isOnQualityHold } from '../domain/inventory/quality-hold';
import type { StockLevel } from '../domain/inventory/stock';
import { tableName } from './dynamo';
import { outboxPuts } from './outbox';
import { stockKey } from './inventory-repository';
import { tableAccess as table } from './table-access';

export type HoldOutcome = 'written' | 'skipped';

const outcomeOf = (outcome: Awaited<ReturnType<typeof table.write>>, sku: string): HoldOutcome => {
  if (outcome === 'contention') throw new Error(`stock of ${sku} changed while its quality hold was written; retried by the caller`);
  return outcome === 'written' ? 'written' : 'skipped';
};

export async function placeQualityHold(sku: string, hold: QualityHold, events: readonly DomainEventDraft<object>[], correlationId: string): Promise<HoldOutcome> {
  const outcome = await table.write([
    {
      Update: {
        TableName: tableName(),
        Key: stockKey(sku),
        UpdateExpression: 'SET qualityHold = :hold',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(qualityHold)',
        ExpressionAttributeValues: { ':hold': hold },
      },
    },
    ...outboxPuts(events, correlationId),
  ]);
  return outcomeOf(outcome, sku);
}

/** Releases the hold placed at `since` (the one read): `skipped` when it was released meanwhile. */
export async function releaseQualityHold(sku: string, since: string, releasedAt: string, events: readonly DomainEventDraft<object>[], correlationId: string): Promise<HoldOutcome> {
  const outcome = await table.write([
    {
      Update: {
        TableName: tableName(),
        Key: stockKey(sku),
        UpdateExpression: 'REMOVE qualityHold SET qualityHoldReleasedAt = :at',
        ConditionExpression: 'qualityHold.since = :since',
        ExpressionAttributeValues: { ':since': since, ':at': releasedAt },
      },
    },
    ...outboxPuts(events, correlationId),
  ]);
  return outcomeOf(outcome, sku);
}

/** Which of `skus` are on quality hold now (key reads). */
export async function heldSkus(skus: readonly string[]): Promise<Set<string>> {
  const stocks = await Promise.all([...new Set(skus)].map((sku) => table.getItem<StockLevel>(stockKey(sku))));
  return new Set(stocks.flatMap((stock) => (stock && isOnQualityHold(stock) ? [stock.sku] : [])));
}
