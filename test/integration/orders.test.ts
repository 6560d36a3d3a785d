/**
 * Orders end to end over real HTTP with real JWTs on the local cloud (demo suppliers, categories,
 * carriers and warehouses seeded): quote, place, pack, signed carrier webhooks to delivery with the
 * customer told at every step; replays; bad input that writes nothing. (200 customers racing for
 * 50 units: orders-exactly-once.test.ts, where they also retry their keys.)
 */
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARRIERS } from '../../infra/local/seed-shipping';
import { localCarrierWebhookSecret } from '../../infra/stacks/settings';
import { signTimestamped } from '../../shared/http/auth';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { expectProblem, fieldsOf, refusals } from '../support/refusals';
import { BERLIN, CARDS, orderHarness, type OrderHarness } from '../workflows/order-harness';

let cloud: TestCloud;
let orders: OrderHarness;
let guard: ReturnType<typeof refusals>;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
  guard = refusals(cloud);
});
afterAll(async () => {
  await cloud?.stop();
});

describe('an order from quote to delivered', () => {
  it('quotes server-side prices and three shipping options, then ships and tracks the parcel to the door', async () => {
    const sku = await orders.stockedSku(5);
    const token = await orders.customerToken('customer-dora');
    const quote = await cloud.api('POST', '/orders/quote', { token, body: { lines: [{ sku, quantity: 2 }], destination: BERLIN } });
    expect(quote.status, quote.text).toBe(200);
    expect(quote.body.price).toMatchObject({ subtotal: { amount: 17800, currency: 'EUR' }, discounts: [], total: { amount: 17800 } });
    expect(quote.body.shippingOptions.map((option: { serviceLevel: string }) => option.serviceLevel)).toEqual(expect.arrayContaining(['STANDARD', 'EXPRESS']));
    const standard = quote.body.shippingOptions.find((option: { serviceLevel: string }) => option.serviceLevel === 'STANDARD');

    const placed = await orders.place([{ sku, quantity: 2 }], { token });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      status: 'AWAITING_PACKING',
      price: { subtotal: { amount: 17800 }, shipping: standard.price, total: { amount: 17800 + standard.price.amount } },
      promisedBy: standard.etaDate,
      payment: { status: 'AUTHORIZED', method: '•••• 4242' },
      carrierId: standard.carrierId,
    });
    expect(placed.text).not.toContain(CARDS.approve);
    const orderId: string = placed.body.orderId;
    await orders.notification('customer-notifications', 'OrderPlaced', 'orderId', orderId);

    await orders.awaitingPacking(orderId);
    expect((await orders.pack(orderId)).status).toBe(202);
    const shipped = await orders.waitForStatus(orderId, 'SHIPPED');
    const { trackingNumber, carrierId } = shipped.shipments[0];
    const told = await orders.notification('customer-notifications', 'OrderShipped', 'orderId', orderId);
    expect(told.detail).toMatchObject({ trackingNumber, carrierId });

    // Out of order and twice: the furthest scan wins, a replay changes nothing.
    const outForDelivery = { eventId: `scan-${ulid()}`, trackingNumber, status: 'OUT_FOR_DELIVERY', occurredAt: new Date(Date.now() + 2000).toISOString() };
    expect((await orders.track(carrierId, outForDelivery)).body).toMatchObject({ effect: 'STATUS_CHANGED', status: 'OUT_FOR_DELIVERY' });
    expect((await orders.track(carrierId, { trackingNumber, status: 'IN_TRANSIT', occurredAt: new Date(Date.now() + 1000).toISOString() })).body).toMatchObject({ status: 'OUT_FOR_DELIVERY' });
    expect((await orders.track(carrierId, outForDelivery)).body).toMatchObject({ effect: 'DUPLICATE' });
    expect((await orders.track(carrierId, { trackingNumber, status: 'DELIVERED', occurredAt: new Date(Date.now() + 3000).toISOString() })).body).toMatchObject({ status: 'DELIVERED' });

    const order = await cloud.api('GET', `/orders/${orderId}`, { token });
    expect(order.body).toMatchObject({ status: 'DELIVERED', payment: { status: 'CAPTURED' }, shipments: [{ trackingNumber, tracking: { status: 'DELIVERED' } }] });
    expect(order.body.timeline.map((entry: { status: string }) => entry.status).slice(-3)).toEqual(['SHIPPED', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    await orders.notification('customer-notifications', 'OrderDelivered', 'orderId', orderId);
    expect(orders.notificationsNow('customer-notifications', 'OrderOutForDelivery', 'orderId', orderId)).toHaveLength(1);
    expect((await orders.finished(await orders.executionOf(orderId))).status).toBe('SUCCEEDED');
    expect(await cloud.api('GET', `/orders`, { token })).toMatchObject({ body: { items: [expect.objectContaining({ orderId, status: 'DELIVERED' })] } });
  });

  it('alerts ops and tells the customer about a delivery exception', async () => {
    const sku = await orders.stockedSku(1);
    const orderId = await orders.placed([{ sku, quantity: 1 }]);
    await orders.awaitingPacking(orderId);
    await orders.pack(orderId);
    const { shipments } = await orders.waitForStatus(orderId, 'SHIPPED');
    const { trackingNumber, carrierId } = shipments[0];
    expect((await orders.track(carrierId, { trackingNumber, status: 'EXCEPTION', description: 'Address not found' })).body.status).toBe('EXCEPTION');
    const alert = await orders.notification('ops-alerts', 'ShipmentException', 'orderId', orderId);
    expect(alert.detail).toMatchObject({ trackingNumber, description: 'Address not found' });
    await orders.notification('customer-notifications', 'ShipmentException', 'orderId', orderId);
  });
});

describe('idempotency', () => {
  it('answers a replayed POST /orders with the first order, and starts one workflow', async () => {
    const sku = await orders.stockedSku(3);
    const token = await orders.customerToken();
    const key = `order-${ulid()}`;
    const first = await orders.place([{ sku, quantity: 1 }], { token, key });
    const second = await orders.place([{ sku, quantity: 1 }], { token, key });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotency-replayed')).toBe('true');
    expect(second.body.orderId).toBe(first.body.orderId);
    await orders.awaitingPacking(first.body.orderId);
    expect(await orders.readStock(sku)).toMatchObject({ reserved: 1, available: 2 });
  });

  it('refuses POST /orders without an Idempotency-Key (400) and writes nothing', async () => {
    const sku = await orders.stockedSku(1);
    const response = await guard.refusedWithoutWriting('POST', '/orders', {
      token: await orders.customerToken(),
      body: { lines: [{ sku, quantity: 1 }], shippingAddress: BERLIN, serviceLevel: 'STANDARD', paymentMethod: CARDS.approve },
    });
    expectProblem(response, 400, 'IdempotencyKeyRequired');
  });
});

describe('bad input', () => {
  const placeBody = (sku: string, overrides: Record<string, unknown> = {}) => ({
    lines: [{ sku, quantity: 1 }],
    shippingAddress: BERLIN,
    serviceLevel: 'STANDARD',
    paymentMethod: CARDS.approve,
    ...overrides,
  });
  const post = async (body: unknown) => guard.refusedWithoutWriting('POST', '/orders', { token: await orders.customerToken(), body, headers: { 'idempotency-key': ulid() } });

  it('refuses an unknown SKU (400, the line named)', async () => {
    const response = await post(placeBody('NO-SUCH-SKU'));
    expectProblem(response, 400, 'ValidationFailed');
    expect(fieldsOf(response)).toEqual(['lines.0.sku']);
  });

  it.each([0, 10_001, 1.5])('refuses quantity %s (400)', async (quantity) => {
    const response = await post({ ...placeBody('ANY-SKU'), lines: [{ sku: 'ANY-SKU', quantity }] });
    expectProblem(response, 400, 'ValidationFailed');
    expect(fieldsOf(response)).toEqual(['lines.0.quantity']);
  });

  it('refuses an invalid address (400, each field named)', async () => {
    const response = await post(placeBody('ANY-SKU', { shippingAddress: { ...BERLIN, country: 'Germany', postalCode: '!', line1: '' } }));
    expectProblem(response, 400, 'ValidationFailed');
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(['shippingAddress.country', 'shippingAddress.postalCode', 'shippingAddress.line1']));
  });

  it('refuses a webhook with a bad signature (401) and changes nothing', async () => {
    const response = await guard.refusedWithoutWriting('POST', '/carrier-webhooks/rheinpost', {
      body: JSON.stringify({ eventId: 'e-1', trackingNumber: 'RHE1', status: 'DELIVERED', occurredAt: new Date().toISOString() }),
      headers: { 'content-type': 'application/json', 'x-signature': 'sha256=00ff' },
    });
    expectProblem(response, 401, 'Unauthorized');
  });

  it('refuses a webhook signed too long ago or with another carrier\'s secret (401) and changes nothing', async () => {
    const sku = await orders.stockedSku(1);
    const orderId = await orders.placed([{ sku, quantity: 1 }]);
    await orders.awaitingPacking(orderId);
    expect((await orders.pack(orderId)).status).toBe(202);
    const { trackingNumber, carrierId } = (await orders.waitForStatus(orderId, 'SHIPPED')).shipments[0];
    await orders.notification('customer-notifications', 'OrderShipped', 'orderId', orderId);
    const otherCarrier = DEMO_CARRIERS.map((carrier) => carrier.id).find((id) => id !== carrierId)!;
    const body = JSON.stringify({ eventId: `scan-${ulid()}`, trackingNumber, status: 'DELIVERED', occurredAt: new Date().toISOString() });
    const signedBy = (carrier: string, at: number) => ({
      body,
      headers: { 'content-type': 'application/json', 'x-signature-timestamp': String(at), 'x-signature': `sha256=${signTimestamped(localCarrierWebhookSecret(carrier), at, body)}` },
    });
    const now = Math.floor(Date.now() / 1000);
    // A request captured six minutes ago and replayed: outside the five-minute window, however good its signature.
    expectProblem(await guard.refusedWithoutWriting('POST', `/carrier-webhooks/${carrierId}`, signedBy(carrierId, now - 360)), 401, 'Unauthorized');
    // Signed by another carrier: a carrier's secret opens its own route only.
    expectProblem(await guard.refusedWithoutWriting('POST', `/carrier-webhooks/${carrierId}`, signedBy(otherCarrier, now)), 401, 'Unauthorized');
    // The control: the same body signed now by its carrier is taken.
    expect((await cloud.api('POST', `/carrier-webhooks/${carrierId}`, signedBy(carrierId, now))).body).toMatchObject({ status: 'DELIVERED' });
  });

  it('hides another customer\'s order (404), for reading and for cancelling', async () => {
    const sku = await orders.stockedSku(1);
    const orderId = await orders.placed([{ sku, quantity: 1 }]);
    await orders.awaitingPacking(orderId);
    const stranger = await orders.customerToken();
    expectProblem(await cloud.api('GET', `/orders/${orderId}`, { token: stranger }), 404, 'OrderNotFound');
    expectProblem(await guard.refusedWithoutWriting('POST', `/orders/${orderId}/cancel`, { token: stranger, body: {}, headers: { 'idempotency-key': ulid() } }), 404, 'OrderNotFound');
  });

  it('refuses packing by anyone but the warehouse (403) and packing twice (409)', async () => {
    const sku = await orders.stockedSku(1);
    const orderId = await orders.placed([{ sku, quantity: 1 }]);
    await orders.awaitingPacking(orderId);
    await orders.listedAs(orderId, 'AWAITING_PACKING');
    const parcel = { weightGrams: 500, dimensions: { lengthMm: 100, widthMm: 100, heightMm: 100 } };
    const queue = await cloud.api('GET', '/orders?limit=100', { token: await orders.warehouseToken() });
    expect(queue.body.items.map((item: { orderId: string }) => item.orderId)).toContain(orderId);
    expectProblem(await guard.refusedWithoutWriting('POST', `/orders/${orderId}/packed`, { token: await orders.customerToken(), body: parcel, headers: { 'idempotency-key': ulid() } }), 403, 'Forbidden');
    expect((await orders.pack(orderId)).status).toBe(202);
    // Shipped: the workflow ended there and writes nothing more; the carrier's scans follow the parcel.
    const executionArn = await orders.executionOf(orderId);
    expect((await orders.finished(executionArn)).status).toBe('SUCCEEDED');
    await orders.waitForStatus(orderId, 'SHIPPED');
    expectProblem(await guard.refusedWithoutWriting('POST', `/orders/${orderId}/packed`, { token: await orders.warehouseToken(), body: parcel, headers: { 'idempotency-key': ulid() } }), 409, 'OrderNotAwaitingPacking');
  });
});
