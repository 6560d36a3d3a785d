import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import type { StoredOrder } from '../../shared/adapters/orders-repository';
import { logger } from '../../shared/adapters/logger';

const imageOf = (image: Record<string, AttributeValue> | undefined): StoredOrder | undefined => (image ? (unmarshall(image) as StoredOrder) : undefined);

/**
 * The order's index items follow the order (the table stream, filtered to `entity = Order`): its listing when
 * what the lists show changed, its parcel-due entry when a parcel set off or arrived
 * (shared/adapters/order-projections.ts). Each write is conditional on the order's version, so records handled
 * late, twice or replayed change nothing wrongly. A failed record is reported by sequence number and redelivered.
 */
export const handler = async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
  const projectRecord = async (record: DynamoDBRecord): Promise<void> => {
    const after = imageOf(record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined);
    if (!after) return;
    const written = await ordersRepository.projectOrderChange(imageOf(record.dynamodb?.OldImage as Record<string, AttributeValue> | undefined), after);
    if (written > 0) logger.debug('order indexes projected', { orderId: after.orderId, version: after.version, status: after.status, written });
  };
  // One record after the other: the records of one order come in the order of its writes.
  return processPartialResponse(event, projectRecord, new BatchProcessor(EventType.DynamoDBStreams), { context, processInParallel: false });
};
