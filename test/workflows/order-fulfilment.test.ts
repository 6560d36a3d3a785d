/**
 * Order to ship on THE TEMPLATE'S ASL: the `order-fulfilment` saga the local cloud reads from the
 * synthesized CDK app, with the real task handlers on DynamoDB Local, the sandbox payment provider and
 * carrier, and the demo carriers and warehouses seeded. Orders come in over HTTP; the warehouse packs and
 * the carrier reports over HTTP. Faults are injected at the Lambda boundary the state machine calls through.
 */
import { RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LambdaInvocationError } from '../../infra/local/model';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { BERLIN, CARDS, orderHarness, type OrderHarness } from './order-harness';

/** The checkout ran inside POST /orders: the execution starts at the warehouse's wait. */
const TO_PACKING = ['AwaitPacking'];
const FAILURE = ['ReleaseStockOnFailure', 'VoidPaymentOnFailure', 'MarkOrderFailed', 'OrderFailed'];

describe('order fulfilment', () => {
  let cloud: TestCloud;
  let orders: OrderHarness;

  beforeAll(async () => {
    cloud = await sharedTestCloud();
    orders = orderHarness(cloud);
  });
  afterAll(async () => {
    await cloud?.stop();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reserves and authorizes in POST /orders, waits for packing, ships and captures; the carrier\'s scans then follow the parcel to delivery', async () => {
    const sku = await orders.stockedSku(10);
    const placed = await orders.place([{ sku, quantity: 2 }]);
    // The customer learns at once: the order is taken, its stock held and its payment authorized.
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'AWAITING_PACKING', payment: { status: 'AUTHORIZED' } });
    const orderId = placed.body.orderId as string;
    const executionArn = await orders.executionOf(orderId);

    const waiting = await orders.awaitingPacking(orderId);
    expect(waiting).toMatchObject({ stockHold: 'RESERVED', payment: { status: 'AUTHORIZED' }, carrierId: expect.any(String) });
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 10, reserved: 2, available: 8 });

    expect((await orders.pack(orderId)).status).toBe(202);
    const shipped = await orders.waitForStatus(orderId, 'SHIPPED');
    expect(shipped).toMatchObject({ stockHold: 'SHIPPED', payment: { status: 'CAPTURED' }, shipments: [{ trackingNumber: expect.any(String), labelUrl: expect.any(String) }] });
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
    const { trackingNumber, carrierId } = shipped.shipments[0];
    // The workflow ends at shipment; the parcel is followed by the carrier's webhooks.
    expect((await orders.finished(executionArn)).status).toBe('SUCCEEDED');
    expect(await orders.statePath(executionArn)).toEqual([...TO_PACKING, 'ShipOrder']);
    // Shipping ran once, as an Express child.
    expect(await orders.childRuns(orderId, 'order-shipping')).toEqual([['CreateShipment', 'CapturePayment', 'MarkShipped']]);

    for (const status of ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']) {
      expect((await orders.track(carrierId, { trackingNumber, status })).status).toBe(200);
    }
    const delivered = await orders.readOrder(orderId);
    expect(delivered?.timeline.map((entry: { status: string }) => entry.status)).toEqual([
      'PENDING', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'CARRIER_ALLOCATED', 'AWAITING_PACKING', 'PACKED', 'SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED',
    ]);
    for (const type of ['OrderShipped', 'OrderInTransit', 'OrderOutForDelivery', 'OrderDelivered']) {
      await orders.notification('customer-notifications', type, 'orderId', orderId);
    }
  });

  it('answers 409 OutOfStock for stock that is short, naming the SKU: no order, nothing reserved, no workflow', async () => {
    const sku = await orders.stockedSku(1);
    const token = await orders.customerToken();
    const refused = await orders.place([{ sku, quantity: 2 }], { token });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'OutOfStock', shortSkus: [sku] });
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 1, reserved: 0, available: 1 });
    expect((await cloud.api('GET', '/orders', { token })).body.items).toEqual([]);
  });

  it.each([
    { card: CARDS.decline, status: 402, code: 'PaymentDeclined', payment: 'DECLINED', reason: 'CARD_DECLINED' },
    { card: CARDS.insufficientFunds, status: 402, code: 'PaymentDeclined', payment: 'DECLINED', reason: 'INSUFFICIENT_FUNDS' },
    { card: CARDS.timeout, status: 503, code: 'PaymentUnavailable', payment: 'VOIDED', reason: 'PAYMENT_UNAVAILABLE' },
    { card: CARDS.processorError, status: 503, code: 'PaymentUnavailable', payment: 'VOIDED', reason: 'PAYMENT_UNAVAILABLE' },
  ])('answers $status $code on card $card: the stock given back, what may have been authorized voided, no workflow', async ({ card, status, code, payment, reason }) => {
    const sku = await orders.stockedSku(5);
    const refused = await orders.place([{ sku, quantity: 1 }], { card });
    expect(refused.status).toBe(status);
    expect(refused.body).toMatchObject({ code, orderId: expect.any(String) });
    const orderId = refused.body.orderId as string;
    const order = await orders.readOrder(orderId);
    expect(order).toMatchObject({ status: 'REJECTED', stockHold: 'RELEASED', payment: { status: payment } });
    expect(order?.timeline.at(-1)).toMatchObject({ status: 'REJECTED', reason });
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    // The bus carried the rejection, and never an OrderPlaced that would start a workflow.
    await orders.notification('customer-notifications', 'OrderRejected', 'orderId', orderId);
    expect(orders.notificationsNow('customer-notifications', 'OrderPlaced', 'orderId', orderId)).toEqual([]);
  });

  it('cancels before packing: the stock is released, the payment voided, and a second cancel answers the same', async () => {
    const sku = await orders.stockedSku(3);
    const token = await orders.customerToken('customer-carla');
    const orderId = await orders.placed([{ sku, quantity: 2 }], { token });
    const executionArn = await orders.executionOf(orderId);
    await orders.awaitingPacking(orderId);

    const cancel = () => cloud.api('POST', `/orders/${orderId}/cancel`, { token, body: { reason: 'Ordered twice' }, headers: { 'idempotency-key': `cancel-${orderId}-${Math.random()}` } });
    const first = await cancel();
    expect(first.status).toBe(202);
    expect(first.body.status).toBe('CANCELLED');
    expect((await orders.finished(executionArn)).status).toBe('SUCCEEDED');
    expect((await orders.statePath(executionArn)).slice(-4)).toEqual(['AwaitPacking', 'ReleaseStockOnCancel', 'VoidPaymentOnCancel', 'OrderCancelled']);
    expect(await orders.readOrder(orderId)).toMatchObject({ status: 'CANCELLED', stockHold: 'RELEASED', payment: { status: 'VOIDED' } });
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    await orders.notification('customer-notifications', 'OrderCancelled', 'orderId', orderId);

    const second = await cancel();
    expect(second.status).toBe(202);
    expect(second.body.status).toBe('CANCELLED');
    expect(orders.notificationsNow('customer-notifications', 'OrderCancelled', 'orderId', orderId)).toHaveLength(1);
  });

  it('refuses to cancel once shipped, pointing to returns', async () => {
    const sku = await orders.stockedSku(2);
    const token = await orders.customerToken('customer-sam');
    const orderId = await orders.placed([{ sku, quantity: 1 }], { token });
    await orders.awaitingPacking(orderId);
    await orders.pack(orderId);
    await orders.waitForStatus(orderId, 'SHIPPED');
    const refused = await cloud.api('POST', `/orders/${orderId}/cancel`, { token, body: {}, headers: { 'idempotency-key': `late-${orderId}` } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'OrderAlreadyShipped', detail: expect.stringContaining(`/orders/${orderId}/returns`) });
  });

  it('alerts ops (the order sweeper) when the parcel is not delivered by the promised date, once, and completes on a late delivery scan', async () => {
    const sku = await orders.stockedSku(1);
    const orderId = await orders.placed([{ sku, quantity: 1 }]);
    const executionArn = await orders.executionOf(orderId);
    await orders.awaitingPacking(orderId);
    // The warehouse was slow: by the time it ships, the promised date has passed.
    await orders.documents.send(
      new UpdateCommand({
        TableName: orders.tableName,
        Key: { pk: `ORDER#${orderId}`, sk: 'ORDER' },
        UpdateExpression: 'SET promisedBy = :past',
        ExpressionAttributeValues: { ':past': '2020-01-06' },
      }),
    );
    await orders.pack(orderId);
    const { shipments } = await orders.waitForStatus(orderId, 'SHIPPED');
    expect((await orders.finished(executionArn)).status).toBe('SUCCEEDED');
    await cloud.fireSchedule('order-sweeper');
    const alert = await orders.notification('ops-alerts', 'DeliveryOverdue', 'orderId', orderId);
    expect(alert.detail).toMatchObject({ promisedBy: '2020-01-06', trackingNumber: expect.any(String) });
    // Alerted once: the order left the sweeper's partition of parcels due.
    expect(await orders.readOrder(orderId)).toMatchObject({ alertsRaised: ['DELIVERY_OVERDUE'] });
    await orders.parcelDue(orderId, false);
    expect((await orders.track(shipments[0].carrierId, { trackingNumber: shipments[0].trackingNumber, status: 'DELIVERED' })).body.status).toBe('DELIVERED');
  });

  it('ships an order too heavy and too bulky for one parcel in the quoted parcels, each tracked by its own number; DELIVERED with the last', async () => {
    // 120 sweaters of 320 g, 300 × 250 × 40 mm (3 l) to Berlin: 38.4 kg and 360 l. EuroLink takes 40 kg but holds 250 l
    // (3 000 mm length plus girth), so nobody takes it whole. RheinPost (31.5 kg, a 432-litre box) splits it 98 + 22
    // for 24.10 + 9.70, cheaper than EuroLink's 83 + 37 (docs/orders.md, "Multi-parcel orders").
    const sku = await orders.stockedSku(120);
    const token = await orders.customerToken();
    const lines = [{ sku, quantity: 120 }];
    const quote = await cloud.api('POST', '/orders/quote', { token, body: { lines, destination: BERLIN } });
    expect(quote.status).toBe(200);
    const standard = quote.body.shippingOptions.find((option: { serviceLevel: string }) => option.serviceLevel === 'STANDARD');
    expect(standard).toMatchObject({ carrierId: 'rheinpost', price: { amount: 3_380, currency: 'EUR' } });
    expect(standard.parcels.map((parcel: { weightGrams: number; lines: { quantity: number }[] }) => [parcel.weightGrams, parcel.lines[0]!.quantity])).toEqual([[31_360, 98], [7_040, 22]]);

    const orderId = await orders.placed(lines, { token });
    const executionArn = await orders.executionOf(orderId);
    expect(await orders.awaitingPacking(orderId)).toMatchObject({ carrierId: 'rheinpost', plannedParcels: [{ weightGrams: 31_360 }, { weightGrams: 7_040 }] });

    // The warehouse packs two boxes and weighs each.
    const big = { lengthMm: 1_000, widthMm: 600, heightMm: 500 };
    const small = { lengthMm: 600, widthMm: 400, heightMm: 300 };
    const packed = await cloud.api('POST', `/orders/${orderId}/packed`, {
      token: await orders.warehouseToken(),
      body: { weightGrams: 38_600, dimensions: big, parcels: [{ weightGrams: 31_450, dimensions: big }, { weightGrams: 7_150, dimensions: small }] },
      headers: { 'idempotency-key': `pack-${orderId}` },
    });
    expect(packed.status).toBe(202);
    const shipped = await orders.waitForStatus(orderId, 'SHIPPED');
    expect((await orders.finished(executionArn)).status).toBe('SUCCEEDED');
    expect(shipped.shipments).toHaveLength(2);
    const [first, second] = shipped.shipments as { trackingNumber: string; carrierId: string }[];
    expect(first!.trackingNumber).not.toBe(second!.trackingNumber);
    expect(shipped.shipments.map((shipment: { carrierId: string }) => shipment.carrierId)).toEqual(['rheinpost', 'rheinpost']);
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
    await orders.parcelDue(orderId, true);

    const scan = async (parcel: { trackingNumber: string }, status: string) => {
      const answer = await orders.track('rheinpost', { trackingNumber: parcel.trackingNumber, status });
      expect(answer.status).toBe(200);
      return (await orders.readOrder(orderId))!;
    };
    // The first parcel arrives; the order waits for the other, still on its way.
    await scan(first!, 'IN_TRANSIT');
    expect((await scan(first!, 'DELIVERED')).status).toBe('SHIPPED');
    expect((await scan(second!, 'IN_TRANSIT')).status).toBe('IN_TRANSIT');
    await orders.parcelDue(orderId, true);
    const delivered = await scan(second!, 'DELIVERED');
    expect(delivered.status).toBe('DELIVERED');
    expect(delivered.shipments.map((shipment: { tracking: { status: string } }) => shipment.tracking.status)).toEqual(['DELIVERED', 'DELIVERED']);
    // Nothing left for the sweeper to watch, and the customer told once that the order arrived.
    await orders.parcelDue(orderId, false);
    await orders.notification('customer-notifications', 'OrderDelivered', 'orderId', orderId);
    expect(orders.notificationsNow('customer-notifications', 'OrderDelivered', 'orderId', orderId)).toHaveLength(1);
  });

  describe('when a step keeps failing', () => {
    /** Fails every invocation of the task function built from `entry`; the rest run for real. */
    function failEvery(entry: string) {
      const target = orders.functionFor(entry);
      const realInvoke = cloud.lambda.invoke.bind(cloud.lambda);
      vi.spyOn(cloud.lambda, 'invoke').mockImplementation(async (functionNameOrArn, event) => {
        if (functionNameOrArn === target.arn || functionNameOrArn === target.name) throw new LambdaInvocationError('Lambda.ServiceException', 'injected by the test');
        return realInvoke(functionNameOrArn, event);
      });
    }

    it.each([{ task: 'request-packing' }])('compensates a failing $task: stock invariant kept, no reservation leaked, no capture without a shipment', async ({ task }) => {
      const sku = await orders.stockedSku(4);
      failEvery(`functions/orders/${task}.ts`);
      const orderId = await orders.placed([{ sku, quantity: 3 }]);
      const executionArn = await orders.executionOf(orderId);

      expect(await orders.finished(executionArn)).toMatchObject({ status: 'FAILED', error: 'OrderFulfilmentFailed' });
      expect((await orders.statePath(executionArn)).slice(-4)).toEqual(FAILURE);
      const order = await orders.readOrder(orderId);
      expect(order?.status).toBe('FAILED');
      expect(order?.stockHold).not.toBe('RESERVED');
      // Nothing left authorized: the checkout's authorization voided.
      expect(order?.payment.status).toBe('VOIDED');
      const stock = await orders.expectStockInvariant(sku);
      expect(stock).toMatchObject({ holds: true, reserved: 0, onHand: 4 });
      const alert = await orders.notification('ops-alerts', 'OrderFailed', 'orderId', orderId);
      expect(alert.detail.error).toBe('Lambda.ServiceException');
    });

    it.each([
      { task: 'create-shipment', payment: 'AUTHORIZED' },
      { task: 'capture-payment', payment: 'AUTHORIZED' },
      { task: 'mark-shipped', payment: 'CAPTURED' },
    ])('undoes nothing once packed when $task keeps failing: the order stays PACKED with its units and payment, ops hears, a redrive ships it', async ({ task, payment }) => {
      const sku = await orders.stockedSku(4);
      failEvery(`functions/orders/${task}.ts`);
      const orderId = await orders.placed([{ sku, quantity: 3 }]);
      const executionArn = await orders.executionOf(orderId);
      await orders.awaitingPacking(orderId);
      expect((await orders.pack(orderId)).status).toBe(202);

      expect(await orders.finished(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
      expect((await orders.statePath(executionArn)).at(-1)).toBe('ShipOrder');
      // The units are in a box and the label may be booked: nothing released, nothing voided.
      expect(await orders.readOrder(orderId)).toMatchObject({ status: 'PACKED', stockHold: 'RESERVED', payment: { status: payment } });
      expect(await orders.readStock(sku)).toMatchObject({ onHand: 4, reserved: 3, available: 1 });
      const alert = await orders.notification('ops-alerts', 'Step Functions Execution Status Change', 'executionArn', executionArn);
      expect(alert.detail).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });

      // Ops fixed the cause and redrives the execution: it picks up at ShipOrder.
      vi.restoreAllMocks();
      await orders.sfn.send(new RedriveExecutionCommand({ executionArn }));
      expect((await orders.finished(executionArn)).status).toBe('SUCCEEDED');
      expect(await orders.readOrder(orderId)).toMatchObject({ status: 'SHIPPED', stockHold: 'SHIPPED', payment: { status: 'CAPTURED' } });
      expect(await orders.readStock(sku)).toMatchObject({ onHand: 1, reserved: 0, available: 1 });
    });
  });
});

describe('order fulfilment when nobody packs in time', () => {
  // Time passes as `npm run advance` makes it pass: the packing deadline, then the grace after the alert, come now.
  let cloud: TestCloud;
  let orders: OrderHarness;

  beforeAll(async () => {
    cloud = await sharedTestCloud();
    orders = orderHarness(cloud);
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('alerts ops when packing is overdue, then compensates and fails the order when nobody packs it', async () => {
    const sku = await orders.stockedSku(2);
    const orderId = await orders.placed([{ sku, quantity: 1 }]);
    const executionArn = await orders.executionOf(orderId);
    await orders.advance(orderId, 'AwaitPacking');
    await orders.advance(orderId, 'AwaitPackingAfterAlert');
    expect(await orders.finished(executionArn)).toMatchObject({ status: 'FAILED' });
    expect(await orders.statePath(executionArn)).toEqual([...TO_PACKING, 'AlertPackingOverdue', 'AwaitPackingAfterAlert', ...FAILURE]);
    await orders.notification('ops-alerts', 'PackingOverdue', 'orderId', orderId);
    // The generic workflow-failure alert names the order too: it carries the execution's input.
    const failure = await orders.notification('ops-alerts', 'Step Functions Execution Status Change', 'executionArn', executionArn);
    expect(failure.detail).toMatchObject({ status: 'FAILED' });
    expect(JSON.parse(String(failure.detail.input))).toMatchObject({ orderId });
    expect(await orders.readOrder(orderId)).toMatchObject({ status: 'FAILED', stockHold: 'RELEASED', payment: { status: 'VOIDED' } });
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
  });

  it('ships an order packed after the overdue alert', async () => {
    const sku = await orders.stockedSku(2);
    const orderId = await orders.placed([{ sku, quantity: 1 }]);
    await orders.advance(orderId, 'AwaitPacking');
    await orders.notification('ops-alerts', 'PackingOverdue', 'orderId', orderId);
    await orders.awaitingPacking(orderId);
    expect((await orders.pack(orderId)).status).toBe(202);
    await orders.waitForStatus(orderId, 'SHIPPED');
  });
});
