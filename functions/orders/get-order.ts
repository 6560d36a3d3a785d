import { orderRoutes } from '../../shared/contracts/orders';
import { readHandler } from '../../shared/http/read-handler';
import { orderVisibleTo } from './access';
import { toOrderView } from './views';

/** GET /orders/{id} — status, timeline, shipments and tracking. */
export const handler = readHandler(orderRoutes.getOrder, async function getOrder({ path, actor }) {
  return toOrderView(await orderVisibleTo(actor, path.id));
});
