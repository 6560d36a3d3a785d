/**
 * Exactly-once placement on the local cloud (issue 8): clients that retry the same Idempotency-Key until
 * they get an answer — cutting their own requests short, as a client behind a timing-out gateway does —
 * place exactly one order per key; 200 of them racing for 50 units reserve exactly 50 and leave no order
 * PENDING. A retry after the key's response record is gone (a 5xx released it, or it was taken over) finds
 * the same order through the creation guard; `Location` and `GET /orders?idempotencyKey=` say where it is.
 */
import { ulid } from 'ulid';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { BERLIN, CARDS, orderHarness, type OrderHarness } from '../workflows/order-harness';

let cloud: TestCloud;
let orders: OrderHarness;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
});
afterAll(async () => {
  await cloud?.stop();
});

const orderBody = (sku: string) => ({ lines: [{ sku, quantity: 1 }], shippingAddress: BERLIN, serviceLevel: 'STANDARD', paymentMethod: CARDS.approve });
/** A final answer: the order taken (201), or refused for good (409 OutOfStock, any other 4xx but a retry-later 409 or 429). */
const FINAL = (status: number, code: unknown) => status === 201 || code === 'OutOfStock' || (status >= 400 && status < 500 && status !== 409 && status !== 429);

/**
 * A client that retries one key until it gets a final answer. Its first attempt is cut short after
 * `abortAfterMs` (the request carries on server-side, as one behind a gateway timeout does).
 */
async function persistentClient(token: string, key: string, body: unknown, abortAfterMs: number) {
  const seen: string[] = [];
  for (let attempt = 0; attempt < 200; attempt++) {
    const controller = new AbortController();
    const timer = attempt === 0 ? setTimeout(() => controller.abort(), abortAfterMs) : undefined;
    try {
      const response = await fetch(`${cloud.apiUrl.replace('localhost', '127.0.0.1')}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      const text = await response.text();
      if (FINAL(response.status, (JSON.parse(text) as { code?: unknown }).code)) return { status: response.status, body: JSON.parse(text), attempts: attempt + 1, seen, location: response.headers.get('location') };
      seen.push(String(response.status));
    } catch {
      seen.push('aborted');
    } finally {
      clearTimeout(timer);
    }
    // Exponential backoff with full jitter, as a well-behaved client does on 409/429/5xx.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(3000, 100 * 2 ** attempt)));
  }
  throw new Error(`key ${key} never got an answer: ${seen.join(',')}`);
}

describe('exactly one order per Idempotency-Key', () => {
  it('200 clients retrying their key until answered, on 50 units: 50 orders taken, 150 told OutOfStock, none oversold, none left half checked out', async () => {
    const sku = await orders.stockedSku(50);
    const clients = await Promise.all(
      Array.from({ length: 200 }, async (_, index) => ({ token: await orders.customerToken(), key: `load-${index}-${ulid()}` })),
    );
    const answers = await Promise.all(clients.map(({ token, key }, index) => persistentClient(token, key, orderBody(sku), index % 4 === 0 ? 20 : 60_000)));
    const taken = answers.filter((answer) => answer.status === 201);
    expect(taken).toHaveLength(50);
    // The others learn at once that the stock ran out, and nothing of theirs was written.
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(refused.map((answer) => [answer.status, answer.body.code])).toEqual(Array(150).fill([409, 'OutOfStock']));
    expect(answers.some((answer) => answer.seen.includes('aborted'))).toBe(true);
    // The gateway pushed back (429) instead of letting requests time out half done.
    expect(answers.some((answer) => answer.seen.includes('429'))).toBe(true);

    // Every key that was taken names one order, and that order is the only one its customer has; the refused have none.
    const ids = answers.map((answer) => (answer.status === 201 ? (answer.body.orderId as string) : undefined));
    expect(new Set(ids.filter(Boolean)).size).toBe(50);
    for (const [index, answer] of answers.entries()) if (answer.status === 201) expect(answer.location).toBe(`/orders/${ids[index]}`);
    const perCustomer = [];
    for (let at = 0; at < clients.length; at += 10) {
      perCustomer.push(...(await Promise.all(clients.slice(at, at + 10).map(({ token }) => cloud.api('GET', '/orders', { token })))));
    }
    expect(perCustomer.map((page) => page.body.items.map((item: { orderId: string }) => item.orderId))).toEqual(ids.map((id) => (id ? [id] : [])));

    const waiting = await cloud.waitFor(
      async () => {
        const rows = await Promise.all(ids.filter(Boolean).map((id) => orders.readOrder(id!)));
        return rows.every((row) => row?.status === 'AWAITING_PACKING' && row.packingToken) ? rows : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 1000, message: 'every order taken waiting for the warehouse' },
    );
    expect(waiting).toHaveLength(50);
    expect(await orders.readStock(sku)).toMatchObject({ onHand: 50, reserved: 50, available: 0 });
    for (const status of ['PENDING', 'STOCK_RESERVED']) {
      const open = await orders.documents.send(
        new QueryCommand({ TableName: orders.tableName, IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `ORDERS#${status}` } }),
      );
      expect(open.Items ?? []).toEqual([]);
    }
  }, 600_000);

  it('a retry after the key\'s response record is gone answers the same order; GET /orders?idempotencyKey= finds it', async () => {
    const sku = await orders.stockedSku(3);
    const sub = `customer-${ulid().toLowerCase()}`;
    const token = await orders.customerToken(sub);
    const key = `retry-${ulid()}`;
    const first = await orders.place([{ sku, quantity: 1 }], { token, key });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/orders/${first.body.orderId}`);

    // As if the first request died after writing (its claim released or expired and taken over).
    await orders.documents.send(new DeleteCommand({ TableName: orders.tableName, Key: { pk: `IDEMPOTENCY#placeOrder#${sub}#${key}`, sk: 'IDEMPOTENCY' } }));
    const retry = await orders.place([{ sku, quantity: 1 }], { token, key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotency-replayed')).toBeNull();
    expect(retry.body.orderId).toBe(first.body.orderId);

    const found = await cloud.api('GET', `/orders?idempotencyKey=${encodeURIComponent(key)}`, { token });
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([expect.objectContaining({ orderId: first.body.orderId })]);
    expect((await cloud.api('GET', `/orders?idempotencyKey=never-used`, { token })).body.items).toEqual([]);
    // Another customer's key space is their own.
    expect((await cloud.api('GET', `/orders?idempotencyKey=${encodeURIComponent(key)}`, { token: await orders.customerToken() })).body.items).toEqual([]);

    await orders.awaitingPacking(first.body.orderId);
    expect(await orders.readStock(sku)).toMatchObject({ reserved: 1, available: 2 });
    expect((await cloud.api('GET', '/orders', { token })).body.items).toHaveLength(1);
  });

  it('the same key with another cart after the first succeeded is 422, and a refused cart does not burn the key', async () => {
    const sku = await orders.stockedSku(2);
    const token = await orders.customerToken();
    const key = `reuse-${ulid()}`;
    const ghost = await cloud.api('POST', '/orders', { token, body: { ...orderBody(sku), lines: [{ sku: 'NW-GHOST-1', quantity: 1 }] }, headers: { 'idempotency-key': key } });
    expect(ghost.status).toBe(400);
    const placed = await orders.place([{ sku, quantity: 1 }], { token, key });
    expect(placed.status).toBe(201);
    const other = await orders.place([{ sku, quantity: 2 }], { token, key });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IdempotencyKeyReused');
  });
});
