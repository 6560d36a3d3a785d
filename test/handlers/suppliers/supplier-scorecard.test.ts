/**
 * The weekly supplier scorecard against mocked DynamoDB: the job reads suppliers by status and their orders due
 * last week by GSI2 (key queries only; the Scan spy fails anything else), saves the card, the standing and
 * `SupplierStandingChanged` in one transaction, and a second run writes nothing; GET /suppliers/{id}/scorecard
 * shows the standing and the weeks; the standing reaches restock's supplier choice; a suspension flags listings.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { context, httpEvent, operator, parse } from './support';
import { purchaseOrderIn, purchaseOrderRow, SKU, SUPPLIER_ID } from '../inventory/support';
import { DEMO_SUPPLIERS } from '../../../infra/local/seed';
import { supplierItem } from '../../../shared/adapters/suppliers-repository';
import type { Supplier } from '../../../shared/domain/suppliers/supplier';

const NOW = new Date('2030-07-08T02:00:00.000Z'); // the Monday run
const WEEK = '2030-07-01';
const { ddb } = mockedAws(NOW);
const { handler: scoreWeek } = await import('../../../functions/suppliers/score-suppliers-weekly');
const { handler: getScorecard } = await import('../../../functions/suppliers/get-scorecard');
const { handler: getSupplier } = await import('../../../functions/suppliers/get-supplier');
const { toProductSummary, toProductView } = await import('../../../functions/catalog/views');
const { handler: chooseSupplier } = await import('../../../functions/inventory/choose-restock-supplier');
const { handler: flagListings } = await import('../../../functions/catalog/flag-supplier-listings');

/** Nordwind, one bad week already behind it: APPROVED, on its way to PROBATION. */
const supplier: Supplier = {
  ...(DEMO_SUPPLIERS[0]! as Supplier),
  supplierId: SUPPLIER_ID,
  status: 'APPROVED',
  standing: 'APPROVED',
  standingPending: { to: 'PROBATION', weeks: 1 },
  scoredThrough: '2030-06-24',
  updatedAt: '2030-07-01T02:00:00.000Z',
};
const supplierKey = { pk: `SUPPLIER#${SUPPLIER_ID}`, sk: 'PROFILE' };
const cardKey = { pk: `SUPPLIER#${SUPPLIER_ID}`, sk: `SCORECARD#${WEEK}` };

/** Due Tuesday after 11 days, 60 of 100 accepted two days late. */
const lateAndShort = purchaseOrderRow(
  purchaseOrderIn('SENT', {
    status: 'PARTIALLY_RECEIVED',
    leadTimeDays: 11,
    sentAt: '2030-06-21T09:00:00.000Z',
    expectedBy: '2030-07-02T09:00:00.000Z',
    lines: [{ sku: SKU, quantityOrdered: 100, unitCost: { amount: 3500, currency: 'EUR' }, quantityAccepted: 60, quantityRejected: 0 }],
    receipts: [
      {
        receiptId: 'r1',
        receivedAt: '2030-07-04T09:00:00.000Z',
        receivedBy: 'picker-pia',
        lines: [{ sku: SKU, quantity: 60, inspection: { codeLetter: 'F', sampleSize: 20, acceptNumber: 1, rejectNumber: 2, defectsFound: 0, verdict: 'ACCEPTED' } }],
      },
    ],
  }),
);

const writes = () => ddb.calls().filter((call) => [PutCommand, UpdateCommand, TransactWriteCommand].some((command) => call.args[0] instanceof command));

function serve({ card }: { card?: object } = {}) {
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: supplierKey }).resolves({ Item: supplierItem(supplier) });
  if (card) ddb.on(GetCommand, { Key: cardKey }).resolves({ Item: { ...cardKey, ...card } });
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'SUPPLIERS#APPROVED' } }).resolves({ Items: [supplierItem(supplier)] });
  ddb.on(QueryCommand, { IndexName: 'GSI2' }).resolves({ Items: [lateAndShort] });
  // What its SKU shipped that week (50) and what came back defective (1 unit, a return's incident), beside a QC incident that does not count here.
  ddb.on(QueryCommand, { IndexName: 'GSI2', ExpressionAttributeValues: { ':partition': `SUPPLIER_STOCK#${SUPPLIER_ID}` } }).resolves({ Items: [{ sku: SKU, supplierId: SUPPLIER_ID }] });
  ddb.on(QueryCommand, { IndexName: 'GSI2', ExpressionAttributeValues: { ':partition': `SUPPLIER_QUALITY_INCIDENTS#${SUPPLIER_ID}` } }).resolves({
    Items: [
      { source: 'RETURN', returnId: 'ret-1', sku: SKU, supplierId: SUPPLIER_ID, quantity: 1, recordedAt: '2030-07-03T10:00:00.000Z' },
      { purchaseOrderId: 'po-9', receiptId: 'r9', sku: SKU, supplierId: SUPPLIER_ID, quantity: 40, recordedAt: '2030-07-04T10:00:00.000Z' },
    ],
  });
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `SKU#${SKU}` } }).resolves({ Items: [{ sku: SKU, day: '2030-07-02', units: 30, valueMinor: 0 }, { sku: SKU, day: '2030-07-05', units: 20, valueMinor: 0 }] });
  ddb.on(TransactWriteCommand).resolves({});
}

describe('the supplier-scorecard job', () => {
  it("finds a supplier's orders by due date: a sent order carries GSI2 SUPPLIER_PO#<supplier> / <expectedBy>#<id>, a draft none", () => {
    expect(lateAndShort).toMatchObject({ gsi2pk: `SUPPLIER_PO#${SUPPLIER_ID}`, gsi2sk: `2030-07-02T09:00:00.000Z#${lateAndShort.purchaseOrderId}` });
    expect(purchaseOrderRow(purchaseOrderIn('APPROVED'))).not.toHaveProperty('gsi2pk');
  });

  it("scores last week from the orders due in it (key queries only) and moves the standing, card and event in one transaction", async () => {
    serve();
    const report = await scoreWeek({});
    expect(report).toEqual({ weekStart: WEEK, suppliers: 1, scored: 1, inactive: 0, alreadyScored: 0, standingChanges: 1, failed: 0 });

    const queries = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries.map((query) => [query.IndexName, query.ExpressionAttributeValues?.[':partition']])).toEqual([
      ['GSI1', 'SUPPLIERS#APPROVED'],
      ['GSI1', 'SUPPLIERS#PROBATION'],
      ['GSI2', `SUPPLIER_PO#${SUPPLIER_ID}`],
      // An active week also reads what shipped and what came back (the return defect rate).
      ['GSI2', `SUPPLIER_STOCK#${SUPPLIER_ID}`],
      ['GSI2', `SUPPLIER_QUALITY_INCIDENTS#${SUPPLIER_ID}`],
      [undefined, undefined],
    ]);
    expect(queries[2]).toMatchObject({ KeyConditionExpression: 'gsi2pk = :partition AND gsi2sk BETWEEN :sortFrom AND :sortTo', ExpressionAttributeValues: { ':sortFrom': WEEK, ':sortTo': '2030-07-08' } });
    expect(queries[4]).toMatchObject({ ExpressionAttributeValues: { ':sortFrom': `${WEEK}T00:00:00.000Z`, ':sortTo': '2030-07-08T00:00:00.000Z~' } });
    expect(queries[5]).toMatchObject({ ExpressionAttributeValues: { ':pk': `SKU#${SKU}`, ':from': `SALES#${WEEK}`, ':to': 'SALES#2030-07-07' } });

    const [supplierPut, cardPut, event] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    // 0 of 1 on time, 60 % filled, 0 of 20 defective, 13 days for 11 promised, 1 of 50 shipped back defective (2 %):
    // (18 + 9 × 0.707 + 10 × 0.667) / 86.5 → 35.9
    expect(cardPut!.Put).toMatchObject({
      Item: { ...cardKey, entity: 'SupplierWeeklyScorecard', weekStart: WEEK, score: 35.9, standingBefore: 'APPROVED', standingAfter: 'PROBATION', movedStanding: true },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(cardPut!.Put!.Item!.activity).toMatchObject({ deliveries: 1, onTimeDeliveries: 0, unitsOrdered: 100, unitsAccepted: 60, unitsInspected: 20, unitsDefective: 0, unitsShipped: 50, unitsReturnedDefective: 1 });
    expect(supplierPut!.Put).toMatchObject({
      Item: { ...supplierKey, status: 'PROBATION', gsi1pk: 'SUPPLIERS#PROBATION', standing: 'PROBATION', scoredThrough: WEEK, latestWeeklyScore: { weekStart: WEEK, score: 35.9 }, updatedAt: NOW.toISOString() },
      ConditionExpression: '#updatedAt = :updatedAt',
      ExpressionAttributeValues: { ':updatedAt': supplier.updatedAt },
    });
    expect(supplierPut!.Put!.Item).not.toHaveProperty('standingPending');
    expect(event!.Put!.Item).toMatchObject({ detailType: 'SupplierStandingChanged', detail: { supplierId: SUPPLIER_ID, from: 'APPROVED', to: 'PROBATION', alert: true, weekStart: WEEK } });
  });

  it('run again for the same week writes nothing and emits nothing', async () => {
    serve({ card: { supplierId: SUPPLIER_ID, weekStart: WEEK, score: 31.8 } });
    expect(await scoreWeek({})).toMatchObject({ scored: 0, alreadyScored: 1, standingChanges: 0 });
    expect(writes()).toHaveLength(0);
  });

  it('scores only the suppliers asked for, and a week without deliveries writes nothing', async () => {
    serve();
    const other = '01J0000000000000000000000Q';
    expect(await scoreWeek({ weekStart: '2030-06-24', supplierIds: [other] })).toMatchObject({ weekStart: '2030-06-24', suppliers: 0, scored: 0 });
    // Asked for by id but unknown: looked up by key, nothing to score.
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([{ pk: `SUPPLIER#${other}`, sk: 'PROFILE' }]);
    expect(await scoreWeek({ weekStart: '2030-06-17', supplierIds: [SUPPLIER_ID] })).toMatchObject({ suppliers: 1, inactive: 1, scored: 0 });
    // Nothing due that week: neither the record nor a card is read, nothing is written.
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    expect(writes()).toHaveLength(0);
  });

  it.each([['a Tuesday', '2030-07-02'], ['the week still running', '2030-07-08'], ['not a date', 'last week']])('refuses %s as the week, reading and writing nothing', async (_name, weekStart) => {
    serve();
    await expect(scoreWeek({ weekStart })).rejects.toMatchObject({ kind: 'validation', fieldErrors: [{ field: 'weekStart' }] });
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET /suppliers/{id}/scorecard', () => {
  const get = (id = SUPPLIER_ID) => getScorecard(httpEvent(operator, { method: 'GET', path: `/suppliers/${id}/scorecard`, pathParameters: { id } }), context).then(parse);
  const card = (weekStart: string, score: number) => ({
    pk: `SUPPLIER#${SUPPLIER_ID}`, sk: `SCORECARD#${weekStart}`, entity: 'SupplierWeeklyScorecard', supplierId: SUPPLIER_ID, weekStart, score,
    lines: [{ metric: 'onTimeDeliveryRate', value: 0.5, weight: 100, points: score }],
    activity: { weekStart, deliveries: 2, onTimeDeliveries: 1, unitsOrdered: 10, unitsAccepted: 10, unitsInspected: 0, unitsDefective: 0 },
    standingBefore: 'APPROVED', standingAfter: 'APPROVED', movedStanding: true,
  });

  it('keeps the lifetime card and adds the standing, the latest week and the history newest first (one key Query)', async () => {
    serve();
    ddb.on(QueryCommand, { IndexName: undefined }).resolves({ Items: [card('2030-06-24', 52), card(WEEK, 31.8)] });
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({ supplierId: SUPPLIER_ID, basis: expect.any(String), breakdown: expect.any(Array), performance: expect.any(Object) });
    expect(body).toMatchObject({ standing: 'APPROVED', standingPending: { to: 'PROBATION', weeks: 1 }, latestWeek: { weekStart: WEEK, score: 31.8 } });
    expect((body.history as { weekStart: string }[]).map((week) => week.weekStart)).toEqual([WEEK, '2030-06-24']);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `SUPPLIER#${SUPPLIER_ID}`, ':from': 'SCORECARD#2030-01-07', ':to': 'SCORECARD#~' },
      Limit: 26,
    });
  });

  it('shows the standing on the supplier too (GET /suppliers/{id}): PREFERRED is status APPROVED', async () => {
    ddb.on(GetCommand).resolves({ Item: supplierItem({ ...supplier, standing: 'PREFERRED' }) });
    const { body } = await getSupplier(httpEvent(operator, { method: 'GET', path: `/suppliers/${SUPPLIER_ID}`, pathParameters: { id: SUPPLIER_ID } }), context).then(parse);
    expect(body).toMatchObject({ status: 'APPROVED', standing: 'PREFERRED' });
  });

  it('answers 404 for an unknown supplier', async () => {
    serve();
    const { status, body } = await get('01J0000000000000000000000Q');
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: 'SupplierNotFound' });
  });
});

describe("the standing's effects", () => {
  const stockRow = { pk: `SKU#${SKU}`, sk: 'STOCK', sku: SKU, productId: '01J0PRODUCT0000000000000000', supplierId: SUPPLIER_ID, onHand: 0, reserved: 0, available: 0 };
  const productRow = {
    pk: 'PRODUCT#01J0PRODUCT0000000000000000', sk: 'PRODUCT', productId: '01J0PRODUCT0000000000000000', supplierId: SUPPLIER_ID, status: 'ACTIVE', version: 4,
    latest: { skus: [{ sku: SKU, unitCost: { amount: 3500, currency: 'EUR' } }] }, live: { skus: [{ sku: SKU, unitCost: { amount: 3500, currency: 'EUR' } }] },
    createdAt: '2030-01-01T00:00:00.000Z', updatedAt: '2030-01-01T00:00:00.000Z',
  };
  const serveStanding = (fields: Partial<Supplier>) => {
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: supplierKey }).resolves({ Item: supplierItem({ ...supplier, ...fields }) });
    ddb.on(GetCommand, { Key: { pk: stockRow.pk, sk: 'STOCK' } }).resolves({ Item: stockRow });
    ddb.on(GetCommand, { Key: { pk: productRow.pk, sk: 'PRODUCT' } }).resolves({ Item: productRow });
    // No other supplier offers the SKU.
    ddb.on(QueryCommand).resolves({ Items: [] });
  };
  const restock = { sku: SKU, correlationId: 'corr-1', executionName: 'restock-1' };

  it('a PROBATION supplier is still chosen, and its order needs an operator whatever its value', async () => {
    serveStanding({ status: 'PROBATION', standing: 'PROBATION' });
    expect(await chooseSupplier(restock)).toMatchObject({ chosen: true, supplierId: SUPPLIER_ID, standing: 'PROBATION', needsManualApproval: true });
  });

  it('a SUSPENDED supplier gets no purchase order', async () => {
    serveStanding({ status: 'SUSPENDED', standing: 'SUSPENDED' });
    expect(await chooseSupplier(restock)).toMatchObject({ chosen: false, reason: 'NO_ELIGIBLE_SUPPLIER' });
  });

  it("a suspension flags each of the supplier's listings (by GSI2), once", async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { IndexName: 'GSI2', ExpressionAttributeValues: { ':partition': `SUPPLIER_PRODUCTS#${SUPPLIER_ID}` } }).resolves({ Items: [productRow] });
    ddb.on(GetCommand).resolves({ Item: productRow });
    ddb.on(PutCommand).resolves({});
    const event = { detail: { supplierId: SUPPLIER_ID, from: 'PROBATION', to: 'SUSPENDED', weekStart: WEEK, score: 30, alert: true, summary: 's', eventId: 'e1', occurredAt: NOW.toISOString(), correlationId: 'c1' } };
    expect(await flagListings(event)).toEqual({ products: 1, changed: 1 });
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      Item: { productId: productRow.productId, version: 5, supplierFlag: { reason: 'SUPPLIER_SUSPENDED', weekStart: WEEK } },
      ConditionExpression: '#version = :version AND #status = :status',
    });

    const flagged = { ...productRow, supplierFlag: { reason: 'SUPPLIER_SUSPENDED' as const, since: NOW.toISOString(), weekStart: WEEK } };
    ddb.on(GetCommand).resolves({ Item: flagged });
    expect(await flagListings(event)).toEqual({ products: 1, changed: 0 });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
    // What GET /products/{id} and the product lists show of it.
    const stored = { ...flagged, latest: { revision: 1, status: 'PUBLISHED', content: { title: 'Tee', seo: { slug: 'tee' } }, skus: [] }, priceHistory: [], history: [] } as never;
    expect(toProductView(stored)).toMatchObject({ supplierFlag: flagged.supplierFlag });
    expect(toProductSummary(stored)).toMatchObject({ supplierFlag: flagged.supplierFlag });
  });
});
