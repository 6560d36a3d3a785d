import { describe, expect, it } from 'vitest';
import { createPurchaseOrder, sendPurchaseOrder, submitPurchaseOrder } from '../../../shared/domain/inventory/purchase-order';
import {
  approvalOutcome,
  approvalTiming,
  overdueAsOf,
  receiptChange,
  receiptWait,
  restockPolicy,
  restockSettingsFrom,
  termsForSku,
  unitsOnOrder,
  type StockForRestock,
} from '../../../shared/domain/inventory/restock';

const NOW = new Date('2030-07-02T08:00:00.000Z');
const stock = (available: number, safetyStock: number, extra: Partial<StockForRestock> = {}): StockForRestock => ({
  sku: 'NW-1',
  productId: 'p',
  supplierId: 's',
  onHand: available,
  reserved: 0,
  available,
  safetyStock,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  ...extra,
});
const nordwind = { leadTimeDays: 21, minimumOrderQuantity: 100, packSize: 1 };
const sentOrder = () => {
  const created = createPurchaseOrder(
    { purchaseOrderId: 'PO1', supplierId: 's', supplierStanding: 'APPROVED', lines: [{ sku: 'NW-1', quantity: 100, unitCost: { amount: 3500, currency: 'EUR' } }], aql: '2.5', leadTimeDays: 21, createdBy: 'restock' },
    NOW,
  ).next;
  return sendPurchaseOrder(submitPurchaseOrder(created, { amount: 500_000, currency: 'EUR' }, NOW).next, NOW).next;
};

describe('restockSettingsFrom', () => {
  it('defaults to 5,000.00 EUR, 48 h to decide, reminded 24 h before, 30 days of review', () => {
    expect(restockSettingsFrom({})).toEqual({ autoApprovalLimit: { amount: 500_000, currency: 'EUR' }, approvalWindowHours: 48, approvalReminderHours: 24, reviewPeriodDays: 30 });
  });

  it('reads the environment and falls back on values it refuses', () => {
    expect(restockSettingsFrom({ PO_AUTO_APPROVAL_LIMIT: '120000', PO_AUTO_APPROVAL_CURRENCY: 'GBP', PO_APPROVAL_WINDOW_HOURS: '12' })).toMatchObject({
      autoApprovalLimit: { amount: 120_000, currency: 'GBP' },
      approvalWindowHours: 12,
    });
    expect(restockSettingsFrom({ PO_AUTO_APPROVAL_LIMIT: '12.5', PO_AUTO_APPROVAL_CURRENCY: 'euro' }).autoApprovalLimit).toEqual({ amount: 500_000, currency: 'EUR' });
  });
});

describe('restockPolicy without a forecast (the safety stock stands for the demand over the lead time)', () => {
  it.each([
    // safety stock, available → reorder point, quantity (docs/inventory.md's worked example)
    [10, 0, 10, 100], // 10 ÷ 21 × 30 = 14.3 → 15, raised to the MOQ
    [200, 0, 200, 286], // 200 ÷ 21 × 30 = 285.7 → 286
    [200, 150, 200, 136], // 285.7 − 150 → 136
    [10, 11, 10, 0], // above the reorder point: nothing is due
  ])('safety stock %i, %i available → reorder point %i, order %i', (safetyStock, available, reorderPoint, quantity) => {
    const policy = restockPolicy(stock(available, safetyStock), nordwind, 0, { reviewPeriodDays: 30 });
    expect(policy).toMatchObject({ reorderPoint, reorderQuantity: quantity, inventoryPosition: available });
  });

  it('uses the forecast the nightly recompute writes on the stock record when there is one', () => {
    const policy = restockPolicy(stock(0, 10, { forecast: { dailyDemand: 20, trendPerDay: 0, sigmaDaily: 0 } }), nordwind, 0, { reviewPeriodDays: 30 });
    expect(policy).toMatchObject({ reorderPoint: 420, reorderQuantity: 600 });
  });
});

describe('restockPolicy: the supplier\'s terms for the SKU, its deliveries and what is on order', () => {
  const forecast = { dailyDemand: 20, trendPerDay: 0, sigmaDaily: 0 };
  it.each([
    // available, on order, MOQ, pack → position, quantity. Reorder point 20 × 21 = 420; the order tops up to 30 days (600).
    [0, 0, 100, 1, 0, 600], // 600 − 0
    [100, 200, 100, 1, 300, 300], // 600 − (100 + 200) = 300
    [100, 200, 100, 24, 300, 312], // 300 → 13 packs of 24
    [100, 200, 400, 24, 300, 408], // the MOQ 400 → 17 packs of 24
    [0, 421, 100, 24, 421, 0], // what is on order covers the reorder point: nothing is due
    [300, 120, 100, 1, 420, 180], // at the reorder point an order is due: 600 − 420
  ])('%i available, %i on order, MOQ %i, packs of %i → position %i, order %i', (available, onOrder, moq, pack, position, quantity) => {
    const policy = restockPolicy(stock(available, 10, { forecast }), { leadTimeDays: 21, minimumOrderQuantity: moq, packSize: pack }, onOrder, { reviewPeriodDays: 30 });
    expect(policy).toMatchObject({ inventoryPosition: position, reorderQuantity: quantity });
  });

  it('plans for the lead time the supplier delivered in: 5 deliveries of 31 days against 21 promised → 26 days (half weight)', () => {
    const policy = restockPolicy(stock(0, 10, { forecast }), { ...nordwind, observedLeadTimesDays: [31, 31, 31, 31, 31] }, 0, { reviewPeriodDays: 30 });
    expect(policy.leadTime).toMatchObject({ leadTimeDays: 26, basis: 'BLENDED', observations: 5, observedWeight: 0.5 });
    expect(policy.reorderPoint).toBe(520);
  });
});

describe('termsForSku', () => {
  const terms = { leadTimeDays: 21, minimumOrderQuantity: 100 };
  it("takes the contract's lead time and MOQ, a pack of 1, while the supplier made no offer for the SKU", () => {
    expect(termsForSku(terms)).toEqual({ leadTimeDays: 21, minimumOrderQuantity: 100, packSize: 1 });
  });
  it("takes what the supplier's offer for the SKU names, the contract for the rest", () => {
    expect(termsForSku(terms, { minimumOrderQuantity: 48, packSize: 24 })).toEqual({ leadTimeDays: 21, minimumOrderQuantity: 48, packSize: 24 });
    expect(termsForSku(terms, { leadTimeDays: 10, packSize: 6 })).toEqual({ leadTimeDays: 10, minimumOrderQuantity: 100, packSize: 6 });
  });
});

describe('unitsOnOrder', () => {
  it('is what the open order still owes of the SKU: ordered − accepted (a rejected lot is still owed)', () => {
    const order = sentOrder();
    expect(unitsOnOrder(order, 'NW-1')).toBe(100);
    const partly = receiptChange(order, { receiptId: 'R1', receivedBy: 'pia', lines: [{ sku: 'NW-1', quantity: 40, defectsFound: 0 }] }, NOW).next;
    expect(unitsOnOrder(partly, 'NW-1')).toBe(60);
    const rejected = receiptChange(partly, { receiptId: 'R2', receivedBy: 'pia', lines: [{ sku: 'NW-1', quantity: 60, defectsFound: 20 }] }, NOW).next;
    expect(unitsOnOrder(rejected, 'NW-1')).toBe(60);
  });

  it('is 0 for another SKU, no order, or an order that is finished', () => {
    const order = sentOrder();
    expect(unitsOnOrder(order, 'NW-2')).toBe(0);
    expect(unitsOnOrder(undefined, 'NW-1')).toBe(0);
    for (const status of ['RECEIVED', 'CLOSED', 'REJECTED', 'CANCELLED'] as const) expect(unitsOnOrder({ ...order, status }, 'NW-1')).toBe(0);
    for (const status of ['DRAFT', 'PENDING_APPROVAL', 'APPROVED'] as const) expect(unitsOnOrder({ ...order, status }, 'NW-1')).toBe(100);
  });
});

describe('the waits', () => {
  it('approval: the reminder after window − reminder, the deadline reminder later', () => {
    expect(approvalTiming({ approvalWindowHours: 48, approvalReminderHours: 24 }, NOW)).toEqual({ decideBy: '2030-07-04T08:00:00.000Z', reminderAfterSeconds: 86_400, expireAfterReminderSeconds: 86_400 });
    expect(approvalTiming({ approvalWindowHours: 2, approvalReminderHours: 24 }, NOW)).toMatchObject({ reminderAfterSeconds: 1, expireAfterReminderSeconds: 7_200 });
  });

  it('goods: seconds until the expected date, at least 1; overdue once marked; complete when received', () => {
    const order = sentOrder();
    expect(receiptWait(order, NOW)).toEqual({ complete: false, endedByOperator: false, overdue: false, overdueAfterSeconds: 21 * 86_400 });
    expect(receiptWait({ ...order, overdueAt: NOW.toISOString() }, new Date('2030-08-01T00:00:00.000Z'))).toEqual({ complete: false, endedByOperator: false, overdue: true, overdueAfterSeconds: 1 });
    expect(receiptWait({ ...order, status: 'RECEIVED' }, NOW)).toMatchObject({ complete: true, endedByOperator: false });
  });

  it('goods: an operator ended the wait when the order is CANCELLED or closed short; closed by the workflow it is not', () => {
    const order = sentOrder();
    expect(receiptWait({ ...order, status: 'CANCELLED', cancelReason: 'Supplier out of business' }, NOW).endedByOperator).toBe(true);
    expect(receiptWait({ ...order, status: 'CLOSED', closeReason: 'Rest discontinued' }, NOW)).toMatchObject({ complete: true, endedByOperator: true });
    expect(receiptWait({ ...order, status: 'CLOSED' }, NOW)).toMatchObject({ complete: true, endedByOperator: false });
  });

  it('an overdue order is judged as of its expected date when its deadline fires early', () => {
    const order = sentOrder();
    expect(overdueAsOf(order, NOW).toISOString()).toBe('2030-07-23T08:00:00.001Z');
    expect(overdueAsOf(order, new Date('2030-08-01T00:00:00.000Z')).toISOString()).toBe('2030-08-01T00:00:00.000Z');
  });

  it('the approval outcome: approved once approved; expired only when cancelled for the timeout', () => {
    expect(approvalOutcome({ status: 'APPROVED' })).toEqual({ approved: true, expired: false });
    expect(approvalOutcome({ status: 'SENT' })).toEqual({ approved: true, expired: false });
    expect(approvalOutcome({ status: 'REJECTED' })).toEqual({ approved: false, expired: false });
    expect(approvalOutcome({ status: 'CANCELLED', cancelReason: 'APPROVAL_TIMED_OUT' })).toEqual({ approved: false, expired: true });
    expect(approvalOutcome({ status: 'PENDING_APPROVAL' })).toEqual({ approved: false, expired: false });
  });
});

describe('receiptChange', () => {
  it('puts accepted lots on hand and makes each rejected lot a quality incident', () => {
    const order = { ...sentOrder(), lines: [...sentOrder().lines, { sku: 'NW-2', quantityOrdered: 50, unitCost: { amount: 100, currency: 'EUR' }, quantityAccepted: 0, quantityRejected: 0 }] };
    const change = receiptChange(order, { receiptId: 'R1', receivedBy: 'pia', lines: [{ sku: 'NW-1', quantity: 100, defectsFound: 0 }, { sku: 'NW-2', quantity: 50, defectsFound: 3 }] }, NOW);
    expect(change.received).toEqual([{ sku: 'NW-1', quantity: 100 }]);
    expect(change.incidents).toEqual([{ purchaseOrderId: 'PO1', supplierId: 's', receiptId: 'R1', sku: 'NW-2', quantity: 50, defectsFound: 3, sampleSize: expect.any(Number), recordedAt: NOW.toISOString() }]);
    expect(change.events.map((event) => event.detailType)).toEqual(['GoodsReceived', 'LotRejected']);
  });

  it('causes nothing again for a receipt already recorded', () => {
    const first = receiptChange(sentOrder(), { receiptId: 'R1', receivedBy: 'pia', lines: [{ sku: 'NW-1', quantity: 40, defectsFound: 0 }] }, NOW);
    const again = receiptChange(first.next, { receiptId: 'R1', receivedBy: 'pia', lines: [{ sku: 'NW-1', quantity: 40, defectsFound: 0 }] }, NOW);
    expect(again).toMatchObject({ next: first.next, events: [], received: [], incidents: [] });
  });
});
