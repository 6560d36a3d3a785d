import { serviceRoutes } from '../../shared/contracts/service';
import { httpHandler } from '../../shared/http/handler';
import { clock } from '../../shared/adapters/clock';
import { rate } from '../../shared/domain/service/conversation';
import { changeTicket } from './ticket-change';

/** POST /tickets/{id}/rating — CSAT 1–5 with a comment, once, on a resolved (or closed) ticket of the caller's. */
export const handler = httpHandler(serviceRoutes.rateTicket, async function rateTicket({ path, body, actor, correlationId }) {
  return changeTicket({ actor, ticketId: path.id, correlationId }, (ticket) => rate(ticket, actor, body.score, body.comment, clock.now()));
});
