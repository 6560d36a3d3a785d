/**
 * The weekly supplier scorecard on the local cloud, for one supplier of its own (the job is always invoked
 * scoped to it: the shared cloud holds every test's suppliers). Four finished weeks, each with an order
 * delivered two days late and 60 % short: after two the supplier is on PROBATION, after four SUSPENDED, each
 * move with `SupplierStandingChanged` on SNS ops-alerts; GET /suppliers/{id}/scorecard shows the weeks newest
 * first, the suspended supplier's listing is flagged, and running a week again changes nothing. A supplier on
 * probation still gets restock orders, each for an operator to approve.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { purchaseOrderItem } from '../../shared/adapters/purchase-orders-repository';
import { supplierItem } from '../../shared/adapters/suppliers-repository';
import { createPurchaseOrder, sendPurchaseOrder, submitPurchaseOrder, type PurchaseOrder } from '../../shared/domain/inventory/purchase-order';
import type { Supplier } from '../../shared/domain/suppliers/supplier';
import { addWeeks, lastFullWeekStart } from '../../shared/domain/suppliers/weekly-activity';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { workflowProbe, type WorkflowProbe } from '../support/workflow-probe';
import { apparelBody, listingHarness, NORDWIND } from '../workflows/listing-harness';
import { restockHarness } from '../workflows/restock-harness';

let cloud: TestCloud;
let probe: WorkflowProbe;
let operator: string;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  probe = workflowProbe(cloud, 'restock');
  operator = await cloud.tokenFor('operator', { sub: 'operator-olga' });
});

const DAY_MS = 86_400_000;
const at = (day: string, plusDays: number, hour = 9) => new Date(Date.parse(`${day}T00:00:00.000Z`) + plusDays * DAY_MS + hour * 3_600_000);

/** An order due on the week's Tuesday after 10 days, of which 60 of 100 came, accepted, on Thursday. */
function lateAndShortOrder(supplierId: string, sku: string, weekStart: string) {
  const sentAt = at(weekStart, 1 - 10);
  const draft = createPurchaseOrder(
    { purchaseOrderId: ulid(), supplierId, supplierStanding: 'APPROVED', lines: [{ sku, quantity: 100, unitCost: { amount: 3500, currency: 'EUR' } }], aql: 'AQL 2.5', leadTimeDays: 10, createdBy: 'restock' },
    sentAt,
  ).next;
  const sent = sendPurchaseOrder(submitPurchaseOrder(draft, { amount: 500_000, currency: 'EUR' }, sentAt).next, sentAt).next;
  const receivedAt = at(weekStart, 3).toISOString();
  const order: PurchaseOrder = {
    ...sent,
    status: 'PARTIALLY_RECEIVED',
    lines: sent.lines.map((line) => ({ ...line, quantityAccepted: 60 })),
    receipts: [{ receiptId: ulid(), receivedAt, receivedBy: 'picker-pia', lines: [{ sku, quantity: 60, inspection: { codeLetter: 'F', sampleSize: 20, acceptNumber: 1, rejectNumber: 2, defectsFound: 0, verdict: 'ACCEPTED' } }] }],
    updatedAt: receivedAt,
  };
  return purchaseOrderItem({ ...order, version: 4 });
}

/** A copy of Nordwind under a new id and owner (the demo supplier stays as it is), with an order late and short due in each of the last `count` finished weeks. */
async function supplierLateAndShort(count: number) {
  const supplierId = ulid();
  const supplier: Supplier = { ...NORDWIND, supplierId, ownerSub: `owner-${supplierId.toLowerCase()}`, name: `Scorecard ${supplierId}`, status: 'APPROVED', updatedAt: new Date().toISOString() };
  await probe.documents.send(new PutCommand({ TableName: probe.tableName, Item: supplierItem(supplier) }));
  const lastWeek = lastFullWeekStart(new Date());
  const weeks = Array.from({ length: count }, (_, index) => addWeeks(lastWeek, index - count + 1));
  for (const weekStart of weeks) {
    await probe.documents.send(new PutCommand({ TableName: probe.tableName, Item: lateAndShortOrder(supplierId, `SC-${supplierId}`, weekStart) }));
  }
  const job = probe.functionFor('functions/suppliers/score-suppliers-weekly.ts');
  // Always scoped to this supplier: an unscoped run would score every test's suppliers on the shared cloud.
  const run = (weekStart: string) => cloud.invoke(job.name, { weekStart, supplierIds: [supplierId] }) as Promise<Record<string, unknown>>;
  return { supplierId, supplier, weeks, run };
}

describe('the weekly supplier scorecard', () => {
  it('puts a supplier late and short week after week on probation, then suspends it and flags its listing, alerting ops each time; a rerun changes nothing', async () => {
    const { supplierId, supplier, weeks, run } = await supplierLateAndShort(4);
    const listing = listingHarness(cloud);
    const { productId } = await listing.list(supplier, apparelBody());

    // 0 of 1 on time (0 of 30), 60 % filled (0 of 25), no defect in 20 (20 of 20), 12 days for 10 (6.7 of 10): 31.4 of 85 → 31.4
    const reports = [];
    for (const weekStart of weeks) reports.push(await run(weekStart));
    expect(reports.map((report) => [report.scored, report.standingChanges])).toEqual([[1, 0], [1, 1], [1, 0], [1, 1]]);

    const card = await cloud.api('GET', `/suppliers/${supplierId}/scorecard`, { token: operator });
    expect(card.status, card.text).toBe(200);
    expect(card.body).toMatchObject({ supplierId, standing: 'SUSPENDED', basis: expect.any(String), latestWeek: { weekStart: weeks[3], score: 31.4, standingBefore: 'PROBATION', standingAfter: 'SUSPENDED' } });
    expect(card.body.history.map((week: { weekStart: string; standingAfter: string }) => [week.weekStart, week.standingAfter])).toEqual([
      [weeks[3], 'SUSPENDED'],
      [weeks[2], 'PROBATION'],
      [weeks[1], 'PROBATION'],
      [weeks[0], 'APPROVED'],
    ]);
    expect(card.body.latestWeek.activity).toMatchObject({ deliveries: 1, onTimeDeliveries: 0, unitsOrdered: 100, unitsAccepted: 60, unitsInspected: 20, unitsDefective: 0 });
    expect((await cloud.api('GET', `/suppliers/${supplierId}`, { token: operator })).body).toMatchObject({ status: 'SUSPENDED' });

    const alerts = () =>
      cloud
        .snsMessages('ops-alerts')
        .map((record) => JSON.parse(record.message) as { type: string; detail: { supplierId?: string; from?: string; to?: string } })
        .filter((message) => message.type === 'SupplierStandingChanged' && message.detail.supplierId === supplierId);
    const told = await cloud.waitFor(() => (alerts().length >= 2 ? alerts() : undefined), { timeoutMs: 30_000, message: `two standing alerts for ${supplierId} on ops-alerts` });
    expect(told.map((message) => [message.detail.from, message.detail.to])).toEqual([['APPROVED', 'PROBATION'], ['PROBATION', 'SUSPENDED']]);

    const flagged = await cloud.waitFor(
      async () => {
        const product = await cloud.api('GET', `/products/${productId}`, { token: operator });
        return product.body?.supplierFlag ? product.body : undefined;
      },
      { timeoutMs: 30_000, message: `the listing ${productId} flagged for its suspended supplier` },
    );
    expect(flagged.supplierFlag).toMatchObject({ reason: 'SUPPLIER_SUSPENDED', weekStart: weeks[3] });

    const before = { supplier: await probe.readRow(`SUPPLIER#${supplierId}`, 'PROFILE'), card: await probe.readRow(`SUPPLIER#${supplierId}`, `SCORECARD#${weeks[3]}`) };
    expect(await run(weeks[3]!)).toMatchObject({ scored: 0, alreadyScored: 1, standingChanges: 0 });
    expect(await probe.readRow(`SUPPLIER#${supplierId}`, 'PROFILE')).toEqual(before.supplier);
    expect(await probe.readRow(`SUPPLIER#${supplierId}`, `SCORECARD#${weeks[3]}`)).toEqual(before.card);
    // Had the rerun emitted anything, the outbox would have delivered it by now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(alerts()).toHaveLength(2);
  });

  it("sends a restock order of a supplier put on probation to an operator, though it is within the auto-approval limit", async () => {
    const { supplierId, weeks, run } = await supplierLateAndShort(2);
    for (const weekStart of weeks) await run(weekStart);
    expect(await probe.readRow(`SUPPLIER#${supplierId}`, 'PROFILE')).toMatchObject({ status: 'PROBATION', standing: 'PROBATION', gsi1pk: 'SUPPLIERS#PROBATION' });

    // A low SKU (the MOQ of 100 at 35.00 EUR: 3,500.00, within the 5,000.00 limit) whose supplier is this one.
    const restock = restockHarness(cloud);
    const sku = await restock.lowSku();
    await probe.documents.send(
      new UpdateCommand({ TableName: probe.tableName, Key: { pk: `SKU#${sku}`, sk: 'STOCK' }, UpdateExpression: 'SET supplierId = :s', ExpressionAttributeValues: { ':s': supplierId } }),
    );
    await restock.requestRestock(sku);
    const order = await restock.purchaseOrderOf(sku, 'PENDING_APPROVAL', 'approvalToken');
    expect(order).toMatchObject({ supplierId, supplierStanding: 'PROBATION', total: { amount: 350_000, currency: 'EUR' }, approval: { route: 'OPERATOR', reason: 'SUPPLIER_ON_PROBATION' } });
    // Ends the workflow here rather than leave it waiting on the shared cloud.
    expect((await restock.decide(order.purchaseOrderId, false, 'on probation: not now')).status).toBe(202);
    await restock.purchaseOrderOf(sku, 'REJECTED');
  });
});
