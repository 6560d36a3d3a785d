import { shippingRoutes } from '../../shared/contracts/shipping';
import { httpHandler } from '../../shared/http/handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { logger } from '../../shared/adapters/logger';
import { assertCatalogueCurrency, catalogueCurrencyFrom } from '../../shared/domain/orders/catalogue-currency';

/**
 * PUT /carriers/{id} — quotes and carrier choice use the new tables from the next request on. A carrier
 * priced in another currency than the catalogue's is refused (422 CurrencyMismatch).
 */
export const handler = httpHandler(shippingRoutes.putCarrier, async function putCarrierRoute({ path, body }) {
  assertCatalogueCurrency(body.currency, catalogueCurrencyFrom(process.env));
  const carrier = { id: path.id, ...body };
  await ordersRepository.putCarrier(carrier);
  logger.info('carrier stored', { carrierId: path.id });
  return carrier;
});
