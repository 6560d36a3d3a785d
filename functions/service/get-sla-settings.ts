import { serviceRoutes } from '../../shared/contracts/service';
import { readHandler } from '../../shared/http/read-handler';
import { slaSettingsView } from './sla-settings';

/** GET /tickets/sla-policies — the service calendar and every channel's and priority's SLA policy. */
export const handler = readHandler(serviceRoutes.getSlaSettings, async function getSlaSettings() {
  return slaSettingsView();
});
