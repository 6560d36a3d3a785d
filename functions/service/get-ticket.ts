import { serviceRoutes } from '../../shared/contracts/service';
import { readHandler } from '../../shared/http/read-handler';
import { loadServiceConfig } from '../../shared/adapters/service-settings-repository';
import { ticketVisibleTo } from './access';
import { toTicketView } from './views';

/** GET /tickets/{id} — the conversation, SLA state and linked order; a customer's own only, without internal notes. */
export const handler = readHandler(serviceRoutes.getTicket, async function getTicket({ path, actor }) {
  const [ticket, config] = await Promise.all([ticketVisibleTo(actor, path.id), loadServiceConfig()]);
  return toTicketView(ticket, actor, config.calendar);
});
