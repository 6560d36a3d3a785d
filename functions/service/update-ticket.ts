import { serviceRoutes } from '../../shared/contracts/service';
import { httpHandler } from '../../shared/http/handler';
import { policyOf } from '../../shared/adapters/service-settings-repository';
import { clock } from '../../shared/adapters/clock';
import { updateTicket } from '../../shared/domain/service/conversation';
import { changeTicket } from './ticket-change';

/** PATCH /tickets/{id} — assign, re-prioritise (the clocks take the new priority's targets, the due moments move) or re-tag. */
export const handler = httpHandler(serviceRoutes.updateTicket, async function updateTicketRoute({ path, body, actor, correlationId }) {
  return changeTicket({ actor, ticketId: path.id, correlationId }, (ticket, config) =>
    updateTicket(ticket, body, (priority) => policyOf(config, ticket.channel, priority), clock.now()),
  );
});
