import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../shared/domain/actor';
import { DEFAULT_SERVICE_CALENDAR } from '../../../shared/domain/service/business-time';
import { changeStatus, linkReturn, orderToReturnFor, rate, reply, updateTicket } from '../../../shared/domain/service/conversation';
import { dueEntries, sweepDue } from '../../../shared/domain/service/due';
import { defaultSlaPolicy, type SlaPolicy } from '../../../shared/domain/service/sla';
import { newTicket, TRANSITIONS, TICKET_STATUSES, type Ticket } from '../../../shared/domain/service/ticket';

const calendar = DEFAULT_SERVICE_CALENDAR;
const settings = { autoCloseDays: 7 };
const customer: Actor = { sub: 'cust-1', roles: ['customer'] };
const other: Actor = { sub: 'cust-2', roles: ['customer'] };
const agent: Actor = { sub: 'agent-1', roles: ['agent'] };
const policy: SlaPolicy = { firstResponseMinutes: 60, resolutionMinutes: 240, hours: 'business' };
const t0 = new Date('2026-12-02T10:00:00.000Z'); // a Wednesday, 11:00 in Berlin
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

const opened = (by: Actor = customer, priority: 'normal' | 'urgent' = 'normal'): Ticket =>
  newTicket(
    { ticketId: 'T1', messageId: 'M1', actor: by, customerId: customer.sub, channel: 'email', category: 'order-problem', subject: 'Where is my parcel?', message: 'Hello', priority, tags: ['parcel', 'parcel'] },
    priority === 'urgent' ? { ...policy, hours: 'always' } : policy,
    t0,
  ).ticket;

const say = (ticket: Ticket, actor: Actor, minutes: number, internal = false) => reply(ticket, { messageId: `M${minutes}`, actor, body: 'text', internal }, later(minutes), calendar);

describe('the ticket status machine', () => {
  it('allows only the documented moves, and nothing out of CLOSED', () => {
    expect(TRANSITIONS.CLOSED).toEqual([]);
    for (const status of TICKET_STATUSES) expect(TRANSITIONS[status]).not.toContain(status);
    expect(TRANSITIONS.RESOLVED).toEqual(['REOPENED', 'CLOSED']);
  });

  it('opens OPEN with both clocks running and the tags de-duplicated', () => {
    const ticket = opened();
    expect(ticket).toMatchObject({ status: 'OPEN', tags: ['parcel'], reopenCount: 0 });
    expect(ticket.sla.FIRST_RESPONSE.runningSince).toBe(t0.toISOString());
    expect(ticket.sla.RESOLUTION.runningSince).toBe(t0.toISOString());
  });

  it('counts a call staff log as answered: first response met, assigned to them', () => {
    const ticket = opened(agent);
    expect(ticket).toMatchObject({ assigneeId: 'agent-1', firstResponseAt: t0.toISOString() });
    expect(ticket.sla.FIRST_RESPONSE.stoppedAt).toBe(t0.toISOString());
  });

  it("an agent's answer is the first response (a fact), assigns the ticket and waits on the customer, pausing resolution", () => {
    const change = say(opened(), agent, 30);
    expect(change.next).toMatchObject({ status: 'WAITING_ON_CUSTOMER', assigneeId: 'agent-1', firstResponseAt: later(30).toISOString() });
    expect(change.next?.sla.RESOLUTION).toMatchObject({ elapsedMs: 30 * 60_000 });
    expect(change.next?.sla.RESOLUTION.runningSince).toBeUndefined();
    expect(change.facts).toEqual([{ kind: 'FIRST_RESPONSE', ticketId: 'T1', agentId: 'agent-1', at: later(30).toISOString(), minutes: 30, met: true }]);
    expect(change.events?.map((event) => event.detailType)).toEqual(['TicketAnswered']);
    // The second answer is no first response.
    const again = say({ ...change.next!, status: 'OPEN' }, agent, 40);
    expect(again.facts).toEqual([]);
  });

  it("the customer's answer resumes the clock (OPEN); on a resolved ticket it reopens it", () => {
    const waiting = say(opened(), agent, 30).next!;
    const back = say(waiting, customer, 90).next!;
    expect(back.status).toBe('OPEN');
    expect(back.sla.RESOLUTION.runningSince).toBe(later(90).toISOString());
    const resolved = changeStatus(back, agent, 'RESOLVED', later(100), calendar).next!;
    const reopened = say(resolved, customer, 200);
    expect(reopened.next).toMatchObject({ status: 'REOPENED', reopenCount: 1 });
    expect(reopened.next?.resolvedAt).toBeUndefined();
    expect(reopened.facts?.[0]).toMatchObject({ kind: 'REOPENED', agentId: 'agent-1' });
    expect(reopened.message?.authorRole).toBe('customer');
  });

  it('an internal note changes nothing but the conversation, and only staff write one', () => {
    const note = say(opened(), agent, 5, true);
    expect(note.next).toBeUndefined();
    expect(note.message).toMatchObject({ internal: true, authorRole: 'agent' });
    expect(() => say(opened(), customer, 5, true)).toThrow(expect.objectContaining({ kind: 'forbidden' }));
  });

  it('refuses a reply on a closed ticket, and invalid status changes', () => {
    const resolved = changeStatus(opened(), agent, 'RESOLVED', later(10), calendar).next!;
    const closed = changeStatus(resolved, agent, 'CLOSED', later(20), calendar).next!;
    expect(() => say(closed, customer, 30)).toThrow(expect.objectContaining({ code: 'TicketClosed' }));
    expect(() => changeStatus(opened(), agent, 'CLOSED', later(5), calendar)).toThrow(expect.objectContaining({ code: 'InvalidStatusChange', kind: 'conflict' }));
    expect(() => changeStatus(opened(), customer, 'CLOSED', later(5), calendar)).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    expect(() => changeStatus(opened(), customer, 'REOPENED', later(5), calendar)).toThrow(expect.objectContaining({ code: 'InvalidStatusChange' }));
  });

  it('resolving records the resolution time and whether it met its target', () => {
    const change = changeStatus(opened(), agent, 'RESOLVED', later(300), calendar);
    expect(change.facts).toEqual([{ kind: 'RESOLVED', ticketId: 'T1', at: later(300).toISOString(), minutes: 300, met: false }]);
    expect(change.next?.sla.RESOLUTION.stoppedAt).toBe(later(300).toISOString());
  });

  it('is rated once, after resolution, by its customer only', () => {
    expect(() => rate(opened(), customer, 5, undefined, later(1))).toThrow(expect.objectContaining({ code: 'TicketNotResolved' }));
    const resolved = changeStatus(say(opened(), agent, 5).next!, agent, 'RESOLVED', later(10), calendar).next!;
    expect(() => rate(resolved, other, 5, undefined, later(11))).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    const rated = rate(resolved, customer, 4, 'quick', later(11));
    expect(rated.next?.rating).toEqual({ score: 4, comment: 'quick', ratedAt: later(11).toISOString() });
    expect(rated.facts?.[0]).toMatchObject({ kind: 'RATED', score: 4, agentId: 'agent-1' });
    expect(() => rate(rated.next!, customer, 1, undefined, later(12))).toThrow(expect.objectContaining({ code: 'TicketAlreadyRated' }));
  });

  it('re-prioritising takes the new targets and keeps the counted time', () => {
    const change = updateTicket(opened(), { priority: 'high', assigneeId: 'agent-2' }, (priority) => defaultSlaPolicy('email', priority), later(1));
    expect(change.next).toMatchObject({ priority: 'high', assigneeId: 'agent-2' });
    expect(change.next?.sla.FIRST_RESPONSE).toMatchObject({ targetMs: 120 * 60_000, runningSince: t0.toISOString(), hours: 'business' });
    const urgent = updateTicket(opened(), { priority: 'urgent' }, (priority) => defaultSlaPolicy('email', priority), later(1));
    expect(urgent.next?.sla.RESOLUTION).toMatchObject({ targetMs: 405 * 60_000, hours: 'always' });
  });
});

describe('due moments and the sweep', () => {
  it('holds the next alert of each running clock, and none while paused', () => {
    expect(dueEntries(opened(), calendar, settings)).toEqual([
      { ticketId: 'T1', kind: 'FIRST_RESPONSE', stage: 'WARNING', at: later(48).toISOString() },
      { ticketId: 'T1', kind: 'RESOLUTION', stage: 'WARNING', at: later(192).toISOString() },
    ]);
    expect(dueEntries(say(opened(), agent, 10).next!, calendar, settings)).toEqual([]);
  });

  it('warns, then breaches, once each; an urgent breach escalates to operators', () => {
    const ticket = opened(customer, 'urgent');
    expect(sweepDue(ticket, 'FIRST_RESPONSE', later(47), calendar, settings)).toEqual({});
    const warned = sweepDue(ticket, 'FIRST_RESPONSE', later(48), calendar, settings);
    expect(warned.events?.map((event) => event.detailType)).toEqual(['TicketSlaWarning']);
    expect(sweepDue(warned.next!, 'FIRST_RESPONSE', later(50), calendar, settings)).toEqual({});
    expect(dueEntries(warned.next!, calendar, settings)[0]).toMatchObject({ kind: 'FIRST_RESPONSE', stage: 'BREACH', at: later(60).toISOString() });
    const breached = sweepDue(warned.next!, 'FIRST_RESPONSE', later(60), calendar, settings);
    expect(breached.events?.map((event) => event.detailType)).toEqual(['TicketSlaBreached', 'TicketEscalated']);
    expect(breached.next?.escalatedAt).toBe(later(60).toISOString());
    expect(sweepDue(breached.next!, 'FIRST_RESPONSE', later(61), calendar, settings)).toEqual({});
    expect(dueEntries(breached.next!, calendar, settings).map((entry) => entry.kind)).toEqual(['RESOLUTION']);
  });

  it('a normal breach does not escalate', () => {
    const warned = sweepDue(opened(), 'FIRST_RESPONSE', later(48), calendar, settings).next!;
    expect(sweepDue(warned, 'FIRST_RESPONSE', later(60), calendar, settings).events?.map((event) => event.detailType)).toEqual(['TicketSlaBreached']);
  });

  it('closes a resolved ticket after the auto-close days, not before', () => {
    const resolved = changeStatus(opened(), agent, 'RESOLVED', later(10), calendar).next!;
    const [entry] = dueEntries(resolved, calendar, settings);
    expect(entry).toMatchObject({ kind: 'AUTO_CLOSE', at: new Date(later(10).getTime() + 7 * 86_400_000).toISOString() });
    expect(sweepDue(resolved, 'AUTO_CLOSE', later(60), calendar, settings)).toEqual({});
    const closed = sweepDue(resolved, 'AUTO_CLOSE', new Date(entry!.at), calendar, settings);
    expect(closed.next).toMatchObject({ status: 'CLOSED', closedAt: entry!.at });
    expect(dueEntries(closed.next!, calendar, settings)).toEqual([]);
  });
});

describe('a return opened from a complaint, in one step', () => {
  const complaint = (overrides: Partial<Ticket> = {}): Ticket => ({ ...opened(), category: 'after-sales-complaint', orderId: 'O-1', ...overrides });

  it.each([
    ['an after-sales complaint about an order', complaint(), 'O-1'],
    ['a question before the sale', complaint({ category: 'pre-sale' }), 'NotAnAfterSalesComplaint'],
    ['a complaint naming no order', complaint({ orderId: undefined }), 'TicketHasNoOrder'],
    ['a complaint that opened a return already', complaint({ returnId: 'R-0' }), 'ReturnAlreadyOpened'],
    ['a closed complaint', complaint({ status: 'CLOSED' }), 'TicketClosed'],
  ])('%s: %s', (_, ticket, expected) => {
    if (expected === 'O-1') expect(orderToReturnFor(ticket)).toBe('O-1');
    else expect(() => orderToReturnFor(ticket)).toThrow(expect.objectContaining({ code: expected }));
  });

  it('links the return on the ticket, and a replay with the same return changes nothing', () => {
    const { next } = linkReturn(complaint(), 'R-1', later(5));
    expect(next).toMatchObject({ returnId: 'R-1', updatedAt: later(5).toISOString() });
    expect(linkReturn(next!, 'R-1', later(6))).toEqual({});
    expect(() => linkReturn(next!, 'R-2', later(6))).toThrow(expect.objectContaining({ code: 'ReturnAlreadyOpened' }));
  });
});
