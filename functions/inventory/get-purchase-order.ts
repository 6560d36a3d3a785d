import { purchaseOrderRoutes } from '../../shared/contracts/purchase-orders';
import { readHandler } from '../../shared/http/read-handler';
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import { toPurchaseOrderView } from './purchase-order-views';

/** GET /purchase-orders/{id} — operators and the warehouse. */
export const handler = readHandler(purchaseOrderRoutes.getPurchaseOrder, async function getPurchaseOrder({ path }) {
  return toPurchaseOrderView(await purchaseOrdersRepository.requirePurchaseOrder(path.id));
});
