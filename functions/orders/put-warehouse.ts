import { shippingRoutes } from '../../shared/contracts/shipping';
import { httpHandler } from '../../shared/http/handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { logger } from '../../shared/adapters/logger';

/** PUT /warehouses/{id} — quotes (same-day, ETAs) use it from the next request on. */
export const handler = httpHandler(shippingRoutes.putWarehouse, async function putWarehouseRoute({ path, body }) {
  const warehouse = { id: path.id, ...body };
  await ordersRepository.putWarehouse(warehouse);
  logger.info('warehouse stored', { warehouseId: path.id });
  return warehouse;
});
