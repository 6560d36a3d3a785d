/**
 * The service handlers against a mocked table: the sweeper reads only the due partition and raises each alert
 * with the ticket's conditional write, a stale entry is dropped; a customer never gets internal notes nor
 * another's ticket; an unknown order reference writes nothing; a reply, or a note alone, is one guarded transaction.
 */
import { describe, expect, it } from 'vitest';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { handler as sweep } from '../../../functions/service/sweep-tickets';
import { handler as getTicket } from '../../../functions/service/get-ticket';
import { handler as openTicket } from '../../../functions/service/open-ticket';
import { handler as replyToTicket } from '../../../functions/service/reply-to-ticket';
import { newTicket, type Ticket } from '../../../shared/domain/service/ticket';
import { pauseClock } from '../../../shared/domain/service/sla';
import { DEFAULT_SERVICE_CALENDAR } from '../../../shared/domain/service/business-time';
import { context, httpEvent, parse, type Caller } from '../suppliers/support';
import { mockedAws } from '../mocked-aws';

/** Wednesday 2 December 2026, 10:00 UTC (11:00 in Berlin). */
const OPENED = new Date('2026-12-02T10:00:00.000Z');
const NOW = new Date('2026-12-02T10:00:50.000Z');
const { ddb } = mockedAws(NOW);

const TICKET_ID = '01J0000000000000000000000T';
const customer: Caller = { sub: 'cust-1', role: 'customer' };
const agent: Caller = { sub: 'agent-1', role: 'agent' };
const policy = { firstResponseMinutes: 1, resolutionMinutes: 60, hours: 'always' as const };
const ticket = (): Ticket =>
  newTicket(
    { ticketId: TICKET_ID, messageId: '01J0000000000000000000000M', actor: { sub: customer.sub, roles: ['customer'] }, customerId: customer.sub, channel: 'chat', category: 'other', subject: 'Hi', message: 'Hello', priority: 'normal', tags: [] },
    policy,
    OPENED,
  ).ticket;
const row = (stored: Ticket, version = 1) => ({ pk: `TICKET#${stored.ticketId}`, sk: 'TICKET', ...stored, version });
const dueRow = (kind: string, at: string) => ({ pk: `TICKET#${TICKET_ID}`, sk: `DUE#${kind}`, gsi3pk: 'TICKETS_DUE', ticketId: TICKET_ID, kind, stage: 'WARNING', at });

describe('the ticket SLA sweeper', () => {
  it('reads only the due moments up to now and raises the warning with the ticket, its event and its next due moment in one transaction', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { IndexName: 'GSI3' }).resolves({ Items: [dueRow('FIRST_RESPONSE', '2026-12-02T10:00:48.000Z')] });
    ddb.on(GetCommand, { Key: { pk: `TICKET#${TICKET_ID}`, sk: 'TICKET' } }).resolves({ Item: row(ticket(), 3) });
    ddb.on(TransactWriteCommand).resolves({});

    const report = await sweep({ id: 'sweep-1' });

    expect(report).toEqual({ due: 1, alerted: 1, closed: 0, moved: 0, failed: 0 });
    const queries = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries.map((query) => query.IndexName ?? query.ExpressionAttributeValues?.[':pk'])).toEqual(['SERVICE_CONFIG', 'GSI3']);
    expect(queries[1]?.ExpressionAttributeValues).toMatchObject({ ':partition': 'TICKETS_DUE', ':sortTo': `${NOW.toISOString()}#\uffff` });
    const [items] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(items!.map((item) => item.Put?.Item?.detailType ?? item.Put?.Item?.entity)).toEqual(['Ticket', 'TicketSlaWarning', 'TicketDue']);
    expect(items![0]!.Put).toMatchObject({ ConditionExpression: '#version = :version AND #status = :status', ExpressionAttributeValues: { ':version': 3, ':status': 'OPEN' } });
    expect(items![0]!.Put!.Item!.sla.FIRST_RESPONSE.warnedAt).toBe(NOW.toISOString());
    expect(items![2]!.Put!.Item).toMatchObject({ kind: 'FIRST_RESPONSE', stage: 'BREACH', at: '2026-12-02T10:01:00.000Z' });
  });

  it('drops the entry of a clock that stopped meanwhile, writing no alert', async () => {
    const answered = { ...ticket(), status: 'WAITING_ON_CUSTOMER' as const };
    const paused: Ticket = { ...answered, sla: { FIRST_RESPONSE: pauseClock(answered.sla.FIRST_RESPONSE, OPENED, DEFAULT_SERVICE_CALENDAR, true), RESOLUTION: pauseClock(answered.sla.RESOLUTION, OPENED, DEFAULT_SERVICE_CALENDAR) } };
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { IndexName: 'GSI3' }).resolves({ Items: [dueRow('FIRST_RESPONSE', '2026-12-02T10:00:48.000Z')] });
    ddb.on(GetCommand).resolves({ Item: row(paused) });
    ddb.on(DeleteCommand).resolves({});

    expect(await sweep({})).toEqual({ due: 1, alerted: 0, closed: 0, moved: 1, failed: 0 });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key)).toEqual([{ pk: `TICKET#${TICKET_ID}`, sk: 'DUE#FIRST_RESPONSE' }]);
  });
});

describe('reading a ticket', () => {
  const conversation = [
    { pk: `TICKET#${TICKET_ID}`, sk: 'MESSAGE#1', messageId: '01J0000000000000000000000M', ticketId: TICKET_ID, authorId: 'cust-1', authorRole: 'customer', body: 'Hello', internal: false, at: OPENED.toISOString() },
    { pk: `TICKET#${TICKET_ID}`, sk: 'MESSAGE#2', messageId: '01J0000000000000000000000N', ticketId: TICKET_ID, authorId: 'agent-1', authorRole: 'agent', body: 'VIP, be nice', internal: true, at: NOW.toISOString() },
  ];
  const serve = () => {
    ddb.on(GetCommand).resolves({ Item: row(ticket()) });
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `TICKET#${TICKET_ID}`, ':from': 'MESSAGE#', ':to': 'MESSAGE#\uffff' } }).resolves({ Items: conversation });
  };
  const read = (caller: Caller) => getTicket(httpEvent(caller, { method: 'GET', path: `/tickets/${TICKET_ID}`, pathParameters: { id: TICKET_ID } }), context).then(parse);

  it('shows the customer its ticket without internal notes, and staff everything', async () => {
    serve();
    const mine = await read(customer);
    expect(mine.status).toBe(200);
    expect((mine.body.messages as { body: string }[]).map((message) => message.body)).toEqual(['Hello']);
    expect(mine.body.sla).toMatchObject({ firstResponse: { state: 'RUNNING', dueAt: '2026-12-02T10:01:00.000Z', minutesLeft: 0.17 } });
    const staff = await read(agent);
    expect((staff.body.messages as { body: string }[]).map((message) => message.body)).toEqual(['Hello', 'VIP, be nice']);
  });

  it("answers another customer 404, as if it did not exist", async () => {
    serve();
    expect((await read({ sub: 'cust-2', role: 'customer' })).status).toBe(404);
  });
});

describe('opening a ticket', () => {
  it('refuses an order that is not the customer\'s with 422 and writes nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'ORDER#x', sk: 'ORDER', orderId: '01J0000000000000000000000R', customerId: 'someone-else' } });
    ddb.on(QueryCommand).resolves({ Items: [] });
    const response = parse(await openTicket(httpEvent(customer, { method: 'POST', path: '/tickets', body: { channel: 'email', category: 'order-problem', subject: 'Late', message: 'Where?', orderId: '01J0000000000000000000000R' } }), context));
    expect(response).toMatchObject({ status: 422, body: { code: 'UnknownOrder' } });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('replying', () => {
  const reply = (caller: Caller, body: unknown) =>
    replyToTicket(httpEvent(caller, { method: 'POST', path: `/tickets/${TICKET_ID}/replies`, pathParameters: { id: TICKET_ID }, body }), context).then(parse);
  const serve = () => {
    ddb.on(GetCommand).resolves({ Item: row(ticket(), 2) });
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).resolves({});
  };

  it("writes an agent's answer with the ticket, the message, TicketAnswered, the first-response fact and the paused clocks' entries dropped, in one transaction", async () => {
    serve();
    expect((await reply(agent, { message: 'On its way' })).status).toBe(201);
    const [items] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(items!.map((item) => item.Put?.Item?.detailType ?? item.Put?.Item?.entity ?? item.Delete?.Key?.sk)).toEqual(['Ticket', 'TicketMessage', 'TicketAnswered', 'ServiceFact', 'DUE#FIRST_RESPONSE', 'DUE#RESOLUTION']);
    expect(items![0]!.Put!.Item).toMatchObject({ status: 'WAITING_ON_CUSTOMER', assigneeId: 'agent-1', version: 3 });
    expect(items![3]!.Put!.Item).toMatchObject({ pk: 'SERVICE_FACTS#2026-12-02', kind: 'FIRST_RESPONSE', agentId: 'agent-1', met: true });
  });

  it('writes an internal note alone, guarded by the ticket version it read, with no event', async () => {
    serve();
    expect((await reply(agent, { message: 'VIP', internal: true })).status).toBe(201);
    const [items] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(items).toHaveLength(2);
    expect(items![0]!.ConditionCheck).toMatchObject({ Key: { pk: `TICKET#${TICKET_ID}`, sk: 'TICKET' }, ExpressionAttributeValues: { ':version': 2 } });
    expect(items![1]!.Put!.Item).toMatchObject({ entity: 'TicketMessage', internal: true, body: 'VIP' });
  });

  it('refuses a message with a macro too (400) and writes nothing', async () => {
    serve();
    expect((await reply(agent, { message: 'x', macroId: 'order-status' })).status).toBe(400);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
