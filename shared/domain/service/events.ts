/**
 * Domain events of customer service, as drafts (the outbox stamps id, time and correlation id). SLA
 * warnings, breaches and escalations go to ops-alerts; an agent's answer to the customer.
 */
import type { DomainEventDraft } from '../events';
import type { SlaKind } from './sla';
import type { Ticket } from './ticket';

export const SERVICE_EVENT_SOURCE = 'commerce.service';

export const SERVICE_EVENT_TYPES = [
  'TicketOpened',
  'TicketAnswered',
  'TicketResolved',
  'TicketReopened',
  'TicketClosed',
  'TicketRated',
  'TicketSlaWarning',
  'TicketSlaBreached',
  'TicketEscalated',
] as const;
export type ServiceEventType = (typeof SERVICE_EVENT_TYPES)[number];

/** What ops-alerts carries about SLAs. */
export const SERVICE_ALERT_TYPES: readonly ServiceEventType[] = ['TicketSlaWarning', 'TicketSlaBreached', 'TicketEscalated'];
/** What the customer hears. */
export const SERVICE_CUSTOMER_TYPES: readonly ServiceEventType[] = ['TicketAnswered', 'TicketResolved'];

const draft = <D extends { summary: string }>(detailType: ServiceEventType, detail: D): DomainEventDraft<D> => ({
  source: SERVICE_EVENT_SOURCE,
  detailType,
  detail,
});

const subject = (ticket: Ticket) => ({
  ticketId: ticket.ticketId,
  customerId: ticket.customerId,
  channel: ticket.channel,
  priority: ticket.priority,
  status: ticket.status,
  ...(ticket.assigneeId ? { assigneeId: ticket.assigneeId } : {}),
});

const SLA_NAMES: Readonly<Record<SlaKind, string>> = { FIRST_RESPONSE: 'first response', RESOLUTION: 'resolution' };

export const ticketOpened = (ticket: Ticket) =>
  draft('TicketOpened', { ...subject(ticket), category: ticket.category, summary: `Ticket ${ticket.ticketId} was opened (${ticket.channel}, ${ticket.priority}): ${ticket.subject}` });

export const ticketAnswered = (ticket: Ticket) =>
  draft('TicketAnswered', { ...subject(ticket), summary: `Your ticket "${ticket.subject}" has an answer.` });

export const ticketResolved = (ticket: Ticket) =>
  draft('TicketResolved', { ...subject(ticket), summary: `Your ticket "${ticket.subject}" was resolved; tell us how we did.` });

export const ticketReopened = (ticket: Ticket) =>
  draft('TicketReopened', { ...subject(ticket), reopenCount: ticket.reopenCount, summary: `Ticket ${ticket.ticketId} was reopened by the customer.` });

export const ticketClosed = (ticket: Ticket, by: string) =>
  draft('TicketClosed', { ...subject(ticket), closedBy: by, summary: `Ticket ${ticket.ticketId} was closed.` });

export const ticketRated = (ticket: Ticket, score: number) =>
  draft('TicketRated', { ...subject(ticket), score, summary: `Ticket ${ticket.ticketId} was rated ${score}/5.` });

/** To ops-alerts and the assigned agent (`notify`): the clock reached 80 % of its target (warning) or all of it (breach). */
const slaAlert = (detailType: 'TicketSlaWarning' | 'TicketSlaBreached', ticket: Ticket, kind: SlaKind, dueAt: string) =>
  draft(detailType, {
    ...subject(ticket),
    sla: kind,
    dueAt,
    notify: ticket.assigneeId ? [ticket.assigneeId] : [],
    summary: detailType === 'TicketSlaWarning'
      ? `Ticket ${ticket.ticketId} (${ticket.channel}, ${ticket.priority}) is at 80 % of its ${SLA_NAMES[kind]} time, due ${dueAt}.`
      : `Ticket ${ticket.ticketId} (${ticket.channel}, ${ticket.priority}) breached its ${SLA_NAMES[kind]} time (due ${dueAt}).`,
  });

export const ticketSlaWarning = (ticket: Ticket, kind: SlaKind, dueAt: string) => slaAlert('TicketSlaWarning', ticket, kind, dueAt);
export const ticketSlaBreached = (ticket: Ticket, kind: SlaKind, dueAt: string) => slaAlert('TicketSlaBreached', ticket, kind, dueAt);

/** An urgent ticket that breached: operators take it over. */
export const ticketEscalated = (ticket: Ticket, kind: SlaKind) =>
  draft('TicketEscalated', {
    ...subject(ticket),
    sla: kind,
    escalatedTo: 'operator',
    summary: `Urgent ticket ${ticket.ticketId} breached its ${SLA_NAMES[kind]} time: escalated to operators.`,
  });
