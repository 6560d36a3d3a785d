import { serviceRoutes } from '../../shared/contracts/service';
import { httpHandler } from '../../shared/http/handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { getMacro } from '../../shared/adapters/service-settings-repository';
import { clock } from '../../shared/adapters/clock';
import { newId } from '../../shared/adapters/ids';
import type { Actor } from '../../shared/domain/actor';
import { DomainError, forbidden } from '../../shared/domain/errors';
import { reply } from '../../shared/domain/service/conversation';
import { fillMacro } from '../../shared/domain/service/macros';
import { isStaff } from '../../shared/domain/service/ticket';
import { ticketVisibleTo } from './access';
import { changeTicket } from './ticket-change';

/** A macro's text for this ticket, its placeholders filled from the ticket and its order (staff only). */
async function macroText(actor: Actor, ticketId: string, macroId: string): Promise<string> {
  if (!isStaff(actor)) throw forbidden('Only agents and operators reply with a macro');
  const [ticket, macro] = await Promise.all([ticketVisibleTo(actor, ticketId), getMacro(macroId)]);
  if (!macro) throw new DomainError('unprocessable', 'UnknownMacro', `There is no macro ${macroId}`, [{ field: 'body.macroId', message: 'no such macro' }]);
  const order = ticket.orderId ? await ordersRepository.getOrder(ticket.orderId) : undefined;
  return fillMacro(macro, {
    'ticket.id': ticket.ticketId,
    'ticket.subject': ticket.subject,
    'ticket.status': ticket.status,
    ...(order
      ? { 'order.id': order.orderId, 'order.status': order.status, 'order.promisedBy': order.promisedBy, 'order.trackingNumber': order.shipments[0]?.trackingNumber }
      : {}),
  });
}

/**
 * POST /tickets/{id}/replies — an answer (typed, or a macro filled in) or an internal note. An agent's first
 * answer stops the first-response clock and waits on the customer (the resolution clock pauses); the
 * customer's answer starts it again, and reopens a resolved ticket. A closed ticket takes no reply (409).
 */
export const handler = httpHandler(serviceRoutes.replyToTicket, async function replyToTicket({ path, body, actor, correlationId }) {
  const text = body.macroId ? await macroText(actor, path.id, body.macroId) : (body.message as string);
  const view = await changeTicket({ actor, ticketId: path.id, correlationId }, (ticket, config) =>
    reply(ticket, { messageId: newId(), actor, body: text, internal: body.internal }, clock.now(), config.calendar),
  );
  return { status: 201, body: view };
});
