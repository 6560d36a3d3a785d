import { shippingRoutes } from '../../shared/contracts/shipping';
import { httpHandler } from '../../shared/http/handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';

/** GET /carriers — every carrier (a short list: one query, no paging needed). */
export const handler = httpHandler(shippingRoutes.listCarriers, async () => ({ items: await ordersRepository.listCarriers() }));
