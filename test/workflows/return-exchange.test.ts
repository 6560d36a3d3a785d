/**
 * Exchanges on the template's ASL (the local cloud, docs/returns.md "Exchanges"): a size swap is received, the
 * return-lifecycle workflow places the replacement through the order checkout at no charge (stock reserved, the
 * quoted carrier, no payment provider), it ships through the order workflow like any order, and a step run again
 * finds that one order; a cheaper variant refunds the difference; a replacement gone out of stock by the receipt
 * falls back to the full refund with an alert; a dearer one is refused at the request, writing nothing. Products
 * with two variants, seeded here.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { workflowProbe, type WorkflowProbe } from '../support/workflow-probe';
import { apparelBody, listingHarness, NORDWIND } from './listing-harness';
import { orderHarness, type OrderHarness } from './order-harness';
import { deliveredOrderOf } from './returns-harness';

let cloud: TestCloud;
let orders: OrderHarness;
let lifecycle: WorkflowProbe;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
  lifecycle = workflowProbe(cloud, 'return-lifecycle');
});
afterAll(async () => {
  await cloud?.stop();
});

/** A live product with two sizes (M, L) at these prices, each with `units` on hand (L as large as `sizeL` says). */
async function twoSizes(priceM: number, priceL: number, units: number, sizeL?: { lengthMm: number; widthMm: number; heightMm: number }): Promise<{ m: string; l: string; productId: string }> {
  const body = apparelBody();
  body.skus[0]!.unitPrice = { amount: priceM, currency: 'EUR' };
  body.skus[1]!.unitPrice = { amount: priceL, currency: 'EUR' };
  if (sizeL) body.skus[1]!.dimensions = sizeL;
  const listing = listingHarness(cloud);
  const { productId } = await listing.list(NORDWIND, body);
  await listing.waitForRevision(productId, 1, 'PUBLISHED');
  for (const { sku } of body.skus) await orders.adjustStock(sku, units, 'RECEIVED');
  return { m: body.skus[0]!.sku, l: body.skus[1]!.sku, productId };
}

/** The execution working on the return. */
const executionOf = (returnId: string): Promise<string> => lifecycle.executionWhere('returnId', returnId);

/**
 * Asks for an exchange of `quantity` × `sku` for `exchangeSku` (the wrong size was sent: the seller's fault, and no
 * quality incident against the demo supplier, whose count other files' returns share), and waits until the workflow
 * waits for the parcel.
 */
async function askExchange(orderId: string, token: string, sku: string, quantity: number, exchangeSku: string) {
  const asked = await cloud.api('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity, exchangeSku }], reason: 'WRONG_ITEM', resolution: { type: 'EXCHANGE' } }, headers: { 'idempotency-key': ulid() } });
  expect(asked.body, asked.text).toMatchObject({ status: 'APPROVED', resolution: { type: 'EXCHANGE' }, lines: [{ sku, quantity, exchange: { sku: exchangeSku } }] });
  const returnId = asked.body.returnId as string;
  const execution = await executionOf(returnId);
  await lifecycle.waitingIn(execution, 'AwaitReturnParcel');
  return { returnId, execution };
}

const receive = async (returnId: string, sku: string, quantity: number) =>
  cloud.api('POST', `/returns/${returnId}/receipt`, { token: await orders.warehouseToken(), body: { lines: [{ sku, quantity, disposition: 'RESTOCK' }] }, headers: { 'idempotency-key': ulid() } });

describe('an exchange for another size at the same price', () => {
  it('places the replacement at no charge through the checkout, ships it through the order workflow, and a step run again places no second order', async () => {
    const token = await orders.customerToken();
    const { m, l } = await twoSizes(8900, 8900, 3);
    const orderId = await deliveredOrderOf(orders, m, 1, token);
    const { returnId, execution } = await askExchange(orderId, token, m, 1, l);

    const received = await receive(returnId, m, 1);
    expect(received.body, received.text).toMatchObject({ status: 'EXCHANGING', exchange: { status: 'PENDING', lines: [{ sku: l, quantity: 1, forSku: m }], difference: { amount: 0 } } });
    const replacementId = received.body.exchange.replacementOrderId as string;

    expect((await lifecycle.finished(execution)).status).toBe('SUCCEEDED');
    expect((await lifecycle.statePath(execution)).slice(-4)).toEqual(['DidTheParcelArrive', 'PlaceReplacementOrder', 'WasTheReplacementPlaced', 'Exchanged']);
    const exchanged = await cloud.api('GET', `/returns/${returnId}`, { token });
    expect(exchanged.body).toMatchObject({ status: 'EXCHANGED', exchange: { replacementOrderId: replacementId, status: 'PLACED' }, nextStep: expect.stringContaining(`replacement order ${replacementId}`) });
    expect(exchanged.body.refund).toBeUndefined();
    await orders.notification('customer-notifications', 'ReturnReplacementPlaced', 'returnId', returnId);

    // The replacement: the customer's, at no charge, its payment settled without the provider, its stock reserved.
    const replacement = await orders.awaitingPacking(replacementId);
    expect(replacement).toMatchObject({ replacementFor: { returnId, orderId }, price: { total: { amount: 0 } }, payment: { status: 'CAPTURED', amount: { amount: 0 } }, stockHold: 'RESERVED' });
    expect(replacement.payment.authorizationId).toBeUndefined();
    const viewed = await cloud.api('GET', `/orders/${replacementId}`, { token });
    expect(viewed.body, viewed.text).toMatchObject({ orderId: replacementId, replacementFor: { returnId, orderId } });
    // It settles the return: its customer cannot cancel it away (409, nothing written).
    const cancelled = await cloud.api('POST', `/orders/${replacementId}/cancel`, { token, body: { reason: 'Changed my mind' } });
    expect(cancelled.status, cancelled.text).toBe(409);
    expect(cancelled.body.code).toBe('ReplacementNotCancellable');
    await orders.notification('customer-notifications', 'OrderPlaced', 'orderId', replacementId);
    // L: 3 received, 1 reserved by the replacement; M: 1 shipped, 1 back on the shelf.
    expect(await orders.readStock(l)).toMatchObject({ onHand: 3, reserved: 1, available: 2 });
    expect(await orders.readStock(m)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });

    // The step again (the return as before it recorded the placement, a new execution): it finds that one order.
    const row = await lifecycle.readRow(`RETURN#${returnId}`, 'RETURN');
    const { exchange } = row as unknown as { exchange: Record<string, unknown> };
    await lifecycle.documents.send(new PutCommand({ TableName: lifecycle.tableName, Item: { ...row, status: 'EXCHANGING', version: Number(row!.version) + 1, exchange: { ...exchange, status: 'PENDING', attempts: 0 } } }));
    const { executionArn } = await lifecycle.sfn.send(new StartExecutionCommand({ stateMachineArn: lifecycle.machine.arn, input: JSON.stringify({ returnId, correlationId: `again-${returnId}` }) }));
    expect((await lifecycle.finished(executionArn!)).status).toBe('SUCCEEDED');
    expect(await lifecycle.statePath(executionArn!)).toEqual(['ReturnTiming', 'WhereIsTheReturn', 'PlaceReplacementOrder', 'WasTheReplacementPlaced', 'Exchanged']);
    expect(await orders.readStock(l)).toMatchObject({ onHand: 3, reserved: 1, available: 2 });
    expect(await orders.readOrder(replacementId)).toMatchObject({ version: replacement.version });

    // It ships like any order: packed, booked, "captured" without the provider, SHIPPED.
    await orders.pack(replacementId);
    const shipped = await orders.waitForStatus(replacementId, 'SHIPPED');
    expect(shipped.payment).toMatchObject({ status: 'CAPTURED', amount: { amount: 0 } });
    expect(shipped.payment.captureId).toBeUndefined();
    expect(await orders.readStock(l)).toMatchObject({ onHand: 2, reserved: 0, available: 2 });

    // Nothing left to place: ops' retry is 409.
    const operator = await cloud.tokenFor('operator', { sub: 'op-olga' });
    const retried = await cloud.api('POST', `/returns/${returnId}/exchange`, { token: operator, headers: { 'idempotency-key': ulid() } });
    expect(retried.status).toBe(409);
    expect(retried.body.code).toBe('NoExchangeOwed');
  });
});

describe('an exchange for a cheaper size', () => {
  it('refunds the difference with the return\'s one key, then the return is EXCHANGED; a dearer size is refused at the request', async () => {
    const token = await orders.customerToken();
    const { m, l } = await twoSizes(8900, 7900, 3);
    const orderId = await deliveredOrderOf(orders, m, 2, token);

    // L costs less: M for L is 2 × 79.00 for 2 × 89.00 paid.
    const { returnId, execution } = await askExchange(orderId, token, m, 2, l);
    expect((await receive(returnId, m, 2)).body).toMatchObject({ status: 'EXCHANGING', exchange: { value: { amount: 15800 }, difference: { amount: 2000 } } });
    expect((await lifecycle.finished(execution)).status).toBe('SUCCEEDED');
    expect((await lifecycle.statePath(execution)).slice(-4)).toEqual(['PlaceReplacementOrder', 'WasTheReplacementPlaced', 'RefundReturn', 'Refunded']);
    const settled = await cloud.api('GET', `/returns/${returnId}`, { token });
    expect(settled.body).toMatchObject({ status: 'EXCHANGED', refund: { total: { amount: 2000 }, replacement: { amount: 15800 }, status: 'REFUNDED', attempts: 1 }, exchange: { status: 'PLACED' } });
    await orders.notification('customer-notifications', 'ReturnRefunded', 'returnId', returnId);
    await orders.awaitingPacking(settled.body.exchange.replacementOrderId);

    // The other way round costs more: an exchange is never charged. Refused, nothing written.
    const other = await deliveredOrderOf(orders, l, 1, token);
    const dearer = await cloud.api('POST', `/orders/${other}/returns`, { token, body: { lines: [{ sku: l, quantity: 1, exchangeSku: m }], reason: 'CHANGED_MIND', resolution: { type: 'EXCHANGE' } }, headers: { 'idempotency-key': ulid() } });
    expect(dearer.status, dearer.text).toBe(422);
    expect(dearer.body).toMatchObject({ code: 'ExchangeCostsMore', errors: [{ field: 'lines.0.exchangeSku', message: expect.stringContaining('an exchange is never charged') }] });
    expect(await lifecycle.readRow(`ORDER_RETURNS#${other}`, 'TALLY')).toBeUndefined();
  });
});

describe('an exchange whose replacement ran out before the parcel arrived', () => {
  it('falls back to the full refund (FallBackToRefund), with an alert to ops and the customer told', async () => {
    const token = await orders.customerToken();
    const { m, l } = await twoSizes(8900, 8900, 2);
    const orderId = await deliveredOrderOf(orders, m, 1, token);
    const { returnId, execution } = await askExchange(orderId, token, m, 1, l);
    // L sells out meanwhile.
    await orders.adjustStock(l, -2, 'LOST');

    expect((await receive(returnId, m, 1)).body).toMatchObject({ status: 'EXCHANGING' });
    expect((await lifecycle.finished(execution)).status).toBe('SUCCEEDED');
    expect((await lifecycle.statePath(execution)).slice(-5)).toEqual(['PlaceReplacementOrder', 'WasTheReplacementPlaced', 'FallBackToRefund', 'RefundReturn', 'Refunded']);
    const refunded = await cloud.api('GET', `/returns/${returnId}`, { token });
    // The whole order came back through the seller's fault: the goods and the shipping, all that was paid (the refund formula).
    const paid = (await orders.readOrder(orderId))!.price.total.amount as number;
    expect(paid).toBeGreaterThan(8900);
    expect(refunded.body).toMatchObject({ status: 'REFUNDED', refund: { goods: { amount: 8900 }, total: { amount: paid }, status: 'REFUNDED' }, exchange: { status: 'FELL_BACK', fellBack: { reason: `${l} out of stock` } } });
    await orders.notification('ops-alerts', 'ReturnExchangeFellBack', 'returnId', returnId);
    await orders.notification('customer-notifications', 'ReturnExchangeFellBack', 'returnId', returnId);
    // No replacement order was written.
    expect(await orders.readOrder(refunded.body.exchange.replacementOrderId)).toBeUndefined();
    expect(await orders.readStock(l)).toMatchObject({ onHand: 0, reserved: 0 });
  });
});

describe('an exchange whose replacement cannot be placed', () => {
  it('is left EXCHANGE_FAILED with an alert to ops after the step fails; ops\' retry places the same order once the cause is fixed', async () => {
    const token = await orders.customerToken();
    // L as listed is a 1.4 m board: no carrier takes it (the catalogue's mistake, which ops then correct).
    const { m, l, productId } = await twoSizes(8900, 8900, 2, { lengthMm: 1400, widthMm: 800, heightMm: 40 });
    const orderId = await deliveredOrderOf(orders, m, 1, token);
    const { returnId, execution } = await askExchange(orderId, token, m, 1, l);

    const received = await receive(returnId, m, 1);
    const replacementId = received.body.exchange.replacementOrderId as string;
    expect((await lifecycle.finished(execution)).status).toBe('SUCCEEDED');
    expect((await lifecycle.statePath(execution)).slice(-3)).toEqual(['PlaceReplacementOrder', 'RecordExchangeFailed', 'ExchangeLeftToOps']);
    const failed = await cloud.api('GET', `/returns/${returnId}`, { token });
    expect(failed.body).toMatchObject({ status: 'EXCHANGE_FAILED', exchange: { status: 'FAILED', failure: expect.stringContaining('exceeds the largest parcel') }, nextStep: expect.stringContaining(`POST /returns/${returnId}/exchange`) });
    await orders.notification('ops-alerts', 'ReturnExchangeFailed', 'returnId', returnId);
    expect(await orders.readOrder(replacementId)).toBeUndefined();

    // Ops retry before fixing it: the same refusal, nothing placed, still EXCHANGE_FAILED.
    const operator = await cloud.tokenFor('operator', { sub: 'op-olga' });
    const early = await cloud.api('POST', `/returns/${returnId}/exchange`, { token: operator, headers: { 'idempotency-key': ulid() } });
    expect(early.status, early.text).toBe(422);
    expect(early.body.code).toBe('ServiceLevelUnavailable');
    expect((await lifecycle.readRow(`RETURN#${returnId}`, 'RETURN'))!.status).toBe('EXCHANGE_FAILED');

    // The catalogue corrected (L's real size, as an operator would fix the data), ops retry: the one replacement order.
    const product = (await lifecycle.readRow(`PRODUCT#${productId}`, 'PRODUCT')) as unknown as { live: { skus: { sku: string; dimensions: unknown }[] } };
    const skus = product.live.skus.map((sku) => (sku.sku === l ? { ...sku, dimensions: { lengthMm: 300, widthMm: 250, heightMm: 40 } } : sku));
    await lifecycle.documents.send(new PutCommand({ TableName: lifecycle.tableName, Item: { ...product, live: { ...product.live, skus } } }));
    const retried = await cloud.api('POST', `/returns/${returnId}/exchange`, { token: operator, headers: { 'idempotency-key': ulid() } });
    expect(retried.body, retried.text).toMatchObject({ status: 'EXCHANGED', exchange: { replacementOrderId: replacementId, status: 'PLACED' } });
    await orders.awaitingPacking(replacementId);
    expect(await orders.readStock(l)).toMatchObject({ onHand: 2, reserved: 1 });
    await orders.notification('customer-notifications', 'ReturnReplacementPlaced', 'returnId', returnId);
  });
});
