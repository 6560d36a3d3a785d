/**
 * Customer service end to end on the shared local cloud, over HTTP with real tokens: a customer opens a chat
 * ticket about its order, an agent makes it urgent under a shortened policy (first response in 6 s, counted
 * around the clock), the ticket-sla-sweeper raises the warning at 80 % and the breach at 100 % — once each,
 * the breach escalated — on ops-alerts; internal notes never reach the customer, another customer cannot see
 * it, a macro fills in the order, the customer rates it once after resolution, reopens it, and the metrics count it.
 * Bad input gets a 4xx that writes nothing.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { orderHarness, type OrderHarness } from '../workflows/order-harness';

let cloud: TestCloud;
let orders: OrderHarness;
let operator: string;
let agent: string;
const agentSub = `agent-${ulid().toLowerCase()}`;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
  operator = await cloud.tokenFor('operator');
  agent = await cloud.tokenFor('agent', { sub: agentSub });
  // The shortened policy: 6 s to a first answer, every hour counts (so the test runs at any time of day).
  for (const priority of ['normal', 'urgent']) {
    const put = await cloud.api('PUT', `/tickets/sla-policies/chat/${priority}`, { token: operator, body: { firstResponseMinutes: 0.1, resolutionMinutes: 60, hours: 'always' }, headers: { 'idempotency-key': ulid() } });
    expect(put.status, put.text).toBe(200);
  }
});

const send = (method: string, path: string, token: string, body?: unknown) => cloud.api(method, path, { token, body, headers: { 'idempotency-key': ulid() } });
const sleepUntil = (iso: string) => new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(iso) - Date.now()) + 100));
const alertsAbout = (ticketId: string) =>
  cloud
    .snsMessages('ops-alerts')
    .map((record) => JSON.parse(record.message) as { type: string; detail: { ticketId?: string; notify?: string[] } })
    .filter((message) => message.detail.ticketId === ticketId);
const countOf = (ticketId: string, type: string) => alertsAbout(ticketId).filter((message) => message.type === type).length;

describe('a ticket through its SLA', () => {
  it('warns at 80 %, breaches at 100 % and escalates once each; keeps notes internal; is answered, resolved, rated once and reopened', async () => {
    const customerSub = `customer-${ulid().toLowerCase()}`;
    const customer = await orders.customerToken(customerSub);
    const sku = await orders.stockedSku(5);
    const orderId = await orders.placed([{ sku, quantity: 1 }], { token: customer });

    const opened = await send('POST', '/tickets', customer, { channel: 'chat', category: 'order-problem', subject: 'Where is my parcel?', message: 'It has not arrived.', orderId });
    expect(opened.status, opened.text).toBe(201);
    const ticketId = opened.body.ticketId as string;
    expect(opened.body).toMatchObject({ status: 'OPEN', customerId: customerSub, order: { orderId }, sla: { firstResponse: { state: 'RUNNING', targetMinutes: 0.1 } } });

    const urgent = await send('PATCH', `/tickets/${ticketId}`, agent, { priority: 'urgent', assigneeId: agentSub, tags: ['late-parcel'] });
    expect(urgent.status, urgent.text).toBe(200);
    const dueAt = urgent.body.sla.firstResponse.dueAt as string;
    const warnAt = new Date(Date.parse(dueAt) - 0.2 * 6_000).toISOString();

    // 80 %: the warning, to ops-alerts and the assigned agent, once however often the sweeper runs.
    await sleepUntil(warnAt);
    await cloud.fireSchedule('ticket-sla-sweeper');
    const warning = await cloud.waitFor(() => alertsAbout(ticketId).find((message) => message.type === 'TicketSlaWarning'), { timeoutMs: 15_000, message: 'TicketSlaWarning on ops-alerts' });
    expect(warning.detail.notify).toEqual([agentSub]);
    expect(countOf(ticketId, 'TicketSlaBreached')).toBe(0);

    // 100 %: the breach, and the urgent ticket escalated to operators, once.
    await sleepUntil(dueAt);
    await cloud.fireSchedule('ticket-sla-sweeper');
    await cloud.waitFor(() => (countOf(ticketId, 'TicketEscalated') > 0 ? true : undefined), { timeoutMs: 15_000, message: 'TicketEscalated on ops-alerts' });
    await cloud.fireSchedule('ticket-sla-sweeper');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect([countOf(ticketId, 'TicketSlaWarning'), countOf(ticketId, 'TicketSlaBreached'), countOf(ticketId, 'TicketEscalated')]).toEqual([1, 1, 1]);

    // An internal note: staff see it, the customer never does; another customer cannot see the ticket at all.
    expect((await send('POST', `/tickets/${ticketId}/replies`, agent, { message: 'Carrier says depot delay', internal: true })).status).toBe(201);
    const asCustomer = await cloud.api('GET', `/tickets/${ticketId}`, { token: customer });
    expect(asCustomer.status).toBe(200);
    expect(asCustomer.text).not.toContain('depot delay');
    expect(asCustomer.body.sla.firstResponse).toMatchObject({ state: 'BREACHED', breached: true });
    expect((await cloud.api('GET', `/tickets/${ticketId}`, { token: agent })).text).toContain('depot delay');
    expect((await cloud.api('GET', `/tickets/${ticketId}`, { token: await orders.customerToken() })).status).toBe(404);
    expect((await send('POST', `/tickets/${ticketId}/replies`, customer, { message: 'sneaky', internal: true })).status).toBe(403);

    // A macro answers with the order filled in; the ticket now waits on the customer (its resolution clock paused).
    const macro = await send('PUT', '/tickets/macros/order-status', operator, { title: 'Order status', body: 'Your order {{order.id}} is {{order.status}}.' });
    expect(macro.status, macro.text).toBe(200);
    const answered = await send('POST', `/tickets/${ticketId}/replies`, agent, { macroId: 'order-status' });
    expect(answered.status, answered.text).toBe(201);
    expect(answered.body).toMatchObject({ status: 'WAITING_ON_CUSTOMER', sla: { resolution: { state: 'PAUSED', paused: true } } });
    expect(answered.body.messages.at(-1).body).toMatch(new RegExp(`^Your order ${orderId} is [A-Z_]+\\.$`));

    // Rated once, and only after resolution.
    expect((await send('POST', `/tickets/${ticketId}/rating`, customer, { score: 5 })).status).toBe(409);
    expect((await send('POST', `/tickets/${ticketId}/status`, agent, { status: 'RESOLVED' })).body.status).toBe('RESOLVED');
    const rated = await send('POST', `/tickets/${ticketId}/rating`, customer, { score: 5, comment: 'Fast once it moved' });
    expect(rated.status, rated.text).toBe(200);
    expect(rated.body.rating).toMatchObject({ score: 5, comment: 'Fast once it moved' });
    expect((await send('POST', `/tickets/${ticketId}/rating`, customer, { score: 1 })).status).toBe(409);

    // The customer writes again: reopened, its resolution clock running again; resolved a second time.
    const reopened = await send('POST', `/tickets/${ticketId}/replies`, customer, { message: 'It arrived broken' });
    expect(reopened.body).toMatchObject({ status: 'REOPENED', reopenCount: 1, sla: { resolution: { state: 'RUNNING' } } });
    expect((await send('POST', `/tickets/${ticketId}/status`, agent, { status: 'RESOLVED' })).body.status).toBe('RESOLVED');

    const today = new Date().toISOString().slice(0, 10);
    const metrics = await cloud.api('GET', `/tickets/metrics?from=${today}&to=${today}`, { token: agent });
    expect(metrics.status, metrics.text).toBe(200);
    const mine = (metrics.body.agents as { agentId: string; metrics: Record<string, unknown> }[]).find((row) => row.agentId === agentSub);
    // First response breached, both resolutions in time: 2 of 3 clocks met; one reopen in two resolutions.
    expect(mine?.metrics).toMatchObject({ firstResponses: 1, resolutions: 2, ratings: 1, csatAverage: 5, slaAttainment: 0.667, reopenRate: 0.5 });

    // Closed: no more replies.
    expect((await send('POST', `/tickets/${ticketId}/status`, agent, { status: 'CLOSED' })).status).toBe(200);
    const late = await send('POST', `/tickets/${ticketId}/replies`, customer, { message: 'one more thing' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TicketClosed');
  });

  it('lets an agent log a phone call for a customer: answered as logged, in the customer\'s own list', async () => {
    const customerSub = `customer-${ulid().toLowerCase()}`;
    const logged = await send('POST', '/tickets', agent, { channel: 'phone', category: 'pre-sale', subject: 'Gift wrapping?', message: 'Asked whether we gift-wrap; told yes.', customerId: customerSub, priority: 'low' });
    expect(logged.status, logged.text).toBe(201);
    expect(logged.body).toMatchObject({ customerId: customerSub, priority: 'low', assigneeId: agentSub, sla: { firstResponse: { state: 'MET', met: true } } });
    const theirs = await cloud.api('GET', '/tickets', { token: await orders.customerToken(customerSub) });
    expect(theirs.body.items.map((item: { ticketId: string }) => item.ticketId)).toEqual([logged.body.ticketId]);
    expect((await send('POST', '/tickets', agent, { channel: 'phone', category: 'other', subject: 'x', message: 'y' })).status).toBe(400);
  });

  it('refuses bad input with a 4xx that writes nothing', async () => {
    const customerSub = `customer-${ulid().toLowerCase()}`;
    const customer = await orders.customerToken(customerSub);
    const mine = async () => (await cloud.api('GET', '/tickets', { token: customer })).body.items as unknown[];

    const unknownOrder = await send('POST', '/tickets', customer, { channel: 'email', category: 'order-problem', subject: 'Hi', message: 'x', orderId: ulid() });
    expect(unknownOrder.status).toBe(422);
    expect(unknownOrder.body.code).toBe('UnknownOrder');
    const tooLong = await send('POST', '/tickets', customer, { channel: 'email', category: 'other', subject: 'Hi', message: 'x'.repeat(5_001) });
    expect(tooLong.status).toBe(400);
    expect(await mine()).toEqual([]);

    const opened = await send('POST', '/tickets', customer, { channel: 'web', category: 'pre-sale', subject: 'Sizes?', message: 'Does it run small?' });
    expect(opened.status, opened.text).toBe(201);
    const ticketId = opened.body.ticketId as string;
    const invalid = await send('POST', `/tickets/${ticketId}/status`, agent, { status: 'CLOSED' });
    expect(invalid.status).toBe(409);
    expect(invalid.body.code).toBe('InvalidStatusChange');
    expect((await send('POST', `/tickets/${ticketId}/status`, customer, { status: 'CLOSED' })).status).toBe(403);
    const after = await cloud.api('GET', `/tickets/${ticketId}`, { token: customer });
    expect(after.body).toMatchObject({ status: 'OPEN', updatedAt: opened.body.updatedAt });
    expect(after.body.messages).toHaveLength(1);
    expect(await mine()).toHaveLength(1);
  });
});
