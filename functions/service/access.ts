/** Who sees which ticket: agents and operators all, a customer only its own (others get a 404). */
import * as serviceRepository from '../../shared/adapters/service-repository';
import type { StoredTicket } from '../../shared/adapters/service-repository';
import type { Actor } from '../../shared/domain/actor';
import { notFound } from '../../shared/domain/errors';
import { isStaff, type Ticket } from '../../shared/domain/service/ticket';

/** `ticket` if `actor` may see it; to anyone else it does not exist (404, not 403: ids cannot be probed). */
export function visibleTo<T extends Ticket>(actor: Actor, ticketId: string, ticket: T | undefined): T {
  if (ticket && (isStaff(actor) || ticket.customerId === actor.sub)) return ticket;
  throw notFound('Ticket', ticketId);
}

export async function ticketVisibleTo(actor: Actor, ticketId: string): Promise<StoredTicket> {
  return visibleTo(actor, ticketId, await serviceRepository.getTicket(ticketId));
}
