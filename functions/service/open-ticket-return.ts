import { serviceRoutes } from '../../shared/contracts/service';
import { httpHandler } from '../../shared/http/handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { openReturn } from '../../shared/adapters/return-requests';
import { clock } from '../../shared/adapters/clock';
import { linkReturn, orderToReturnFor } from '../../shared/domain/service/conversation';
import { nextStep } from '../../shared/domain/returns/return';
import { ticketVisibleTo } from './access';
import { changeTicket } from './ticket-change';

/**
 * POST /tickets/{id}/return — an after-sales complaint opens a return of its order in one step: the same rules,
 * approval and label as `POST /orders/{id}/returns`, asked for by the ticket's customer or by staff for them; the
 * ticket then links the return. One Idempotency-Key is one return; a refusal writes nothing.
 */
export const handler = httpHandler(serviceRoutes.openTicketReturn, async function openTicketReturn({ path, body, actor, correlationId, creation }) {
  const ticket = await ticketVisibleTo(actor, path.id);
  const order = await ordersRepository.requireOrder(orderToReturnFor(ticket));
  const { ret } = await openReturn({ order, body, requestedBy: actor.sub, creation, correlationId });
  const linked = await changeTicket({ actor, ticketId: ticket.ticketId, correlationId }, (current) => linkReturn(current, ret.returnId, clock.now()));
  return {
    status: 201,
    body: { returnId: ret.returnId, returnStatus: ret.status, nextStep: nextStep(ret), ticket: linked },
    headers: { location: `/returns/${ret.returnId}` },
  };
});
