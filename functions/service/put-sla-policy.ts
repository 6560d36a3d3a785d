import { serviceRoutes } from '../../shared/contracts/service';
import { httpHandler } from '../../shared/http/handler';
import { putSlaPolicy } from '../../shared/adapters/service-settings-repository';
import { logger } from '../../shared/adapters/logger';
import { slaSettingsView } from './sla-settings';

/** PUT /tickets/sla-policies/{channel}/{priority} — new tickets of that channel and priority take it; open ones keep theirs. */
export const handler = httpHandler(serviceRoutes.putSlaPolicy, async function putSlaPolicyRoute({ path, body, actor }) {
  await putSlaPolicy(path.channel, path.priority, body);
  logger.info('SLA policy set', { channel: path.channel, priority: path.priority, by: actor.sub });
  return slaSettingsView();
});
