/**
 * A customer-service ticket: its statuses and the moves between them, and which of them run, pause or stop
 * the service-level clocks (docs/service.md, "Statuses").
 */
import type { Actor } from '../actor';
import { hasRole } from '../actor';
import { conflict } from '../errors';
import type { ServiceCalendar } from './business-time';
import { pauseClock, resumeClock, startClock, type Channel, type Priority, type SlaClock, type SlaKind, type SlaPolicy } from './sla';

export const TICKET_STATUSES = ['OPEN', 'WAITING_ON_CUSTOMER', 'RESOLVED', 'CLOSED', 'REOPENED'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_CATEGORIES = ['pre-sale', 'order-problem', 'after-sales-complaint', 'other'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

/** Longest message or note, in characters (a longer one is refused, 400). */
export const MAX_MESSAGE_LENGTH = 5_000;

/** The moves a status allows; anything else is 409 `InvalidStatusChange`. */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  OPEN: ['WAITING_ON_CUSTOMER', 'RESOLVED'],
  WAITING_ON_CUSTOMER: ['OPEN', 'RESOLVED'],
  RESOLVED: ['REOPENED', 'CLOSED'],
  REOPENED: ['WAITING_ON_CUSTOMER', 'RESOLVED'],
  CLOSED: [],
};

/** What each status does to a clock: the clock runs while the team owes the customer, pauses while the customer owes the team. */
export const CLOCK_IN_STATUS: Readonly<Record<TicketStatus, 'run' | 'pause' | 'stop'>> = {
  OPEN: 'run',
  REOPENED: 'run',
  WAITING_ON_CUSTOMER: 'pause',
  RESOLVED: 'stop',
  CLOSED: 'stop',
};

export interface TicketRating {
  readonly score: number;
  readonly comment?: string;
  readonly ratedAt: string;
}

export interface Ticket {
  readonly ticketId: string;
  /** The customer's `sub`: who may see it besides staff. */
  readonly customerId: string;
  readonly channel: Channel;
  readonly category: TicketCategory;
  readonly subject: string;
  readonly priority: Priority;
  readonly tags: readonly string[];
  readonly status: TicketStatus;
  readonly assigneeId?: string;
  readonly orderId?: string;
  /** A return's id as the customer gave it (returns are not built yet: kept, not checked). */
  readonly returnId?: string;
  readonly openedBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly firstResponseAt?: string;
  readonly resolvedAt?: string;
  readonly closedAt?: string;
  readonly reopenCount: number;
  readonly rating?: TicketRating;
  /** When an urgent ticket's breach was escalated to operators. */
  readonly escalatedAt?: string;
  readonly sla: Readonly<Record<SlaKind, SlaClock>>;
}

export interface TicketMessage {
  readonly messageId: string;
  readonly ticketId: string;
  readonly authorId: string;
  readonly authorRole: 'customer' | 'agent';
  readonly body: string;
  /** An internal note: staff only, never shown to the customer. */
  readonly internal: boolean;
  readonly at: string;
}

/** Agents and operators answer tickets; customers only write on their own. */
export const isStaff = (actor: Actor): boolean => hasRole(actor, 'agent') || hasRole(actor, 'operator');

export interface OpenTicketInput {
  readonly ticketId: string;
  readonly messageId: string;
  readonly actor: Actor;
  /** Whose ticket: the caller, or the customer a staff member logs it for (a phone call). */
  readonly customerId: string;
  readonly channel: Channel;
  readonly category: TicketCategory;
  readonly subject: string;
  readonly message: string;
  readonly priority: Priority;
  readonly tags: readonly string[];
  readonly orderId?: string;
  readonly returnId?: string;
}

/**
 * A new OPEN ticket with its first message and both clocks running. A ticket staff log (a phone call they
 * took) was answered as it was logged: its first response is met at once.
 */
export function newTicket(input: OpenTicketInput, policy: SlaPolicy, now: Date): { ticket: Ticket; message: TicketMessage } {
  const at = now.toISOString();
  const byStaff = isStaff(input.actor);
  const firstResponse = startClock(policy.firstResponseMinutes, policy.hours, now);
  const ticket: Ticket = {
    ticketId: input.ticketId,
    customerId: input.customerId,
    channel: input.channel,
    category: input.category,
    subject: input.subject,
    priority: input.priority,
    tags: [...new Set(input.tags)],
    status: 'OPEN',
    ...(byStaff ? { assigneeId: input.actor.sub, firstResponseAt: at } : {}),
    ...(input.orderId ? { orderId: input.orderId } : {}),
    ...(input.returnId ? { returnId: input.returnId } : {}),
    openedBy: input.actor.sub,
    createdAt: at,
    updatedAt: at,
    reopenCount: 0,
    sla: {
      FIRST_RESPONSE: byStaff ? { targetMs: firstResponse.targetMs, hours: firstResponse.hours, elapsedMs: 0, stoppedAt: at } : firstResponse,
      RESOLUTION: startClock(policy.resolutionMinutes, policy.hours, now),
    },
  };
  return { ticket: withoutUndefined(ticket), message: messageBy(input.actor, { ticketId: input.ticketId, messageId: input.messageId, body: input.message, internal: false }, now) };
}

/** A message `author` writes on a ticket now: an agent's when staff write it. */
export const messageBy = (author: Actor, message: Pick<TicketMessage, 'ticketId' | 'messageId' | 'body' | 'internal'>, now: Date): TicketMessage => ({
  ...message,
  authorId: author.sub,
  authorRole: isStaff(author) ? 'agent' : 'customer',
  at: now.toISOString(),
});

/** The clocks as `status` wants them: running, paused or stopped (a first response, once stopped, never runs again). */
export function clocksIn(ticket: Ticket, status: TicketStatus, now: Date, calendar: ServiceCalendar): Ticket['sla'] {
  const effect = CLOCK_IN_STATUS[status];
  const apply = (clock: SlaClock, canRestart: boolean): SlaClock => {
    if (effect === 'run') return clock.stoppedAt && !canRestart ? clock : resumeClock(clock, now);
    return pauseClock(clock, now, calendar, effect === 'stop');
  };
  return { FIRST_RESPONSE: apply(ticket.sla.FIRST_RESPONSE, false), RESOLUTION: apply(ticket.sla.RESOLUTION, true) };
}

/** `ticket` moved to `to` with its clocks; 409 for a move its status does not allow. */
export function moveTo(ticket: Ticket, to: TicketStatus, now: Date, calendar: ServiceCalendar): Ticket {
  if (ticket.status === to) return ticket;
  if (!TRANSITIONS[ticket.status].includes(to)) {
    throw conflict('InvalidStatusChange', `A ${ticket.status} ticket cannot become ${to} (allowed: ${TRANSITIONS[ticket.status].join(', ') || 'none'})`);
  }
  return { ...ticket, status: to, updatedAt: now.toISOString(), sla: clocksIn(ticket, to, now, calendar) };
}

/** Items are stored as they are: an absent field is left out rather than written as `undefined`. */
export const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
