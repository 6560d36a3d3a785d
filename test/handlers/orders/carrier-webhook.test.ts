import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { context, parse } from '../suppliers/support';
import { NOW, ORDER_ID, orderKey, orderRow, PLACED_AT, readable, readableItems, serveRows, storedOrder, TRACKING_NUMBER, trackingRow } from './support';
import { handler as carrierWebhook } from '../../../functions/orders/carrier-webhook';
import { mockedAws } from '../mocked-aws';
import { signTimestamped } from '../../../shared/http/auth';
import type { OrderShipment, OrderStatus } from '../../../shared/domain/orders/order';
import { NO_TRACKING, type TrackingState } from '../../../shared/domain/orders/tracking';

const SECRET = 'carrier-webhook-test-secret';
const OTHER_CARRIERS_SECRET = 'iberlog-test-secret';
const previousSecrets = process.env.CARRIER_WEBHOOK_SECRETS;
beforeAll(() => {
  process.env.CARRIER_WEBHOOK_SECRETS = JSON.stringify({ rheinpost: SECRET, iberlog: OTHER_CARRIERS_SECRET });
});
afterAll(() => {
  if (previousSecrets === undefined) delete process.env.CARRIER_WEBHOOK_SECRETS;
  else process.env.CARRIER_WEBHOOK_SECRETS = previousSecrets;
});
/** Signing time: the frozen clock's now, in unix seconds. */
const SIGNED_AT = Math.floor(NOW.getTime() / 1000);

const { ddb, sfn } = mockedAws(NOW);

/** A carrier's POST as API Gateway hands it over on the HMAC route: no JWT authorizer, the raw body signed. */
const webhookEvent = (carrier: string, update: object, signature?: string, signedAt: number = SIGNED_AT): APIGatewayProxyEventV2 => {
  const body = JSON.stringify(update);
  return {
    version: '2.0',
    routeKey: 'POST /carrier-webhooks/{carrier}',
    rawPath: `/carrier-webhooks/${carrier}`,
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      'x-correlation-id': 'corr-1',
      'x-signature-timestamp': String(signedAt),
      'x-signature': signature ?? `sha256=${signTimestamped(SECRET, signedAt, body)}`,
    },
    pathParameters: { carrier },
    requestContext: { requestId: 'req-1', http: { method: 'POST', path: `/carrier-webhooks/${carrier}` } },
    body,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
};

const sendSigned = (event: APIGatewayProxyEventV2) => carrierWebhook(event, context).then(parse);
const send = (carrier: string, update: object) => sendSigned(webhookEvent(carrier, update));

const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand));

const delivered = { eventId: 'evt-2', trackingNumber: TRACKING_NUMBER, status: 'DELIVERED', occurredAt: '2030-07-02T07:45:00Z', description: 'Left with a neighbour' };

const shipment = (tracking: TrackingState = NO_TRACKING): OrderShipment => ({
  carrierId: 'rheinpost',
  trackingNumber: TRACKING_NUMBER,
  labelUrl: 'https://labels.example/RP123456789DE.pdf',
  weightGrams: 1100,
  dimensions: { lengthMm: 300, widthMm: 250, heightMm: 80 },
  createdAt: PLACED_AT.toISOString(),
  tracking,
});

const shippedOrder = (status: OrderStatus = 'SHIPPED', tracking?: TrackingState) =>
  storedOrder(status, { version: 9, carrierId: 'rheinpost', stockHold: 'SHIPPED', shipments: [shipment(tracking)] });

describe('POST /carrier-webhooks/{carrier}', () => {
  it('refuses a body signed with another secret (401) without touching DynamoDB', async () => {
    serveRows(ddb, trackingRow(), orderRow(shippedOrder()));
    const body = JSON.stringify(delivered);
    const { status, body: problem } = await sendSigned(webhookEvent('rheinpost', delivered, `sha256=${signTimestamped('not-the-secret', SIGNED_AT, body)}`));
    expect(status).toBe(401);
    expect(problem.code).toBe('Unauthorized');
    expect(ddb.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('refuses a correctly signed body that was altered afterwards (401), without touching DynamoDB', async () => {
    serveRows(ddb, trackingRow(), orderRow(shippedOrder()));
    const event = webhookEvent('rheinpost', delivered);
    const tampered = { ...event, body: JSON.stringify({ ...delivered, trackingNumber: 'RP000000000DE' }) };
    const { status } = await sendSigned(tampered);
    expect(status).toBe(401);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 404 for a tracking number nobody issued, and writes nothing', async () => {
    serveRows(ddb, orderRow(shippedOrder()));
    const { status, body } = await send('rheinpost', { ...delivered, trackingNumber: 'RP999999999DE' });
    expect(status).toBe(404);
    expect(body.code).toBe('TrackingNumberNotFound');
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it("answers 404 when another carrier reports on RheinPost's tracking number, and writes nothing", async () => {
    serveRows(ddb, trackingRow('rheinpost'), orderRow(shippedOrder()));
    // IberLog, signing correctly with its own secret, about a parcel that is not its own.
    const signature = `sha256=${signTimestamped(OTHER_CARRIERS_SECRET, SIGNED_AT, JSON.stringify(delivered))}`;
    const { status, body } = await sendSigned(webhookEvent('iberlog', delivered, signature));
    expect(status).toBe(404);
    expect(body.code).toBe('TrackingNumberNotFound');
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('recognises a replayed eventId: 200 DUPLICATE with the current status, no write, nobody woken', async () => {
    const inTransit: TrackingState = { status: 'IN_TRANSIT', furthest: 'IN_TRANSIT', lastProgressAt: '2030-07-01T18:00:00.000Z', seenEventIds: ['evt-1'] };
    serveRows(ddb, trackingRow(), orderRow(shippedOrder('IN_TRANSIT', inTransit)));
    const { status, body } = await send('rheinpost', { eventId: 'evt-1', trackingNumber: TRACKING_NUMBER, status: 'IN_TRANSIT', occurredAt: '2030-07-01T18:00:00Z' });
    expect(status).toBe(200);
    expect(body).toEqual({ orderId: ORDER_ID, effect: 'DUPLICATE', status: 'IN_TRANSIT' });
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('completes a shipped order on DELIVERED: one conditional Put of the order carrying OrderDelivered, no workflow to wake', async () => {
    serveRows(ddb, trackingRow(), orderRow(shippedOrder()));
    ddb.on(PutCommand).resolves({});

    const { status, body } = await send('rheinpost', delivered);

    expect(status).toBe(200);
    expect(body).toEqual({ orderId: ORDER_ID, effect: 'STATUS_CHANGED', status: 'DELIVERED' });

    // The order alone: its listing and its parcel-due entry follow from the table stream (order-projections.ts).
    expect(writes()).toHaveLength(1);
    const order = readable(ddb.commandCalls(PutCommand)[0]!.args[0].input);
    expect(order).toMatchObject({
      ConditionExpression: '#version = :version AND #status = :status',
      ExpressionAttributeValues: { ':version': 9, ':status': 'SHIPPED' },
      Item: {
        ...orderKey(),
        status: 'DELIVERED',
        version: 10,
        shipments: [
          {
            trackingNumber: TRACKING_NUMBER,
            tracking: { status: 'DELIVERED', furthest: 'DELIVERED', lastProgressAt: '2030-07-02T07:45:00.000Z', seenEventIds: ['evt-2'] },
          },
        ],
        updatedAt: NOW.toISOString(),
      },
    });
    expect((order.Item!.timeline as unknown[]).at(-1)).toEqual({ at: NOW.toISOString(), status: 'DELIVERED', note: 'Left with a neighbour' });
    expect(order.Item!.outbox).toMatchObject([{
      source: 'commerce.orders',
      detailType: 'OrderDelivered',
      detail: { orderId: ORDER_ID, status: 'DELIVERED', carrierId: 'rheinpost', trackingNumber: TRACKING_NUMBER, trackingStatus: 'DELIVERED', correlationId: 'corr-1' },
    }]);

    // The workflow ended at shipment: nothing waits for the scan.
    expect(sfn.calls()).toHaveLength(0);
  });

  it('records an in-transit scan on a shipped order with OrderInTransit', async () => {
    serveRows(ddb, trackingRow(), orderRow(shippedOrder()));
    ddb.on(PutCommand).resolves({});
    const { status, body } = await send('rheinpost', { eventId: 'evt-1', trackingNumber: TRACKING_NUMBER, status: 'IN_TRANSIT', occurredAt: '2030-07-01T18:00:00Z' });
    expect(status).toBe(200);
    expect(body).toEqual({ orderId: ORDER_ID, effect: 'STATUS_CHANGED', status: 'IN_TRANSIT' });
    expect(writes()).toHaveLength(1);
    const { Item: order } = readable(ddb.commandCalls(PutCommand)[0]!.args[0].input);
    expect(order).toMatchObject({ status: 'IN_TRANSIT', outbox: [{ detailType: 'OrderInTransit' }] });
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('POST /carrier-webhooks/{carrier} for an order of several parcels', () => {
  const SECOND = 'RP987654321DE';
  const twoParcels = (first: TrackingState, second: TrackingState, status: OrderStatus = 'SHIPPED') =>
    storedOrder(status, {
      version: 9,
      carrierId: 'rheinpost',
      stockHold: 'SHIPPED',
      shipments: [shipment(first), { ...shipment(second), trackingNumber: SECOND }],
    });
  const deliveredState: TrackingState = { status: 'DELIVERED', furthest: 'DELIVERED', lastProgressAt: '2030-07-02T07:00:00.000Z', seenEventIds: ['evt-0'] };

  it('tracks each parcel, and keeps the order where the least advanced parcel is', async () => {
    serveRows(ddb, trackingRow(), trackingRow('rheinpost', ORDER_ID, SECOND), orderRow(twoParcels(NO_TRACKING, NO_TRACKING)));
    const { status, body } = await send('rheinpost', { ...delivered, trackingNumber: SECOND });
    expect(status).toBe(200);
    // One parcel delivered, the other not yet scanned: the order stays SHIPPED and nobody is woken.
    expect(body).toMatchObject({ orderId: ORDER_ID, effect: 'STATUS_CHANGED', status: 'SHIPPED' });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    const written = readableItems(ddb.commandCalls(TransactWriteCommand).flatMap((call) => call.args[0].input.TransactItems ?? [])).concat(
      ddb.calls().flatMap((call) => ('Item' in (call.args[0].input as object) ? [{ Put: readable(call.args[0].input as { Item: Record<string, unknown> }) as never }] : [])),
    );
    const order = written.map((item) => (item as { Put?: { Item?: Record<string, unknown> } }).Put?.Item).find((item) => item?.pk === orderKey(ORDER_ID).pk);
    expect((order?.shipments as OrderShipment[]).map((parcel) => parcel.tracking.status)).toEqual([undefined, 'DELIVERED']);
  });

  it('delivers the order when its last parcel is delivered', async () => {
    serveRows(ddb, trackingRow(), trackingRow('rheinpost', ORDER_ID, SECOND), orderRow(twoParcels(NO_TRACKING, deliveredState)));
    ddb.on(PutCommand).resolves({});
    const { status, body } = await send('rheinpost', delivered);
    expect(status).toBe(200);
    expect(body).toMatchObject({ orderId: ORDER_ID, effect: 'STATUS_CHANGED', status: 'DELIVERED' });
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('carrier webhook signatures: one secret per carrier, timestamped, a 5-minute window', () => {
  const body = JSON.stringify(delivered);
  const signedBy = (secret: string, signedAt: number, carrier = 'rheinpost') =>
    webhookEvent(carrier, delivered, `sha256=${signTimestamped(secret, signedAt, body)}`, signedAt);

  it.each([
    ['another carrier\'s secret', () => signedBy(OTHER_CARRIERS_SECRET, SIGNED_AT)],
    ['a carrier without a secret', () => signedBy(SECRET, SIGNED_AT, 'ghostpost')],
    ['a replay captured 6 minutes ago', () => signedBy(SECRET, SIGNED_AT - 360)],
    ['a timestamp 6 minutes ahead', () => signedBy(SECRET, SIGNED_AT + 360)],
    ['the body signed without its timestamp (the old scheme)', () => webhookEvent('rheinpost', delivered, `sha256=${bodyOnlySignature(SECRET, body)}`)],
  ])('refuses %s with 401, touching nothing', async (_what, event) => {
    const { status, body: problem } = await sendSigned(event());
    expect(status).toBe(401);
    expect(problem.code).toBe('Unauthorized');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('accepts a signature 4 minutes old (clock skew, delivery delay)', async () => {
    serveRows(ddb, orderRow(shippedOrder('IN_TRANSIT')), trackingRow());
    ddb.on(PutCommand).resolves({});
    const { status } = await sendSigned(signedBy(SECRET, SIGNED_AT - 240));
    expect(status).toBe(200);
  });
});

function bodyOnlySignature(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}
