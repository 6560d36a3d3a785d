import { serviceRoutes } from '../../shared/contracts/service';
import { httpHandler } from '../../shared/http/handler';
import { clock } from '../../shared/adapters/clock';
import { changeStatus } from '../../shared/domain/service/conversation';
import { changeTicket } from './ticket-change';

/** POST /tickets/{id}/status — staff resolve, close or move a ticket; its customer resolves or reopens it. 409 for a move the status machine refuses. */
export const handler = httpHandler(serviceRoutes.changeTicketStatus, async function changeTicketStatus({ path, body, actor, correlationId }) {
  return changeTicket({ actor, ticketId: path.id, correlationId }, (ticket, config) => changeStatus(ticket, actor, body.status, clock.now(), config.calendar));
});
