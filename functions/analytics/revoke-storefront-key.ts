import { analyticsRoutes } from '../../shared/contracts/analytics';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { found } from '../../shared/domain/errors';
import { httpHandler } from '../../shared/http/handler';

/** POST /storefront-keys/{id}/revoke — the key stops working at once (the next batch sent with it is a 401). */
export const handler = httpHandler(analyticsRoutes.revokeStorefrontKey, async function revokeStorefrontKeyRoute({ path }) {
  const key = found(await analyticsRepository.revokeStorefrontKey(path.id, clock.now()), 'Storefront key', path.id);
  logger.info('storefront key revoked', { keyId: key.keyId });
  return key;
});
