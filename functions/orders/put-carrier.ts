import { shippingRoutes } from '../../shared/contracts/shipping';
import { httpHandler } from '../../shared/http/handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { logger } from '../../shared/adapters/logger';

/** PUT /carriers/{id} — quotes and carrier choice use the new tables from the next request on. */
export const handler = httpHandler(shippingRoutes.putCarrier, async ({ path, body }) => {
  const carrier = { id: path.id, ...body };
  await ordersRepository.putCarrier(carrier);
  logger.info('carrier stored', { carrierId: path.id });
  return carrier;
});
