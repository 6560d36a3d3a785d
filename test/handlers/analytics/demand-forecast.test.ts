/**
 * The hand-off of analytics' demand forecast to inventory's reorder policy (shared/adapters/demand-forecasts.ts),
 * against mocked DynamoDB: the policy reads analytics' forecast item when it has a method of its own, brings a
 * stale one up to yesterday with zeros, and otherwise forecasts from inventory's sales as before.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as recomputePolicies } from '../../../functions/inventory/recompute-reorder-policy';
import { forecastSkuDemand, historyThrough } from '../../../shared/domain/analytics/demand-forecast';
import { serveRows } from '../orders/support';
import { NOW, SKU, SUPPLIER_ID } from '../inventory/support';
import { mockedAws } from '../mocked-aws';

const { ddb } = mockedAws(NOW);

const supplierRow = {
  pk: `SUPPLIER#${SUPPLIER_ID}`, sk: 'PROFILE', supplierId: SUPPLIER_ID, name: 'Nordwind', status: 'APPROVED',
  terms: { paymentTermsDays: 30, leadTimeDays: 21, minimumOrderQuantity: 100, qualityStandard: 'AQL 2.5', returnPolicy: { returnWindowDays: 30, defectHandling: 'REPLACE' } },
};
const stockRow = {
  pk: `SKU#${SKU}`, sk: 'STOCK', sku: SKU, productId: '01J0PRODUCT0000000000000000', supplierId: SUPPLIER_ID,
  onHand: 50, reserved: 0, available: 50, safetyStock: 10, createdAt: '2030-01-01T00:00:00.000Z', updatedAt: NOW.toISOString(),
};
/** Analytics' item as the nightly KPI job writes it. NOW is 2030-07-02: yesterday, the policy's last day, is 07-01. */
const analyticsItem = (units: number[], throughDay = '2030-07-01') => ({
  pk: `DEMAND_FORECAST#${SKU}`, sk: 'ANALYTICS', entity: 'SkuDemandForecast', ...forecastSkuDemand({ sku: SKU, throughDay, units }),
});
/** Inventory's own sales: 2 a day over the whole window. */
const twoADay = Array.from({ length: 56 }, (_, index) => ({ sku: SKU, day: new Date(Date.parse('2030-07-01') - index * 86_400_000).toISOString().slice(0, 10), units: 2, valueMinor: 1998 }));

function serve(analytics?: object) {
  serveRows(ddb, supplierRow, stockRow, ...(analytics ? [analytics as { pk: string; sk: string }] : []));
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `SKU#${SKU}` } }).resolves({ Items: twoADay });
  ddb.on(UpdateCommand).resolves({});
}
const policyWritten = () => ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues![':policy'];
const salesRead = () => ddb.commandCalls(QueryCommand).some((call) => String(call.args[0].input.ExpressionAttributeValues?.[':from'] ?? call.args[0].input.KeyConditionExpression).includes('SALES#'));

describe("the reorder policy reads analytics' demand forecast", () => {
  it('when analytics has one: 10 ordered a day for eight weeks → Holt 10 a day, σ 0, reorder point 10 × 21 days = 210; no sales read', async () => {
    serve(analyticsItem(Array(56).fill(10)));
    expect(await recomputePolicies({ skus: [SKU] })).toEqual({ skus: 1, failed: 0 });
    const policy = policyWritten();
    expect(policy.forecast).toMatchObject({ source: 'ANALYTICS', method: 'HOLT', historyDays: 56, sigmaDaily: 0 });
    expect(policy.forecast.dailyDemand).toBeCloseTo(10, 9);
    expect(policy).toMatchObject({ reorderPoint: 210, safetyStock: 0 });
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key!.pk)).toContain(`DEMAND_FORECAST#${SKU}`);
    expect(salesRead()).toBe(false);
  });

  it('carries its forecast error (MASE) onto the policy when analytics could judge it', async () => {
    serve(analyticsItem(Array.from({ length: 14 }, () => [0, 0, 0, 4]).flat()));
    await recomputePolicies({ skus: [SKU] });
    expect(policyWritten().forecast).toMatchObject({ source: 'ANALYTICS', method: 'CROSTON_SBA', mase: 0.7944 });
    expect(policyWritten().forecast.dailyDemand).toBeCloseTo(0.95, 9);
  });

  it('brings a SKU not counted for a week up to yesterday with zeros, and forecasts from that', async () => {
    serve(analyticsItem(Array(56).fill(10), '2030-06-24'));
    await recomputePolicies({ skus: [SKU] });
    const expected = forecastSkuDemand(historyThrough({ sku: SKU, throughDay: '2030-06-24', units: Array(56).fill(10) }, '2030-07-01')).forecast;
    expect(policyWritten().forecast).toMatchObject({ source: 'ANALYTICS', method: expected.method, historyDays: 56 });
    expect(policyWritten().forecast.dailyDemand).toBeCloseTo(expected.dailyDemand, 9);
    expect(expected.dailyDemand).toBeLessThan(10);
  });

  it.each([
    ['no analytics forecast', undefined],
    ['one with too little history for a method (10 days)', analyticsItem(Array(10).fill(10))],
  ])("falls back to inventory's own forecast from its sales with %s: 2 a day → reorder point 42", async (_, analytics) => {
    serve(analytics);
    await recomputePolicies({ skus: [SKU] });
    const policy = policyWritten();
    expect(policy.forecast).toMatchObject({ source: 'INVENTORY', method: 'HOLT', historyDays: 56 });
    expect(policy.reorderPoint).toBe(42);
    expect(salesRead()).toBe(true);
  });
});
