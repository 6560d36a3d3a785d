/**
 * The quality loop end to end on the local cloud: a SKU that comes back defective three times within the window
 * goes on quality hold (the quality watch on `ReturnQualityIncidentRecorded`), ops is alerted naming the supplier,
 * the SKU cannot be ordered, and an operator's release (POST /inventory/{sku}/quality-hold/release) makes it
 * sellable again; bad input writes nothing. The units went back to the supplier (RETURN_TO_VENDOR): it is debited
 * for each (GET /suppliers/{id}/debits). One delivered order of the preferred demo supplier's new SKU.
 */
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { expectProblem, refusals } from '../support/refusals';
import { WORKFLOW_WAIT } from '../support/workflow-probe';
import { orderHarness, type OrderHarness } from '../workflows/order-harness';
import { deliveredOrder } from '../workflows/returns-harness';

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

const key = () => ({ 'idempotency-key': ulid() });

describe('a SKU that keeps coming back defective', () => {
  it('goes on quality hold after three incidents, cannot be ordered, and is sold again once an operator releases it', async () => {
    const token = await orders.customerToken();
    const { sku, orderId } = await deliveredOrder(orders, 3, token);
    const operator = await cloud.tokenFor('operator', { sub: 'op-olga' });
    const warehouse = await orders.warehouseToken();

    // Three returns of one unit each, each defective on arrival: three incidents against the SKU.
    for (let incident = 1; incident <= 3; incident++) {
      const asked = await cloud.api('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity: 1 }], reason: 'DEFECTIVE' }, headers: key() });
      expect(asked.body.status, asked.text).toBe('APPROVED');
      const received = await cloud.api('POST', `/returns/${asked.body.returnId}/receipt`, { token: warehouse, body: { lines: [{ sku, quantity: 1, disposition: 'RETURN_TO_VENDOR' }] }, headers: key() });
      expect(received.status, received.text).toBe(200);
    }

    // Each unit went back to the supplier: three debits it can list (at the SKU's listed unit cost).
    const supplierId = (await orders.readStock(sku))!.supplierId as string;
    const debits = await cloud.api('GET', `/suppliers/${supplierId}/debits?limit=100`, { token: operator });
    expect(debits.status, debits.text).toBe(200);
    const ours = debits.body.items.filter((debit: { sku: string }) => debit.sku === sku);
    expect(ours).toHaveLength(3);
    expect(ours[0]).toMatchObject({ reason: 'RETURN_TO_VENDOR', quantity: 1, basis: 'UNIT_COST', amount: { amount: expect.any(Number) }, returnReason: 'DEFECTIVE' });
    expect((await cloud.api('GET', `/suppliers/${supplierId}/debits`, { token })).status).toBe(403);

    const held = await cloud.waitFor(
      async () => {
        const stock = await cloud.api('GET', `/inventory/${sku}`, { token: operator });
        return stock.body.qualityHold ? stock.body : undefined;
      },
      { ...WORKFLOW_WAIT, message: `${sku} to go on quality hold` },
    );
    expect(held.qualityHold).toMatchObject({ supplierId: held.supplierId, incidents: 3, windowDays: 30, refs: expect.arrayContaining([expect.any(String)]) });
    const alert = await orders.notification('ops-alerts', 'SkuQualityHoldPlaced', 'sku', sku);
    expect(alert.summary).toContain(`supplier ${held.supplierId}`);

    // Not for sale while held.
    const refused = await orders.place([{ sku, quantity: 1 }], { token });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.text).toContain('not for sale');

    // Releasing needs a reason, and an operator; then it sells again, and a second release finds nothing to release.
    const release = (body: unknown, as = operator) => cloud.api('POST', `/inventory/${sku}/quality-hold/release`, { token: as, body, headers: key() });
    expectProblem(await guard.refusedWithoutWriting('POST', `/inventory/${sku}/quality-hold/release`, { token: operator, body: {}, headers: key() }), 400, 'ValidationFailed');
    expect((await release({ note: 'not mine to release' }, warehouse)).status).toBe(403);
    const released = await release({ note: 'Supplier replaced the batch; seams checked' });
    expect(released.status, released.text).toBe(200);
    expect(released.body.qualityHold).toBeUndefined();
    expect(released.body.qualityHoldReleasedAt).toEqual(expect.any(String));
    await orders.notification('ops-alerts', 'SkuQualityHoldReleased', 'sku', sku);
    expectProblem(await release({ note: 'again' }), 409, 'NotOnQualityHold');
    const placed = await orders.place([{ sku, quantity: 1 }], { token });
    expect(placed.status, placed.text).toBe(201);
  });
});
