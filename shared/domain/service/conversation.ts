/**
 * What people do to a ticket: reply (or note), change its status, re-prioritise or assign it, rate it.
 * Each decision takes the ticket as read and returns the next ticket, its events, the message to store
 * and the facts the metrics count; a refusal is a DomainError and writes nothing.
 */
import type { Actor } from '../actor';
import type { DomainEventDraft } from '../events';
import { conflict, forbidden } from '../errors';
import type { ServiceCalendar } from './business-time';
import { ticketAnswered, ticketClosed, ticketRated, ticketReopened, ticketResolved } from './events';
import type { ServiceFact } from './metrics';
import { elapsedMs, metTarget, pauseClock, type Priority, type SlaKind, type SlaPolicy } from './sla';
import { isStaff, messageBy, moveTo, type Ticket, type TicketMessage, type TicketStatus } from './ticket';

export interface TicketChange {
  /** The ticket to write; absent when it does not change. */
  readonly next?: Ticket;
  readonly events?: readonly DomainEventDraft<object>[];
  readonly message?: TicketMessage;
  readonly facts?: readonly ServiceFact[];
}

const minutes = (ms: number) => Math.round(ms / 600) / 100;

/** The fact of a clock stopped now, for the metrics. */
const clockFact = (kind: 'FIRST_RESPONSE' | 'RESOLVED', ticket: Ticket, slaKind: SlaKind, now: Date, calendar: ServiceCalendar): ServiceFact => ({
  kind,
  ticketId: ticket.ticketId,
  ...(ticket.assigneeId ? { agentId: ticket.assigneeId } : {}),
  at: now.toISOString(),
  minutes: minutes(elapsedMs(ticket.sla[slaKind], now, calendar)),
  met: metTarget(ticket.sla[slaKind], now, calendar),
});

const closedRefusal = (ticket: Ticket) => conflict('TicketClosed', `Ticket ${ticket.ticketId} is closed: open a new ticket instead`);

export interface ReplyInput {
  readonly messageId: string;
  readonly actor: Actor;
  readonly body: string;
  readonly internal: boolean;
}

/**
 * A reply. An agent's public answer is the first response (once), assigns an unassigned ticket to them and
 * waits on the customer; the customer's answer puts the ticket back to OPEN, or reopens a RESOLVED one. An
 * internal note changes nothing but the conversation, and only staff write one.
 */
export function reply(ticket: Ticket, input: ReplyInput, now: Date, calendar: ServiceCalendar): TicketChange {
  if (ticket.status === 'CLOSED') throw closedRefusal(ticket);
  const staff = isStaff(input.actor);
  if (input.internal && !staff) throw forbidden('Only agents and operators write internal notes');
  const message = messageBy(input.actor, { ticketId: ticket.ticketId, messageId: input.messageId, body: input.body, internal: input.internal }, now);
  if (input.internal) return { message };
  return staff ? agentAnswer(ticket, input.actor, message, now, calendar) : customerAnswer(ticket, message, now, calendar);
}

function agentAnswer(ticket: Ticket, agent: Actor, message: TicketMessage, now: Date, calendar: ServiceCalendar): TicketChange {
  const assigned: Ticket = { ...ticket, assigneeId: ticket.assigneeId ?? agent.sub, updatedAt: now.toISOString() };
  const first = !ticket.firstResponseAt;
  const facts = first ? [clockFact('FIRST_RESPONSE', assigned, 'FIRST_RESPONSE', now, calendar)] : [];
  const answered: Ticket = first
    ? { ...assigned, firstResponseAt: now.toISOString(), sla: { ...assigned.sla, FIRST_RESPONSE: pauseClock(assigned.sla.FIRST_RESPONSE, now, calendar, true) } }
    : assigned;
  // A follow-up on a resolved ticket stays resolved; otherwise the customer has the next move.
  const next = answered.status === 'RESOLVED' ? answered : moveTo(answered, 'WAITING_ON_CUSTOMER', now, calendar);
  return { next, message, facts, events: [ticketAnswered(next)] };
}

function customerAnswer(ticket: Ticket, message: TicketMessage, now: Date, calendar: ServiceCalendar): TicketChange {
  if (ticket.status === 'RESOLVED') return { ...reopen(ticket, now, calendar), message };
  const next = ticket.status === 'WAITING_ON_CUSTOMER' ? moveTo(ticket, 'OPEN', now, calendar) : { ...ticket, updatedAt: now.toISOString() };
  return { next, message };
}

function reopen(ticket: Ticket, now: Date, calendar: ServiceCalendar): TicketChange {
  const moved = moveTo(ticket, 'REOPENED', now, calendar);
  const { resolvedAt: _resolved, ...rest } = moved;
  const next: Ticket = { ...rest, reopenCount: ticket.reopenCount + 1 };
  const fact: ServiceFact = { kind: 'REOPENED', ticketId: ticket.ticketId, ...(ticket.assigneeId ? { agentId: ticket.assigneeId } : {}), at: now.toISOString() };
  return { next, facts: [fact], events: [ticketReopened(next)] };
}

/** Resolving stops both clocks (the resolution's time is a fact); the customer may then rate it, or reopen it. */
function resolve(ticket: Ticket, now: Date, calendar: ServiceCalendar): TicketChange {
  const fact = clockFact('RESOLVED', ticket, 'RESOLUTION', now, calendar);
  const next: Ticket = { ...moveTo(ticket, 'RESOLVED', now, calendar), resolvedAt: now.toISOString() };
  return { next, facts: [fact], events: [ticketResolved(next)] };
}

export function close(ticket: Ticket, by: string, now: Date, calendar: ServiceCalendar): TicketChange {
  const next: Ticket = { ...moveTo(ticket, 'CLOSED', now, calendar), closedAt: now.toISOString() };
  return { next, events: [ticketClosed(next, by)] };
}

/** Who may ask for which status: staff move a ticket along; a customer may call it resolved, or reopen it. */
const ASKED_BY: Readonly<Record<'staff' | 'customer', readonly TicketStatus[]>> = {
  staff: ['OPEN', 'WAITING_ON_CUSTOMER', 'RESOLVED', 'CLOSED'],
  customer: ['RESOLVED', 'REOPENED'],
};

export function changeStatus(ticket: Ticket, actor: Actor, to: TicketStatus, now: Date, calendar: ServiceCalendar): TicketChange {
  if (ticket.status === 'CLOSED') throw closedRefusal(ticket);
  const who = isStaff(actor) ? 'staff' : 'customer';
  if (!ASKED_BY[who].includes(to)) throw forbidden(`A ${who === 'staff' ? 'staff member' : 'customer'} cannot set a ticket to ${to} (allowed: ${ASKED_BY[who].join(', ')})`);
  if (ticket.status === to) return {};
  if (to === 'RESOLVED') return resolve(ticket, now, calendar);
  if (to === 'REOPENED') return reopen(ticket, now, calendar);
  if (to === 'CLOSED') return close(ticket, actor.sub, now, calendar);
  return { next: moveTo(ticket, to, now, calendar) };
}

export interface TicketUpdate {
  readonly assigneeId?: string;
  readonly priority?: Priority;
  readonly tags?: readonly string[];
}

/** Assign, re-prioritise (the clocks take the new priority's targets and hours, keeping the time counted) or re-tag. */
export function updateTicket(ticket: Ticket, update: TicketUpdate, policyFor: (priority: Priority) => SlaPolicy, now: Date): TicketChange {
  if (ticket.status === 'CLOSED') throw closedRefusal(ticket);
  const priority = update.priority ?? ticket.priority;
  const policy = policyFor(priority);
  const retarget = priority === ticket.priority ? ticket.sla : {
    FIRST_RESPONSE: { ...ticket.sla.FIRST_RESPONSE, targetMs: Math.round(policy.firstResponseMinutes * 60_000), hours: policy.hours },
    RESOLUTION: { ...ticket.sla.RESOLUTION, targetMs: Math.round(policy.resolutionMinutes * 60_000), hours: policy.hours },
  };
  const next: Ticket = {
    ...ticket,
    ...(update.assigneeId ? { assigneeId: update.assigneeId } : {}),
    ...(update.tags ? { tags: [...new Set(update.tags)] } : {}),
    priority,
    sla: retarget,
    updatedAt: now.toISOString(),
  };
  return { next };
}

/**
 * The order an after-sales complaint may open a return for, in one step (`POST /tickets/{id}/return`): the
 * ticket's own order, while the ticket is open and has no return yet.
 */
export function orderToReturnFor(ticket: Ticket): string {
  if (ticket.status === 'CLOSED') throw closedRefusal(ticket);
  if (ticket.category !== 'after-sales-complaint') {
    throw conflict('NotAnAfterSalesComplaint', `Ticket ${ticket.ticketId} is ${ticket.category}: a return opens from an after-sales complaint`);
  }
  if (!ticket.orderId) throw conflict('TicketHasNoOrder', `Ticket ${ticket.ticketId} names no order to return`);
  if (ticket.returnId) throw conflict('ReturnAlreadyOpened', `Ticket ${ticket.ticketId} already opened return ${ticket.returnId}`);
  return ticket.orderId;
}

/** The return the complaint opened, on the ticket (a replayed request finds it there already). */
export function linkReturn(ticket: Ticket, returnId: string, now: Date): TicketChange {
  if (ticket.returnId === returnId) return {};
  orderToReturnFor(ticket);
  return { next: { ...ticket, returnId, updatedAt: now.toISOString() } };
}

/** CSAT 1–5 with a comment, once, after resolution. */
export function rate(ticket: Ticket, actor: Actor, score: number, comment: string | undefined, now: Date): TicketChange {
  if (ticket.customerId !== actor.sub) throw forbidden('Only the customer who opened a ticket rates it');
  if (ticket.rating) throw conflict('TicketAlreadyRated', `Ticket ${ticket.ticketId} was already rated ${ticket.rating.score}/5`);
  if (ticket.status !== 'RESOLVED' && ticket.status !== 'CLOSED') throw conflict('TicketNotResolved', `Ticket ${ticket.ticketId} is ${ticket.status}: it can be rated once resolved`);
  const next: Ticket = { ...ticket, rating: { score, ...(comment ? { comment } : {}), ratedAt: now.toISOString() }, updatedAt: now.toISOString() };
  const fact: ServiceFact = { kind: 'RATED', ticketId: ticket.ticketId, ...(ticket.assigneeId ? { agentId: ticket.assigneeId } : {}), at: now.toISOString(), score };
  return { next, facts: [fact], events: [ticketRated(next, score)] };
}
