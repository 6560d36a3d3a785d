/**
 * Tickets, their conversations, due moments and metric facts on the single table (keys: docs/data-model.md).
 * A ticket is written whole, conditionally on the version and status it was read at, in one transaction
 * with its new message, its outbox events, its metric facts and the change of its due entries (the small
 * sparse items of GSI3 `TICKETS_DUE` the SLA sweeper reads). No scans: every read is a GetItem or a Query.
 * Handlers import the module as `serviceRepository`; calendar, policies and macros are in
 * service-settings-repository.ts.
 */
import { conflict, found } from '../domain/errors';
import type { DomainEventDraft } from '../domain/events';
import type { TicketChange } from '../domain/service/conversation';
import { dueEntries, type DueEntry, type DueKind, type ServiceSettings } from '../domain/service/due';
import type { ServiceFact } from '../domain/service/metrics';
import type { Ticket, TicketMessage, TicketStatus } from '../domain/service/ticket';
import type { ServiceCalendar } from '../domain/service/business-time';
import { tableName } from './dynamo';
import { outboxPuts, type TransactWriteItem } from './outbox';
import { allPages, tableAccess as table, type PageRequest } from './table-access';

export interface StoredTicket extends Ticket {
  readonly version: number;
}

/** People and the sweeper write a ticket a few times a minute at most: a few reads get a change through. */
const ATTEMPTS = 5;
/** GSI3's sparse partition of due moments (SLA alerts, auto-close), earliest first. */
export const TICKETS_DUE = 'TICKETS_DUE';

const ticketPk = (ticketId: string) => `TICKET#${ticketId}`;
const ticketKey = (ticketId: string) => ({ pk: ticketPk(ticketId), sk: 'TICKET' });
const dueKey = (ticketId: string, kind: DueKind) => ({ pk: ticketPk(ticketId), sk: `DUE#${kind}` });
const ticketsByStatus = (status: TicketStatus) => `TICKETS#${status}`;
const ticketsByCustomer = (customerId: string) => `CUSTOMER_TICKETS#${customerId}`;
const factsOf = (day: string) => `SERVICE_FACTS#${day}`;

const ticketItem = (ticket: StoredTicket) => {
  const sortKey = `${ticket.createdAt}#${ticket.ticketId}`;
  return {
    ...ticketKey(ticket.ticketId),
    entity: 'Ticket',
    gsi1pk: ticketsByStatus(ticket.status),
    gsi1sk: sortKey,
    gsi2pk: ticketsByCustomer(ticket.customerId),
    gsi2sk: sortKey,
    ...ticket,
  };
};

const messagePut = (message: TicketMessage): TransactWriteItem => ({
  Put: {
    TableName: tableName(),
    Item: { pk: ticketPk(message.ticketId), sk: `MESSAGE#${message.at}#${message.messageId}`, entity: 'TicketMessage', ...message },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const factPut = (fact: ServiceFact): TransactWriteItem => ({
  Put: { TableName: tableName(), Item: { pk: factsOf(fact.at.slice(0, 10)), sk: `${fact.at}#${fact.ticketId}#${fact.kind}`, entity: 'ServiceFact', ...fact } },
});

export const duePut = (entry: DueEntry): TransactWriteItem => ({
  Put: {
    TableName: tableName(),
    Item: { ...dueKey(entry.ticketId, entry.kind), entity: 'TicketDue', gsi3pk: TICKETS_DUE, gsi3sk: `${entry.at}#${entry.ticketId}#${entry.kind}`, ...entry },
  },
});

/** The due entries follow the ticket: put when one appears or moves, deleted when it is no longer due. */
function dueChange(before: Ticket | undefined, after: Ticket, calendar: ServiceCalendar, settings: ServiceSettings): TransactWriteItem[] {
  const had = new Map((before ? dueEntries(before, calendar, settings) : []).map((entry) => [entry.kind, entry]));
  const wants = dueEntries(after, calendar, settings);
  const puts = wants.filter((entry) => had.get(entry.kind)?.at !== entry.at || had.get(entry.kind)?.stage !== entry.stage).map(duePut);
  const deletes = [...had.keys()].filter((kind) => !wants.some((entry) => entry.kind === kind)).map((kind) => ({ Delete: { TableName: tableName(), Key: dueKey(after.ticketId, kind) } }));
  return [...puts, ...deletes];
}

/** What the service context needs to write a ticket: the calendar its clocks count by, and its settings. */
export interface ServiceContext {
  readonly calendar: ServiceCalendar;
  readonly settings: ServiceSettings;
  readonly correlationId: string;
}

/** A new ticket, its first message, its `TicketOpened`, its due entries (and its creation guard, `alsoWrite`), together. */
export async function createTicket(
  opened: { ticket: Ticket; message: TicketMessage; events: readonly DomainEventDraft<object>[] },
  context: ServiceContext,
  alsoWrite: readonly TransactWriteItem[] = [],
): Promise<StoredTicket> {
  const stored: StoredTicket = { ...opened.ticket, version: 1 };
  const outcome = await table.write([
    { Put: { TableName: tableName(), Item: ticketItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } },
    messagePut(opened.message),
    ...outboxPuts(opened.events, context.correlationId),
    ...dueChange(undefined, stored, context.calendar, context.settings),
    ...alsoWrite,
  ]);
  if (outcome !== 'written') throw conflict('TicketNotOpened', `Ticket ${stored.ticketId} was not opened: another request with the same key won`);
  return stored;
}

export function getTicket(ticketId: string): Promise<StoredTicket | undefined> {
  return table.getItem<StoredTicket>(ticketKey(ticketId));
}

export async function requireTicket(ticketId: string): Promise<StoredTicket> {
  return found(await getTicket(ticketId), 'Ticket', ticketId);
}

/** The conversation, oldest first (one Query of the ticket's partition, paged through). */
export function messagesOf(ticketId: string): Promise<TicketMessage[]> {
  return allPages((page) => table.queryRange<TicketMessage>(ticketPk(ticketId), 'MESSAGE#', 'MESSAGE#\uffff', page));
}

export interface TicketUpdated {
  readonly read: StoredTicket;
  readonly ticket: StoredTicket;
  readonly change: TicketChange;
}

/**
 * The one way to change a ticket: read it, let `decide` choose (a TicketChange, or a DomainError), write the
 * next ticket conditionally on the version and status read, with the message, events, facts and due entries;
 * re-read and decide again when someone wrote it meanwhile. `'contention'` when it kept changing.
 */
export function updateTicket(ticketId: string, decide: (ticket: StoredTicket) => TicketChange, context: ServiceContext): Promise<TicketUpdated | 'contention'> {
  return table.update<StoredTicket, TicketUpdated>(
    ticketKey(ticketId),
    (read) => {
      const current = found(read, 'Ticket', ticketId);
      const change = decide(current);
      const ticket: StoredTicket = change.next ? { ...change.next, version: current.version + 1 } : current;
      const items: TransactWriteItem[] = [
        ...(change.next ? [table.versionedPut(ticketItem(ticket), current)] : []),
        ...(change.message ? [messagePut(change.message)] : []),
        ...outboxPuts(change.events, context.correlationId),
        ...(change.facts ?? []).map(factPut),
        ...(change.next ? dueChange(current, ticket, context.calendar, context.settings) : []),
      ];
      if (items.length === 0) return { result: { read: current, ticket, change } };
      // A note alone is a lone Put: still conditional on the ticket not having been closed meanwhile.
      const guarded = change.next ? items : [conditionOnStatus(current), ...items];
      return { result: { read: current, ticket, change }, write: guarded };
    },
    { attempts: ATTEMPTS },
  );
}

/** A check that the ticket is still at the version read, for a write that does not rewrite it. */
const conditionOnStatus = (read: StoredTicket): TransactWriteItem => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: ticketKey(read.ticketId),
    ConditionExpression: '#version = :version',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':version': read.version },
  },
});

/** Staff's queue: a status, oldest first. */
export function listByStatus(status: TicketStatus, page: PageRequest) {
  return table.query<StoredTicket>('GSI1', ticketsByStatus(status), page);
}

/** A customer's own tickets, newest first. */
export function listByCustomer(customerId: string, status: TicketStatus | undefined, page: PageRequest) {
  return table.query<StoredTicket>('GSI2', ticketsByCustomer(customerId), page, { newestFirst: true, filters: { status } });
}

/** Due entries up to `now`, earliest first (GSI3's sparse `TICKETS_DUE`): as many reads as entries due, never the open tickets. */
export function dueBy(now: Date, page: PageRequest) {
  return table.query<DueEntry>('GSI3', TICKETS_DUE, page, { sortKeyBetween: ['0', `${now.toISOString()}#\uffff`] });
}

/** Puts a due entry where it belongs now (a sweep that found it early: its calendar or policy moved). */
export async function rescheduleDue(entries: readonly DueEntry[]): Promise<void> {
  if (entries.length > 0) await table.write(entries.map(duePut));
}

/** Removes a due entry that no longer belongs to anything due (its ticket's clock stopped meanwhile). */
export async function dropDue(ticketId: string, kind: DueKind): Promise<void> {
  await table.write([{ Delete: { TableName: tableName(), Key: dueKey(ticketId, kind) } }]);
}

/** The metric facts of a UTC day, paged through. */
export function factsOfDay(day: string): Promise<ServiceFact[]> {
  return allPages((page) => table.queryRange<ServiceFact>(factsOf(day), '0', '~', page), 500);
}
