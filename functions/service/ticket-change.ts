/** How every ticket route changes a ticket: the service's calendar and settings loaded, the change written, the ticket shown. */
import * as serviceRepository from '../../shared/adapters/service-repository';
import { loadServiceConfig, type ServiceConfig } from '../../shared/adapters/service-settings-repository';
import type { TicketView } from '../../shared/contracts/service';
import type { Actor } from '../../shared/domain/actor';
import type { TicketChange } from '../../shared/domain/service/conversation';
import { serviceSettingsFrom } from '../../shared/domain/service/due';
import { visibleTo } from './access';
import { toTicketView } from './views';

export interface TicketChangeContext {
  readonly actor: Actor;
  readonly ticketId: string;
  readonly correlationId: string;
}

/**
 * `decide` on the ticket as `actor` may see it (404 otherwise), written with its message, events, facts and
 * due entries in one transaction; answers the ticket as it stands now, as `actor` sees it.
 */
export async function changeTicket(
  { actor, ticketId, correlationId }: TicketChangeContext,
  decide: (ticket: serviceRepository.StoredTicket, config: ServiceConfig) => TicketChange,
): Promise<TicketView> {
  const config = await loadServiceConfig();
  const context = { calendar: config.calendar, settings: serviceSettingsFrom(process.env), correlationId };
  const updated = await serviceRepository.updateTicket(ticketId, (ticket) => decide(visibleTo(actor, ticketId, ticket), config), context);
  // Only under a write storm nobody makes: a 5xx releases the key, so the client's retry runs again.
  if (updated === 'contention') throw new Error(`ticket ${ticketId} kept changing`);
  return toTicketView(updated.ticket, actor, config.calendar);
}
