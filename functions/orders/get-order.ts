import { orderRoutes } from '../../shared/contracts/orders';
import { httpHandler } from '../../shared/http/handler';
import { orderVisibleTo } from './access';
import { toOrderView } from './views';

/** GET /orders/{id} — status, timeline, shipments and tracking. */
export const handler = httpHandler(orderRoutes.getOrder, async ({ path, actor }) => toOrderView(await orderVisibleTo(actor, path.id)));
