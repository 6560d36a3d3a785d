/**
 * The due moments of a ticket, as the sweeper's sparse index holds them: the next SLA alert of each running
 * clock (warning at 80 %, then breach at 100 %) and the auto-close of a resolved ticket. A ticket with
 * nothing due has no entry, so a sweep reads what is due, never what is open.
 */
import { isPositive, numberSetting, type Environment } from '../settings';
import type { ServiceCalendar } from './business-time';
import { close, type TicketChange } from './conversation';
import { ticketEscalated, ticketSlaBreached, ticketSlaWarning } from './events';
import { dueAt, nextAlert, raiseDue, SLA_KINDS, type SlaKind } from './sla';
import type { Ticket } from './ticket';

export type DueKind = SlaKind | 'AUTO_CLOSE';
export const DUE_KINDS: readonly DueKind[] = [...SLA_KINDS, 'AUTO_CLOSE'];

export interface DueEntry {
  readonly ticketId: string;
  readonly kind: DueKind;
  readonly stage: 'WARNING' | 'BREACH' | 'CLOSE';
  /** ISO instant it falls due. */
  readonly at: string;
}

export interface ServiceSettings {
  /** Days a RESOLVED ticket stays open to a reopen before it closes itself. */
  readonly autoCloseDays: number;
}

export const serviceSettingsFrom = (env: Environment): ServiceSettings => ({
  autoCloseDays: numberSetting(env.TICKET_AUTO_CLOSE_DAYS, 7, isPositive),
});

const DAY_MS = 86_400_000;

/** Every entry the ticket should have now. */
export function dueEntries(ticket: Ticket, calendar: ServiceCalendar, settings: ServiceSettings): DueEntry[] {
  const entries: DueEntry[] = [];
  for (const kind of SLA_KINDS) {
    const next = nextAlert(ticket.sla[kind], calendar);
    if (next) entries.push({ ticketId: ticket.ticketId, kind, stage: next.stage, at: next.at.toISOString() });
  }
  if (ticket.status === 'RESOLVED' && ticket.resolvedAt) {
    entries.push({ ticketId: ticket.ticketId, kind: 'AUTO_CLOSE', stage: 'CLOSE', at: new Date(Date.parse(ticket.resolvedAt) + settings.autoCloseDays * DAY_MS).toISOString() });
  }
  return entries;
}

/**
 * What the sweeper does with a due entry of `kind` at `now`: raise the clock's warning or breach (once: the
 * ticket records it, and its conditional write guards it), escalate an urgent breach to operators, or close a
 * ticket resolved long enough ago. Nothing when it is not (or no longer) due.
 */
export function sweepDue(ticket: Ticket, kind: DueKind, now: Date, calendar: ServiceCalendar, settings: ServiceSettings): TicketChange {
  if (kind === 'AUTO_CLOSE') {
    const due = ticket.status === 'RESOLVED' && ticket.resolvedAt && Date.parse(ticket.resolvedAt) + settings.autoCloseDays * DAY_MS <= now.getTime();
    return due ? close(ticket, 'system', now, calendar) : {};
  }
  const raised = raiseDue(ticket.sla[kind], now, calendar);
  if (!raised) return {};
  const due = dueAt(ticket.sla[kind], calendar)?.toISOString() ?? now.toISOString();
  const escalate = raised.stage === 'BREACH' && ticket.priority === 'urgent' && !ticket.escalatedAt;
  const next: Ticket = {
    ...ticket,
    sla: { ...ticket.sla, [kind]: raised.clock },
    ...(escalate ? { escalatedAt: now.toISOString() } : {}),
    updatedAt: now.toISOString(),
  };
  const events = raised.stage === 'WARNING'
    ? [ticketSlaWarning(next, kind, due)]
    : [ticketSlaBreached(next, kind, due), ...(escalate ? [ticketEscalated(next, kind)] : [])];
  return { next, events };
}
