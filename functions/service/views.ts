/**
 * What callers see of a ticket: explicit picks (no version), the SLA state of each clock, the order it is
 * about as it stands now, and the conversation — internal notes only for staff, never for the customer.
 */
import type { TicketSummary, TicketView } from '../../shared/contracts/service';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import * as serviceRepository from '../../shared/adapters/service-repository';
import type { StoredTicket } from '../../shared/adapters/service-repository';
import { clock } from '../../shared/adapters/clock';
import type { Actor } from '../../shared/domain/actor';
import type { ServiceCalendar } from '../../shared/domain/service/business-time';
import { slaView } from '../../shared/domain/service/sla';
import { isStaff, type TicketMessage } from '../../shared/domain/service/ticket';

export const toTicketSummary = (ticket: StoredTicket): TicketSummary => ({
  ticketId: ticket.ticketId,
  customerId: ticket.customerId,
  channel: ticket.channel,
  category: ticket.category,
  subject: ticket.subject,
  priority: ticket.priority,
  status: ticket.status,
  assigneeId: ticket.assigneeId,
  createdAt: ticket.createdAt,
  updatedAt: ticket.updatedAt,
});

/** The order a ticket is about: its status and each parcel's tracking (read through the orders adapter). */
async function linkedOrder(orderId: string | undefined): Promise<TicketView['order']> {
  const order = orderId ? await ordersRepository.getOrder(orderId) : undefined;
  if (!order) return undefined;
  return {
    orderId: order.orderId,
    status: order.status,
    promisedBy: order.promisedBy,
    shipments: order.shipments.map((shipment) => ({ carrierId: shipment.carrierId, trackingNumber: shipment.trackingNumber, status: shipment.tracking.status })),
  };
}

const messageView = (message: TicketMessage) => ({
  messageId: message.messageId,
  authorId: message.authorId,
  authorRole: message.authorRole,
  body: message.body,
  internal: message.internal,
  at: message.at,
});

/** The whole ticket for `actor`: conversation read now (internal notes dropped for a customer), order linked. */
export async function toTicketView(ticket: StoredTicket, actor: Actor, calendar: ServiceCalendar): Promise<TicketView> {
  const [messages, order] = await Promise.all([serviceRepository.messagesOf(ticket.ticketId), linkedOrder(ticket.orderId)]);
  const now = clock.now();
  const staff = isStaff(actor);
  return {
    ...toTicketSummary(ticket),
    tags: [...ticket.tags],
    orderId: ticket.orderId,
    returnId: ticket.returnId,
    order,
    firstResponseAt: ticket.firstResponseAt,
    resolvedAt: ticket.resolvedAt,
    closedAt: ticket.closedAt,
    reopenCount: ticket.reopenCount,
    escalatedAt: ticket.escalatedAt,
    rating: ticket.rating,
    sla: { firstResponse: slaView(ticket.sla.FIRST_RESPONSE, now, calendar), resolution: slaView(ticket.sla.RESOLUTION, now, calendar) },
    messages: messages.filter((message) => staff || !message.internal).map(messageView),
  };
}
