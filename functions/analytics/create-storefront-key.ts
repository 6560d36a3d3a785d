import { analyticsRoutes } from '../../shared/contracts/analytics';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { clock } from '../../shared/adapters/clock';
import { creationGuards } from '../../shared/adapters/created-once';
import { logger } from '../../shared/adapters/logger';
import { found } from '../../shared/domain/errors';
import { httpHandler } from '../../shared/http/handler';

/** POST /storefront-keys — a new key for a storefront; its secret is in this answer only (the table keeps its hash). */
export const handler = httpHandler(analyticsRoutes.createStorefrontKey, async function createStorefrontKeyRoute({ body, actor, creation }) {
  const { value, created } = await creationGuards.createOnce(creation, {
    existing: async (keyId) => found(await analyticsRepository.getStorefrontKey(keyId), 'Storefront key', keyId),
    create: (keyId, guard) => analyticsRepository.createStorefrontKey(keyId, body.name, actor.sub, clock.now(), guard),
  });
  if (created) logger.info('storefront key created', { keyId: value.keyId, name: value.name });
  return { status: analyticsRoutes.createStorefrontKey.response.status, body: value };
});
