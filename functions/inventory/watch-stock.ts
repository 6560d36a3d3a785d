import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import type { StockLevel } from '../../shared/domain/inventory/stock';
import { watchStock } from '../../shared/domain/inventory/stock-watch';

const imageOf = (image: Record<string, AttributeValue> | undefined): StockLevel | undefined => (image ? (unmarshall(image) as StockLevel) : undefined);

/**
 * The stock watcher: every change of a stock record (the table stream, filtered to `sk = STOCK`) opens the
 * SKU's low-stock episode when it is at or below its reorder point — `lowSince`, the sparse mark and
 * `StockLow` in one transaction — or closes it with `StockRestored` once it is above again. The writes are
 * conditional on the stock as it is now, so records handled late, twice or out of order change nothing
 * wrongly; the watcher's own write comes back as a record and is judged again. A failed record is
 * reported by sequence number and redelivered.
 */
export const handler = async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
  const watchRecord = async (record: DynamoDBRecord): Promise<void> => {
    const stock = imageOf(record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined);
    if (!stock) return;
    const decision = watchStock({ stock, before: imageOf(record.dynamodb?.OldImage as Record<string, AttributeValue> | undefined) }, clock.now());
    const correlationId = record.eventID ?? `stock-${stock.sku}`;
    if (decision.change === 'OPENED' && decision.mark) {
      const outcome = await inventoryRepository.openLowStock(decision.mark, decision.events, correlationId);
      logger.info('low-stock episode', { sku: stock.sku, change: decision.change, outcome, available: stock.available, reorderPoint: decision.reorderPoint });
    } else if (decision.change === 'CLOSED' && stock.lowSince) {
      const outcome = await inventoryRepository.closeLowStock(stock.sku, stock.lowSince, decision.reorderPoint, decision.events, correlationId);
      logger.info('low-stock episode', { sku: stock.sku, change: decision.change, outcome, available: stock.available, reorderPoint: decision.reorderPoint });
    }
  };
  // One record after the other: the records of one SKU come in the order of its writes.
  return processPartialResponse(event, watchRecord, new BatchProcessor(EventType.DynamoDBStreams), { context, processInParallel: false });
};
