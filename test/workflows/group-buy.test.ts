/**
 * 团购 on THE TEMPLATE'S ASL: the `group-buy` workflow (one execution per group) and the members' own
 * `order-fulfilment` executions, as the local cloud reads them from the synthesized app, with the real
 * handlers on DynamoDB Local, over HTTP with real JWTs. A group that fills (its orders go to the warehouse,
 * ship and capture once), one whose time runs out (every order cancelled through the order's cancel: stock
 * released, authorization voided, customers told, promotion uses given back), one whose leader cancels (the
 * group goes on), bad joins that write nothing, and 100 customers joining one group at once.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { WORKFLOW_WAIT, workflowProbe, type WorkflowProbe } from '../support/workflow-probe';
import { BERLIN, CARDS, orderHarness, type OrderHarness } from './order-harness';

let cloud: TestCloud;
let orders: OrderHarness;
let groups: WorkflowProbe;
let operator: string;
const ended: string[] = [];

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
  groups = workflowProbe(cloud, 'group-buy');
  operator = await cloud.tokenFor('operator', { sub: 'op-group-buy' });
});
afterAll(async () => {
  await Promise.all(ended.map((id) => cloud.api('POST', `/promotions/${id}/status`, { token: operator, body: { status: 'ENDED' }, headers: { 'idempotency-key': ulid() } })));
  await cloud?.stop();
});

/** A live group buy of `sku` at 59.00 (its catalogue price is 89.00). */
async function groupBuy(sku: string, minParticipants: number): Promise<string> {
  const created = await cloud.api('POST', '/promotions', {
    token: operator,
    body: { name: `Group of ${minParticipants}`, currency: 'EUR', startsAt: '2020-01-01T00:00:00Z', endsAt: '2099-01-01T00:00', benefit: { type: 'GROUP_BUY', prices: [{ sku, price: 5900 }], minParticipants, timeLimitHours: 24, perCustomerUnits: 2 } },
    headers: { 'idempotency-key': ulid() },
  });
  if (created.status !== 201) throw new Error(`creating the group buy answered ${created.status}: ${created.text}`);
  ended.push(created.body.promotionId);
  return created.body.promotionId as string;
}

/** POST /promotions/{id}/join; pushed back (429) or asked to retry (503), the same request again with the same key. */
async function join(promotionId: string, sku: string, options: { token?: string; groupId?: string; quantity?: number; key?: string; card?: string } = {}) {
  const request = {
    token: options.token ?? (await orders.customerToken()),
    body: { ...(options.groupId ? { groupId: options.groupId } : {}), lines: [{ sku, quantity: options.quantity ?? 1 }], shippingAddress: BERLIN, serviceLevel: 'STANDARD', paymentMethod: options.card ?? CARDS.approve },
    headers: { 'idempotency-key': options.key ?? ulid() },
  };
  for (let attempt = 1; ; attempt++) {
    const response = await cloud.api('POST', `/promotions/${promotionId}/join`, request);
    if ((response.status !== 429 && response.status !== 503) || attempt >= 40) return response;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000 * Math.random()));
  }
}

const readGroup = (groupId: string) => groups.readRow(`GROUP#${groupId}`, 'GROUP') as Promise<Record<string, any> | undefined>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The group's execution (found by its input, as `npm run advance -- <groupId>` finds it). */
const executionOf = (groupId: string): Promise<string> => groups.executionWhere('groupId', groupId);

const waitForOrder = (orderId: string, check: (order: Record<string, any>) => boolean, what: string) => // eslint-disable-line @typescript-eslint/no-explicit-any
  cloud.waitFor(async () => {
    const order = await orders.readOrder(orderId);
    return order && check(order) ? order : undefined;
  }, { ...WORKFLOW_WAIT, message: `order ${orderId} ${what}` });

describe('group buying (团购)', () => {
  it('fills: the leader and two members wait AWAITING_GROUP (the warehouse cannot pack them), then all go to the warehouse; one ships and is captured once', async () => {
    const sku = await orders.stockedSku(10);
    const promotionId = await groupBuy(sku, 3);

    const leader = await join(promotionId, sku, { quantity: 2 });
    expect(leader.status, leader.text).toBe(201);
    expect(leader.body.group).toMatchObject({ promotionId, status: 'OPEN', members: 1, accepted: 1, minParticipants: 3 });
    // At the group price, authorized, not captured; waiting for the group.
    expect(leader.body.order).toMatchObject({ status: 'AWAITING_GROUP', payment: { status: 'AUTHORIZED' }, groupBuy: { promotionId, groupId: leader.body.group.groupId } });
    expect(leader.body.order.price).toMatchObject({ subtotal: { amount: 17800 }, discountTotal: { amount: 6000 } });
    expect(leader.body.order.price.promotions.applied[0].explanation).toBe('Group buy: 2 units at the group price: you saved 60.00');
    const groupId = leader.body.group.groupId as string;
    const leaderOrder = leader.body.order.orderId as string;
    const executionArn = await executionOf(groupId);
    await waitForOrder(leaderOrder, (order) => order.packingToken !== undefined, 'to wait in its packing wait');
    expect((await orders.pack(leaderOrder)).status).toBe(409);
    // A plain quote of the same SKU never gets the group price.
    const plain = await cloud.api('POST', '/orders/quote', { token: await orders.customerToken(), body: { lines: [{ sku, quantity: 1 }], destination: BERLIN } });
    expect(plain.body.price.total.amount - plain.body.price.shipping.amount).toBe(8900);

    const second = await join(promotionId, sku, { groupId });
    expect(second.status, second.text).toBe(201);
    expect(second.body.group).toMatchObject({ status: 'OPEN', members: 2, accepted: 2 });
    const third = await join(promotionId, sku, { groupId });
    expect(third.status, third.text).toBe(201);
    expect(third.body.group).toMatchObject({ status: 'FILLED', members: 3, accepted: 3 });

    const members = [leaderOrder, second.body.order.orderId, third.body.order.orderId] as string[];
    for (const orderId of members) await orders.awaitingPacking(orderId);
    expect((await orders.finished(executionArn)).status).toBe('SUCCEEDED');
    expect(await groups.statePath(executionArn)).toEqual(['WaitForGroupFilled', 'ReleaseMemberOrders', 'GroupFilled']);
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 10, reserved: 4, available: 6 });
    const told = await orders.notification('customer-notifications', 'GroupFilled', 'groupId', groupId);
    expect(told.summary).toBe('Your group for Group of 3 is complete (3 of 3): your order goes to the warehouse now.');

    expect((await orders.pack(leaderOrder)).status).toBe(202);
    const shipped = await orders.waitForStatus(leaderOrder, 'SHIPPED');
    expect(shipped.payment).toMatchObject({ status: 'CAPTURED', captureId: expect.any(String), amount: { amount: shipped.price.total.amount } });
    expect(await orders.childRuns(leaderOrder, 'order-shipping')).toEqual([['CreateShipment', 'CapturePayment', 'MarkShipped']]);
    // Full now: a fourth customer is refused, and nothing is written for it.
    const fourth = await orders.customerToken();
    const late = await join(promotionId, sku, { groupId, token: fourth });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'GroupFull' });
    expect((await cloud.api('GET', '/orders', { token: fourth })).body.items).toEqual([]);
  });

  it('expires: the time limit passes first, so every member order is cancelled — stock released, authorization voided, customers told, promotion uses given back', async () => {
    const sku = await orders.stockedSku(5);
    const promotionId = await groupBuy(sku, 3);
    const leader = await join(promotionId, sku);
    expect(leader.status, leader.text).toBe(201);
    const groupId = leader.body.group.groupId as string;
    const member = await join(promotionId, sku, { groupId });
    expect(member.status, member.text).toBe(201);
    const members = [leader.body.order.orderId, member.body.order.orderId] as string[];
    for (const orderId of members) await waitForOrder(orderId, (order) => order.packingToken !== undefined, 'to wait in its packing wait');
    expect((await cloud.api('GET', `/promotions/${promotionId}`, { token: operator })).body.usage).toMatchObject({ uses: 2 });

    const executionArn = await executionOf(groupId);
    await groups.advance(groupId, 'WaitForGroupFilled');
    expect((await orders.finished(executionArn)).status).toBe('SUCCEEDED');
    expect(await groups.statePath(executionArn)).toEqual(['WaitForGroupFilled', 'CloseGroupAtDeadline', 'FilledByDeadline', 'CancelMemberOrdersOnExpiry', 'AnyMemberStillCheckingOut', 'GroupExpired']);
    expect(await readGroup(groupId)).toMatchObject({ status: 'EXPIRED', expiredAt: expect.any(String) });

    for (const orderId of members) {
      const cancelled = await waitForOrder(orderId, (order) => order.stockHold === 'RELEASED' && order.payment.status === 'VOIDED', 'to be released and voided');
      expect(cancelled.status).toBe('CANCELLED');
      expect(cancelled.timeline.at(-1)).toMatchObject({ status: 'CANCELLED', reason: 'GROUP_EXPIRED' });
      expect((await orders.notification('customer-notifications', 'OrderCancelled', 'orderId', orderId)).summary).toContain('nothing will be charged');
      expect(await orders.statePath(await orders.executionOf(orderId))).toEqual(['AwaitPacking', 'ReleaseStockOnCancel', 'VoidPaymentOnCancel', 'OrderCancelled']);
    }
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    await orders.notification('customer-notifications', 'GroupExpired', 'groupId', groupId);
    await cloud.waitFor(async () => ((await cloud.api('GET', `/promotions/${promotionId}`, { token: operator })).body.usage.uses === 0 ? true : undefined), { ...WORKFLOW_WAIT, message: 'the cancelled orders to give their uses back' });
    const closed = await join(promotionId, sku, { groupId });
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ code: 'GroupClosed' });
  });

  it('the leader cancels: its place comes back and the group goes on to fill with others', async () => {
    const sku = await orders.stockedSku(5);
    const promotionId = await groupBuy(sku, 2);
    const leaderToken = await orders.customerToken();
    const leader = await join(promotionId, sku, { token: leaderToken });
    const groupId = leader.body.group.groupId as string;
    const leaderOrder = leader.body.order.orderId as string;
    await waitForOrder(leaderOrder, (order) => order.packingToken !== undefined, 'to wait in its packing wait');

    const cancelled = await cloud.api('POST', `/orders/${leaderOrder}/cancel`, { token: leaderToken, body: {}, headers: { 'idempotency-key': ulid() } });
    expect(cancelled.status, cancelled.text).toBe(202);
    expect(await readGroup(groupId)).toMatchObject({ status: 'OPEN', members: 0, accepted: 0 });
    expect(await groups.readRow(`GROUP#${groupId}`, `MEMBER#${leader.body.order.customerId}`)).toBeUndefined();

    const b = await join(promotionId, sku, { groupId });
    const c = await join(promotionId, sku, { groupId });
    expect([b.status, c.status]).toEqual([201, 201]);
    expect(c.body.group).toMatchObject({ status: 'FILLED', members: 2, accepted: 2 });
    for (const orderId of [b.body.order.orderId, c.body.order.orderId]) await orders.awaitingPacking(orderId);
    const leaderAfter = await waitForOrder(leaderOrder, (order) => order.payment.status === 'VOIDED', 'to be voided');
    expect(leaderAfter).toMatchObject({ status: 'CANCELLED', stockHold: 'RELEASED' });
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
    expect((await orders.finished(await executionOf(groupId))).status).toBe('SUCCEEDED');
  });

  it('refuses bad joins with a 4xx that writes nothing', async () => {
    const sku = await orders.stockedSku(5);
    const promotionId = await groupBuy(sku, 3);
    const token = await orders.customerToken();
    const leader = await join(promotionId, sku, { token });
    const groupId = leader.body.group.groupId as string;
    const before = await orders.readStock(sku);

    // A declined payment rejects the order and gives its place back in the same write.
    const declinedSub = `customer-${ulid().toLowerCase()}`;
    const declinedToken = await orders.customerToken(declinedSub);
    const declined = await join(promotionId, sku, { token: declinedToken, groupId, card: CARDS.decline });
    expect(declined.status).toBe(402);
    expect(await readGroup(groupId)).toMatchObject({ members: 1, accepted: 1 });
    expect(await orders.readOrder(declined.body.orderId)).toMatchObject({ status: 'REJECTED', stockHold: 'RELEASED', customerId: declinedSub });
    expect(await groups.readRow(`GROUP#${groupId}`, `MEMBER#${declinedSub}`)).toBeUndefined();
    const twice = await join(promotionId, sku, { token, groupId });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'AlreadyInGroup', groupId });
    const other = await orders.stockedSku(5);
    const stranger = await orders.customerToken();
    const noGroupSku = await join(promotionId, other, { token: stranger, groupId });
    expect(noGroupSku.status).toBe(422);
    expect(noGroupSku.body).toMatchObject({ code: 'NoGroupPrice' });
    const unknown = await join(promotionId, sku, { token: stranger, groupId: ulid() });
    expect(unknown.status).toBe(404);
    const plain = await cloud.api('POST', '/promotions', { token: operator, body: { name: 'Not a group', currency: 'EUR', startsAt: '2020-01-01T00:00:00Z', endsAt: '2099-01-01T00:00', benefit: { type: 'PERCENT_OFF', percent: 10, target: { kind: 'SKU', ids: [other] } } }, headers: { 'idempotency-key': ulid() } });
    ended.push(plain.body.promotionId);
    const notGroup = await join(plain.body.promotionId, other, { token: stranger });
    expect(notGroup.status).toBe(409);
    expect(notGroup.body).toMatchObject({ code: 'NotAGroupBuy' });
    const tooLong = await cloud.api('POST', '/promotions', { token: operator, body: { name: 'Slow group', currency: 'EUR', startsAt: '2020-01-01T00:00:00Z', endsAt: '2099-01-01T00:00', benefit: { type: 'GROUP_BUY', prices: [{ sku, price: 5900 }], minParticipants: 1, timeLimitHours: 48 } }, headers: { 'idempotency-key': ulid() } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['benefit.minParticipants', 'benefit.timeLimitHours']);

    expect(await orders.readStock(sku)).toMatchObject({ reserved: before!.reserved, available: before!.available });
    expect(await readGroup(groupId)).toMatchObject({ members: 1, accepted: 1, status: 'OPEN' });
    expect((await cloud.api('GET', '/orders', { token: stranger })).body.items).toEqual([]);
  });

  it('100 customers join one group at once: exactly its places are taken, every taken order goes on once, the others get 409 and no order', async () => {
    const sku = await orders.stockedSku(200);
    const promotionId = await groupBuy(sku, 60);
    const leader = await join(promotionId, sku);
    expect(leader.status, leader.text).toBe(201);
    const groupId = leader.body.group.groupId as string;

    const customers = await Promise.all(Array.from({ length: 100 }, () => orders.customerToken()));
    const answers = await Promise.all(customers.map((token) => join(promotionId, sku, { token, groupId })));
    const taken = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(taken).toHaveLength(59);
    expect(new Set(refused.map((answer) => `${answer.status} ${answer.body.code}`))).toEqual(new Set(['409 GroupFull']));

    expect(await readGroup(groupId)).toMatchObject({ status: 'FILLED', members: 60, accepted: 60 });
    const { Items: places = [] } = await groups.documents.send(new QueryCommand({ TableName: groups.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)', ExpressionAttributeValues: { ':pk': `GROUP#${groupId}`, ':member': 'MEMBER#' } }));
    const memberOrders = [leader.body.order.orderId, ...taken.map((answer) => answer.body.order.orderId)] as string[];
    expect(places.map((row) => row.orderId).sort()).toEqual([...memberOrders].sort());
    // Each taken order goes to the warehouse, authorized once and not captured; 60 units reserved, no more.
    for (const orderId of memberOrders) {
      const order = await orders.awaitingPacking(orderId);
      expect(order.payment).toMatchObject({ status: 'AUTHORIZED', idempotencyKey: `payment-${orderId}` });
      expect(order.payment.captureId).toBeUndefined();
    }
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 200, reserved: 60, available: 140 });
    expect((await orders.finished(await executionOf(groupId))).status).toBe('SUCCEEDED');
    expect(orders.notificationsNow('customer-notifications', 'GroupFilled', 'groupId', groupId)).toHaveLength(1);
    // A refused customer has no order.
    const refusedCustomers = customers.filter((_, index) => answers[index]!.status !== 201);
    for (const token of refusedCustomers.slice(0, 10)) expect((await cloud.api('GET', '/orders', { token })).body.items).toEqual([]);
  }, 600_000);
});
