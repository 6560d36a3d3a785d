import { purchaseOrderRoutes } from '../../shared/contracts/purchase-orders';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import { hasRole } from '../../shared/domain/actor';
import { toPurchaseOrderSummary } from './purchase-order-views';

/** GET /purchase-orders — by status, newest first (a Query of the status index): operators' default is what awaits their approval, the warehouse's what it expects. */
export const handler = readHandler(purchaseOrderRoutes.listPurchaseOrders, async function listPurchaseOrders({ query, actor }) {
  const status = query.status ?? (hasRole(actor, 'operator') ? 'PENDING_APPROVAL' : 'SENT');
  const scope = `purchase-orders:status:${status}`;
  const result = await purchaseOrdersRepository.listByStatus(status, { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) });
  return { items: result.items.map(toPurchaseOrderSummary), nextToken: encodeNextToken(result.lastEvaluatedKey, scope) };
});
