import { shippingRoutes } from '../../shared/contracts/shipping';
import { readHandler } from '../../shared/http/read-handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';

/** GET /carriers — every carrier (a short list: one query, no paging needed). */
export const handler = readHandler(shippingRoutes.listCarriers, async function listCarriersRoute() {
  return { items: await ordersRepository.listCarriers() };
});
