import { analyticsRoutes, STOREFRONT_KEY_HEADER } from '../../shared/contracts/analytics';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { queueEventBatch } from '../../shared/adapters/storefront-events-queue';
import { storefrontHandler } from '../../shared/http/storefront-handler';
import { invalid } from '../../shared/domain/errors';
import { batchRefusals } from '../../shared/domain/analytics/storefront-events';

const isActiveKey = async (presented: string) => (await analyticsRepository.activeKeyFor(presented)) !== undefined;

/**
 * POST /events — a storefront's batch: its key checked first (401, shared/http/storefront-handler.ts), every event
 * checked (400 naming each bad one by index, nothing queued), then queued whole for counting exactly once by
 * functions/analytics/count-storefront-events.ts (202: accepted, counted within seconds).
 */
export const handler = storefrontHandler(analyticsRoutes.recordEvents, isActiveKey, async function recordEvents({ body, headers }) {
  const keyId = analyticsRepository.keyIdOf(headers[STOREFRONT_KEY_HEADER] ?? '');
  const refusals = batchRefusals(body.events, clock.now());
  if (refusals.length > 0) throw invalid('Some events of the batch cannot be recorded; nothing of it was.', refusals);
  await queueEventBatch({ keyId, events: body.events });
  logger.info('storefront events queued', { keyId, events: body.events.length });
  return { accepted: body.events.length };
});
