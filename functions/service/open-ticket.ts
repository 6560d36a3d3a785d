import { serviceRoutes } from '../../shared/contracts/service';
import { httpHandler } from '../../shared/http/handler';
import * as serviceRepository from '../../shared/adapters/service-repository';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { loadServiceConfig, policyOf } from '../../shared/adapters/service-settings-repository';
import { creationGuards } from '../../shared/adapters/created-once';
import { clock } from '../../shared/adapters/clock';
import { newId } from '../../shared/adapters/ids';
import { logger } from '../../shared/adapters/logger';
import { DomainError, forbidden, invalid } from '../../shared/domain/errors';
import { serviceSettingsFrom } from '../../shared/domain/service/due';
import { ticketOpened } from '../../shared/domain/service/events';
import { isStaff, newTicket } from '../../shared/domain/service/ticket';
import { toTicketView } from './views';

const unknownOrder = (orderId: string) =>
  new DomainError('unprocessable', 'UnknownOrder', `Order ${orderId} is not an order of this customer`, [{ field: 'body.orderId', message: 'no such order of this customer' }]);

/**
 * POST /tickets — a customer opens a ticket on any channel; an agent logs one (a phone call) for a customer.
 * The order it names must be that customer's. Stored OPEN with both SLA clocks running and their due moments
 * indexed, `TicketOpened` in the same transaction; one ticket per Idempotency-Key.
 */
export const handler = httpHandler(serviceRoutes.openTicket, async function openTicketRoute({ body, actor, correlationId, creation }) {
  const staff = isStaff(actor);
  if (staff && !body.customerId) throw invalid('Say whose ticket it is', [{ field: 'body.customerId', message: 'required when staff open a ticket' }]);
  if (!staff && (body.customerId ?? actor.sub) !== actor.sub) throw forbidden('A customer opens tickets for itself only');
  if (!staff && body.priority) throw forbidden('Only agents and operators set a priority');
  const customerId = staff ? (body.customerId as string) : actor.sub;
  if (body.orderId && (await ordersRepository.getOrder(body.orderId))?.customerId !== customerId) throw unknownOrder(body.orderId);

  const config = await loadServiceConfig();
  const priority = body.priority ?? 'normal';
  const { value: stored, created } = await creationGuards.createOnce(creation, {
    existing: (ticketId) => serviceRepository.requireTicket(ticketId),
    create: (ticketId, guard) => {
      const opened = newTicket({ ...body, ticketId, messageId: newId(), actor, customerId, priority, tags: body.tags ?? [] }, policyOf(config, body.channel, priority), clock.now());
      const context = { calendar: config.calendar, settings: serviceSettingsFrom(process.env), correlationId };
      return serviceRepository.createTicket({ ...opened, events: [ticketOpened(opened.ticket)] }, context, guard);
    },
  });
  logger.info(created ? 'ticket opened' : 'ticket already opened under this key', { ticketId: stored.ticketId, channel: stored.channel });
  return { status: 201, body: await toTicketView(stored, actor, config.calendar), headers: { location: `/tickets/${stored.ticketId}` } };
});
