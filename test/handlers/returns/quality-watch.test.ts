/**
 * The quality watch and the release of a quality hold against mocked DynamoDB: the watch reads the supplier's
 * incidents of the window with one key Query and puts the SKU on hold with a targeted, conditional update and its
 * event in one transaction (never rewriting the stock record), and the supplier on PROBATION when its incidents
 * across SKUs reach the threshold; the release route removes the hold it read, and bad input writes nothing.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { context, httpEvent, operator, parse } from '../suppliers/support';
import { picker } from '../inventory/support';

const NOW = new Date('2030-07-31T12:00:00.000Z');
const { ddb } = mockedAws(NOW);
const { handler: watch } = await import('../../../functions/returns/watch-quality-incidents');
const { handler: release } = await import('../../../functions/inventory/release-quality-hold');

const SUPPLIER = '01J0SUPPLIER000000000000000';
const stockKey = { pk: 'SKU#MUG', sk: 'STOCK' };
const stock = (extra: object = {}) => ({ ...stockKey, sku: 'MUG', productId: '01J0PRODUCT0000000000000000', supplierId: SUPPLIER, onHand: 10, reserved: 0, available: 10, safetyStock: 2, createdAt: '2030-07-01T10:00:00.000Z', updatedAt: NOW.toISOString(), ...extra });
const supplier = { pk: `SUPPLIER#${SUPPLIER}`, sk: 'PROFILE', supplierId: SUPPLIER, name: 'Costa Cerâmica', status: 'APPROVED', updatedAt: '2030-07-01T10:00:00.000Z' };
const incident = (sku: string, day: number, returnId = `ret-${sku}-${day}`) => ({ source: 'RETURN', returnId, sku, supplierId: SUPPLIER, quantity: 1, recordedAt: `2030-07-${String(day).padStart(2, '0')}T10:00:00.000Z` });
const event = { 'detail-type': 'ReturnQualityIncidentRecorded', detail: { sku: 'MUG', supplierId: SUPPLIER, returnId: 'ret-1', correlationId: 'corr-1' } };

function serve(incidents: object[], stockRow = stock()) {
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: stockKey }).resolves({ Item: stockRow });
  ddb.on(GetCommand, { Key: { pk: `SUPPLIER#${SUPPLIER}`, sk: 'PROFILE' } }).resolves({ Item: supplier });
  ddb.on(QueryCommand).resolves({ Items: incidents });
  ddb.on(TransactWriteCommand).resolves({});
}
const transactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
const writes = () => ddb.calls().filter((call) => [PutCommand, UpdateCommand, TransactWriteCommand].some((command) => call.args[0] instanceof command));

describe('the quality watch', () => {
  it('puts the SKU on hold after its third incident in the window: a conditional update of the hold alone, with SkuQualityHoldPlaced', async () => {
    serve([incident('MUG', 20), incident('MUG', 25), incident('MUG', 30), incident('BOWL', 29)]);
    expect(await watch(event)).toEqual({ held: 'written', probationReview: false });

    const [query] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(query).toMatchObject({ IndexName: 'GSI2', ExpressionAttributeValues: { ':partition': `SUPPLIER_QUALITY_INCIDENTS#${SUPPLIER}`, ':sortFrom': '2030-07-01T12:00:00.000Z', ':sortTo': `${NOW.toISOString()}~` } });
    const [hold, alert] = transactions()[0]!;
    expect(hold!.Update).toMatchObject({ Key: stockKey, UpdateExpression: 'SET qualityHold = :hold', ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(qualityHold)', ExpressionAttributeValues: { ':hold': { supplierId: SUPPLIER, incidents: 3, windowDays: 30, refs: ['ret-MUG-20', 'ret-MUG-25', 'ret-MUG-30'] } } });
    expect(alert!.Put!.Item).toMatchObject({ detailType: 'SkuQualityHoldPlaced', detail: { sku: 'MUG', supplierId: SUPPLIER } });
  });

  it('watches lots QC rejected too (LotRejected, its own function), naming the lots in the hold', async () => {
    const { handler: watchLots } = await import('../../../functions/returns/watch-lot-quality');
    const lot = (receiptId: string, day: number) => ({ purchaseOrderId: 'po-7', receiptId, sku: 'MUG', supplierId: SUPPLIER, quantity: 40, defectsFound: 3, sampleSize: 13, recordedAt: `2030-07-${day}T10:00:00.000Z` });
    serve([lot('r1', 20), lot('r2', 24), incident('MUG', 30)]);
    const rejected = { 'detail-type': 'LotRejected', detail: { purchaseOrderId: 'po-7', supplierId: SUPPLIER, receiptId: 'r2', sku: 'MUG', quantity: 40, correlationId: 'corr-2' } };
    expect(await watchLots(rejected)).toEqual({ held: 'written', probationReview: false });
    expect(transactions()[0]![0]!.Update!.ExpressionAttributeValues![':hold']).toMatchObject({ incidents: 3, lots: ['po-7/r1', 'po-7/r2'], refs: ['po-7', 'ret-MUG-30'] });
  });

  it('changes nothing under the threshold, or for a SKU on hold already', async () => {
    serve([incident('MUG', 25), incident('MUG', 30)]);
    expect(await watch(event)).toEqual({ held: 'not-held', probationReview: false });
    serve([incident('MUG', 20), incident('MUG', 25), incident('MUG', 30)], stock({ qualityHold: { since: '2030-07-30T10:00:00.000Z', supplierId: SUPPLIER, incidents: 3, windowDays: 30, lots: [], refs: [] } }));
    expect(await watch(event)).toEqual({ held: 'not-held', probationReview: false });
    expect(writes()).toHaveLength(0);
  });

  it('puts the supplier on PROBATION for review at 10 incidents across its SKUs, conditional on its record as read', async () => {
    serve(['MUG', 'BOWL', 'PLATE', 'CUP', 'JUG'].flatMap((sku) => [incident(sku, 20), incident(sku, 21)]).filter((row) => row.sku !== 'MUG' || row.recordedAt.includes('-20T')).concat([incident('JAR', 22)]));
    expect(await watch(event)).toEqual({ held: 'not-held', probationReview: true });
    const [supplierPut, opened] = transactions()[0]!;
    expect(supplierPut!.Put).toMatchObject({ Item: { status: 'PROBATION', standing: 'PROBATION', gsi1pk: 'SUPPLIERS#PROBATION', probationReview: { incidents: 10, skus: ['BOWL', 'CUP', 'JAR', 'JUG', 'MUG', 'PLATE'] } }, ConditionExpression: '#updatedAt = :updatedAt' });
    expect(opened!.Put!.Item).toMatchObject({ detailType: 'SupplierProbationReviewOpened', detail: { supplierId: SUPPLIER, to: 'PROBATION' } });
  });
});

describe('POST /inventory/{sku}/quality-hold/release', () => {
  const held = stock({ qualityHold: { since: '2030-07-30T10:00:00.000Z', supplierId: SUPPLIER, incidents: 3, windowDays: 30, lots: [], refs: [] } });
  const ask = (body: unknown, caller = operator) => release(httpEvent(caller, { method: 'POST', path: '/inventory/MUG/quality-hold/release', pathParameters: { sku: 'MUG' }, body }), context).then(parse);

  it('removes the hold it read, with SkuQualityHoldReleased, and answers the stock', async () => {
    serve([], held);
    const { status } = await ask({ note: 'Batch replaced' });
    expect(status).toBe(200);
    const [update, released] = transactions()[0]!;
    expect(update!.Update).toMatchObject({ Key: stockKey, UpdateExpression: 'REMOVE qualityHold SET qualityHoldReleasedAt = :at', ConditionExpression: 'qualityHold.since = :since', ExpressionAttributeValues: { ':since': '2030-07-30T10:00:00.000Z', ':at': NOW.toISOString() } });
    expect(released!.Put!.Item).toMatchObject({ detailType: 'SkuQualityHoldReleased', detail: { sku: 'MUG', releasedBy: operator.sub, note: 'Batch replaced' } });
  });

  it('refuses a SKU not on hold (409), no note (400) or the warehouse (403), writing nothing', async () => {
    serve([]);
    expect((await ask({ note: 'nothing to release' })).body).toMatchObject({ status: 409, code: 'NotOnQualityHold' });
    serve([], held);
    expect((await ask({})).status).toBe(400);
    expect((await ask({ note: 'mine' }, picker)).status).toBe(403);
    expect(writes()).toHaveLength(0);
  });
});
