import { describe, expect, it } from 'vitest';
import {
  cancelPurchaseOrder,
  closePurchaseOrder,
  createPurchaseOrder,
  decidePurchaseOrder,
  deliveryPerformance,
  endPurchaseOrder,
  isOverdue,
  leadTimeObserved,
  markOverdue,
  PURCHASE_ORDER_STATUSES,
  PURCHASE_ORDER_TRANSITIONS,
  sendPurchaseOrder,
  submitPurchaseOrder,
  type NewPurchaseOrder,
  type PurchaseOrder,
} from '../../../shared/domain/inventory/purchase-order';
import { recordReceipt } from '../../../shared/domain/inventory/receipts';

const NOW = new Date('2026-12-01T09:00:00.000Z');
const later = (days: number) => new Date(NOW.getTime() + days * 86_400_000);
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const LIMIT = eur(500_000); // 5,000.00 EUR

const input: NewPurchaseOrder = {
  purchaseOrderId: 'PO1',
  supplierId: 'SUP1',
  supplierStanding: 'APPROVED',
  lines: [
    { sku: 'MUG', quantity: 1_000, unitCost: eur(250) },
    { sku: 'LID', quantity: 100, unitCost: eur(500) },
  ],
  aql: 'AQL 1.0 General Inspection Level II',
  leadTimeDays: 10,
  createdBy: 'restock',
};

const types = (events: readonly { detailType: string }[]) => events.map((event) => event.detailType);
const sent = (): PurchaseOrder => {
  const draft = createPurchaseOrder(input, NOW).next;
  const approved = submitPurchaseOrder(draft, LIMIT, NOW).next;
  return sendPurchaseOrder(approved, NOW).next;
};

describe('the state machine', () => {
  it('lists every status and leaves the final ones final', () => {
    expect(Object.keys(PURCHASE_ORDER_TRANSITIONS).sort()).toEqual([...PURCHASE_ORDER_STATUSES].sort());
    for (const final of ['CLOSED', 'REJECTED', 'CANCELLED'] as const) expect(PURCHASE_ORDER_TRANSITIONS[final]).toEqual([]);
  });
});

describe('createPurchaseOrder', () => {
  it('drafts the order with its total and AQL column', () => {
    const { next, events } = createPurchaseOrder(input, NOW);
    // 1,000 × 2.50 + 100 × 5.00 = 3,000.00 EUR
    expect(next).toMatchObject({ status: 'DRAFT', total: eur(300_000), aql: '1.0', receipts: [] });
    expect(next.lines[0]).toEqual({ sku: 'MUG', quantityOrdered: 1_000, unitCost: eur(250), quantityAccepted: 0, quantityRejected: 0 });
    expect(types(events)).toEqual(['PurchaseOrderCreated']);
    expect(events[0]?.source).toBe('commerce.inventory');
  });

  it('refuses a suspended supplier', () => {
    expect(() => createPurchaseOrder({ ...input, supplierStanding: 'SUSPENDED' }, NOW)).toThrow(expect.objectContaining({ kind: 'conflict', code: 'SupplierSuspended' }));
  });

  it('refuses bad lines, naming each', () => {
    const bad = { ...input, aql: 'AQL 3', lines: [{ sku: 'MUG', quantity: 0, unitCost: eur(250) }, { sku: 'MUG', quantity: 1, unitCost: { amount: 1, currency: 'USD' } }] };
    expect(() => createPurchaseOrder(bad, NOW)).toThrow(
      expect.objectContaining({
        code: 'ValidationFailed',
        fieldErrors: [
          expect.objectContaining({ field: 'lines.0.quantity' }),
          expect.objectContaining({ field: 'lines.1.unitCost.currency' }),
          expect.objectContaining({ field: 'lines' }),
          expect.objectContaining({ field: 'aql' }),
        ],
      }),
    );
  });
});

describe('submitPurchaseOrder (approval route)', () => {
  const draft = createPurchaseOrder(input, NOW).next; // 3,000.00 EUR

  it.each([
    ['under the limit', LIMIT, 'APPROVED', 'WITHIN_LIMIT', 'PurchaseOrderApproved'],
    ['exactly at the limit', eur(300_000), 'APPROVED', 'WITHIN_LIMIT', 'PurchaseOrderApproved'],
    ['one cent over', eur(299_999), 'PENDING_APPROVAL', 'OVER_LIMIT', 'PurchaseOrderAwaitingApproval'],
    ['a limit in another currency', { amount: 10_000_000, currency: 'USD' }, 'PENDING_APPROVAL', 'OVER_LIMIT', 'PurchaseOrderAwaitingApproval'],
  ])('%s → %s', (_, limit, status, reason, event) => {
    const { next, events } = submitPurchaseOrder(draft, limit, NOW);
    expect(next.status).toBe(status);
    expect(next.approval?.reason).toBe(reason);
    expect(types(events)).toEqual([event]);
  });

  it('sends every order of a supplier on probation to an operator, whatever its value', () => {
    const probation = createPurchaseOrder({ ...input, supplierStanding: 'PROBATION' }, NOW).next;
    const { next } = submitPurchaseOrder(probation, LIMIT, NOW);
    expect(next).toMatchObject({ status: 'PENDING_APPROVAL', approval: { route: 'OPERATOR', reason: 'SUPPLIER_ON_PROBATION' } });
  });
});

describe('decidePurchaseOrder', () => {
  const pending = submitPurchaseOrder(createPurchaseOrder(input, NOW).next, eur(1), NOW).next;

  it('approves or rejects an order awaiting a decision', () => {
    expect(decidePurchaseOrder(pending, { approve: true, by: 'op1' }, NOW).next).toMatchObject({ status: 'APPROVED', approval: { decidedBy: 'op1', route: 'OPERATOR' } });
    const rejected = decidePurchaseOrder(pending, { approve: false, by: 'op1', note: 'too dear' }, NOW);
    expect(rejected.next.status).toBe('REJECTED');
    expect(rejected.events[0]?.detail.summary).toContain('too dear');
  });

  it('refuses a decision on an order not awaiting one', () => {
    const approved = decidePurchaseOrder(pending, { approve: true, by: 'op1' }, NOW).next;
    expect(() => decidePurchaseOrder(approved, { approve: false, by: 'op2' }, NOW)).toThrow(
      expect.objectContaining({ kind: 'conflict', code: 'PurchaseOrderNotAwaitingDecision' }),
    );
  });
});

describe('sending and overdue', () => {
  it('sets the expected date from the lead time when sent', () => {
    expect(sent()).toMatchObject({ status: 'SENT', sentAt: NOW.toISOString(), expectedBy: later(10).toISOString() });
  });

  it('is overdue only after the expected date, and says so once', () => {
    const order = sent();
    expect(isOverdue(order, later(10))).toBe(false);
    const first = markOverdue(order, later(11));
    expect(types(first.events)).toEqual(['PurchaseOrderOverdue']);
    expect(markOverdue(first.next, later(12)).events).toEqual([]);
  });

  it('is not overdue once the goods are in', () => {
    const received = recordReceipt(sent(), { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 1_000, defectsFound: 0 }, { sku: 'LID', quantity: 100, defectsFound: 0 }] }, later(12)).next;
    expect(isOverdue(received, later(20))).toBe(false);
  });
});

describe('recordReceipt', () => {
  it('keeps the order open on a partial receipt and reports the accepted units', () => {
    // lot 400 → H, n 50, AQL 1.0: Ac 1 → 1 defect accepts
    const { next, events } = recordReceipt(sent(), { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 400, defectsFound: 1 }] }, later(5));
    expect(next.status).toBe('PARTIALLY_RECEIVED');
    expect(next.lines[0]).toMatchObject({ quantityAccepted: 400, quantityRejected: 0 });
    expect(next.receipts[0]?.lines[0]?.inspection).toEqual({ codeLetter: 'H', sampleSize: 50, acceptNumber: 1, rejectNumber: 2, defectsFound: 1, verdict: 'ACCEPTED' });
    expect(types(events)).toEqual(['GoodsReceived']);
    expect(events[0]?.detail).toMatchObject({ accepted: [{ sku: 'MUG', quantity: 400 }] });
  });

  it('rejects a lot with too many defects: nothing added, a quality incident, the units still owed', () => {
    // lot 400 at AQL 1.0: Re 2
    const { next, events } = recordReceipt(sent(), { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 400, defectsFound: 2 }] }, later(5));
    expect(next.lines[0]).toMatchObject({ quantityAccepted: 0, quantityRejected: 400 });
    expect(next.status).toBe('PARTIALLY_RECEIVED');
    expect(types(events)).toEqual(['LotRejected']);
    // the replacement lot of 1,000 is still within what is owed
    const replaced = recordReceipt(next, { receiptId: 'R2', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 1_000, defectsFound: 2 }, { sku: 'LID', quantity: 100, defectsFound: 0 }] }, later(8));
    expect(replaced.next.status).toBe('RECEIVED'); // lot 1,000 → J, Ac 2
  });

  it('refuses more than still owed, and changes nothing', () => {
    const order = recordReceipt(sent(), { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 900, defectsFound: 0 }] }, later(5)).next;
    expect(() => recordReceipt(order, { receiptId: 'R2', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 101, defectsFound: 0 }] }, later(6))).toThrow(
      expect.objectContaining({ kind: 'unprocessable', code: 'ReceiptExceedsOrder', fieldErrors: [expect.objectContaining({ field: 'lines.0.quantity', message: '101 received, 100 still owed.' })] }),
    );
    expect(order.lines[0]?.quantityAccepted).toBe(900);
  });

  it('refuses goods on a closed order, and before the order is sent', () => {
    const order = recordReceipt(sent(), { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 500, defectsFound: 0 }] }, later(5)).next;
    const closed = closePurchaseOrder(order, 'op1', later(6)).next;
    expect(() => recordReceipt(closed, { receiptId: 'R2', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 1, defectsFound: 0 }] }, later(7))).toThrow(
      expect.objectContaining({ kind: 'conflict', code: 'PurchaseOrderClosed' }),
    );
    const draft = createPurchaseOrder(input, NOW).next;
    expect(() => recordReceipt(draft, { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 1, defectsFound: 0 }] }, NOW)).toThrow(
      expect.objectContaining({ kind: 'conflict', code: 'PurchaseOrderNotSent' }),
    );
  });

  it('refuses unknown SKUs and impossible defect counts', () => {
    expect(() => recordReceipt(sent(), { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'CUP', quantity: 1, defectsFound: 0 }, { sku: 'MUG', quantity: 10, defectsFound: 11 }] }, NOW)).toThrow(
      expect.objectContaining({ code: 'ValidationFailed', fieldErrors: [expect.objectContaining({ field: 'lines.0.sku' }), expect.objectContaining({ field: 'lines.1.defectsFound' })] }),
    );
  });

  it('records the same receipt once', () => {
    const receipt = { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 400, defectsFound: 0 }] };
    const once = recordReceipt(sent(), receipt, later(5)).next;
    const twice = recordReceipt(once, receipt, later(5));
    expect(twice.next).toBe(once);
    expect(twice.events).toEqual([]);
  });
});

describe('closing and cancelling', () => {
  it('closes a received order with its delivery performance', () => {
    const received = recordReceipt(sent(), { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 1_000, defectsFound: 0 }, { sku: 'LID', quantity: 100, defectsFound: 0 }] }, later(12)).next;
    const { next, events } = closePurchaseOrder(received, 'restock', later(12));
    expect(next.status).toBe('CLOSED');
    expect(events[0]?.detail).toMatchObject({ performance: { unitsOrdered: 1_100, unitsAccepted: 1_100, fillRate: 1, onTime: false, leadTimeDays: 12 } });
  });

  it('closes short: fill rate counts what was accepted', () => {
    const part = recordReceipt(sent(), { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 825, defectsFound: 0 }] }, later(9)).next;
    expect(deliveryPerformance(closePurchaseOrder(part, 'op1', later(30)).next)).toEqual({ unitsOrdered: 1_100, unitsAccepted: 825, fillRate: 0.75, onTime: true, leadTimeDays: 9 });
  });

  it('cancels before any goods came, not after', () => {
    expect(cancelPurchaseOrder(sent(), 'restock', 'APPROVAL_TIMED_OUT', NOW).next).toMatchObject({ status: 'CANCELLED', cancelReason: 'APPROVAL_TIMED_OUT' });
    const part = recordReceipt(sent(), { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 1, defectsFound: 0 }] }, NOW).next;
    expect(() => cancelPurchaseOrder(part, 'op1', 'changed mind', NOW)).toThrow(expect.objectContaining({ code: 'PurchaseOrderNotCancellable' }));
  });

  it('refuses to close an order still waiting for goods', () => {
    expect(() => closePurchaseOrder(sent(), 'op1', NOW)).toThrow(expect.objectContaining({ code: 'PurchaseOrderNotClosable' }));
  });
});

describe('an overdue order counts against the on-time rate', () => {
  it('is late once reported overdue, even when its goods are dated by the expected date (a deadline that fired early)', () => {
    const overdue = markOverdue(sent(), later(11)).next;
    const received = recordReceipt(overdue, { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 1_000, defectsFound: 0 }, { sku: 'LID', quantity: 100, defectsFound: 0 }] }, later(12)).next;
    expect(deliveryPerformance(received)).toMatchObject({ onTime: false, leadTimeDays: 12 });
    const early = recordReceipt({ ...sent(), overdueAt: later(1).toISOString() }, { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 1_000, defectsFound: 0 }, { sku: 'LID', quantity: 100, defectsFound: 0 }] }, later(2)).next;
    expect(deliveryPerformance(early).onTime).toBe(false);
  });
});

describe('leadTimeObserved (the delivered lead time the nightly policy weighs)', () => {
  const all = [{ sku: 'MUG', quantity: 1_000, defectsFound: 0 }, { sku: 'LID', quantity: 100, defectsFound: 0 }];
  it('is the days from sending to the receipt that completes the order, with the promise beside it', () => {
    const order = sent();
    const received = recordReceipt(order, { receiptId: 'R1', receivedBy: 'wh1', lines: all }, later(12.5)).next;
    expect(leadTimeObserved(order, received)).toEqual({ supplierId: 'SUP1', purchaseOrderId: 'PO1', sentAt: NOW.toISOString(), receivedAt: later(12.5).toISOString(), days: 12.5, promisedDays: 10 });
  });

  it('counts from the first send to the last receipt when the goods came in parts', () => {
    const part = recordReceipt(sent(), { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 1_000, defectsFound: 0 }] }, later(8)).next;
    const rest = recordReceipt(part, { receiptId: 'R2', receivedBy: 'wh1', lines: [{ sku: 'LID', quantity: 100, defectsFound: 0 }] }, later(11)).next;
    expect(leadTimeObserved(part, rest)?.days).toBe(11);
  });

  it('is nothing for a partial receipt, a closed-short order, or a change of an order already received', () => {
    const order = sent();
    const part = recordReceipt(order, { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 1_000, defectsFound: 0 }] }, later(8)).next;
    expect(leadTimeObserved(order, part)).toBeUndefined();
    expect(leadTimeObserved(part, closePurchaseOrder(part, 'op1', later(20)).next)).toBeUndefined();
    const received = recordReceipt(order, { receiptId: 'R1', receivedBy: 'wh1', lines: all }, later(9)).next;
    expect(leadTimeObserved(received, closePurchaseOrder(received, 'restock', later(9)).next)).toBeUndefined();
  });
});

describe('endPurchaseOrder (an operator ends an order waiting for goods)', () => {
  it('cancels a sent order nothing came for, with the reason', () => {
    const { next, events, performance } = endPurchaseOrder(sent(), 'buyer', 'Supplier cannot deliver', later(3));
    expect(next).toMatchObject({ status: 'CANCELLED', cancelReason: 'Supplier cannot deliver', cancelledAt: later(3).toISOString() });
    expect(types(events)).toEqual(['PurchaseOrderCancelled']);
    expect(performance).toBeUndefined();
  });

  it('closes short an order received in part, with its delivery performance', () => {
    const part = recordReceipt(sent(), { receiptId: 'R1', receivedBy: 'wh1', lines: [{ sku: 'MUG', quantity: 825, defectsFound: 0 }] }, later(9)).next;
    const { next, events, performance } = endPurchaseOrder(part, 'buyer', 'Lids discontinued', later(30));
    expect(next).toMatchObject({ status: 'CLOSED', closeReason: 'Lids discontinued', closedAt: later(30).toISOString() });
    expect(types(events)).toEqual(['PurchaseOrderClosed']);
    expect(performance).toEqual({ unitsOrdered: 1_100, unitsAccepted: 825, fillRate: 0.75, onTime: true, leadTimeDays: 9 });
  });

  it.each(['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'RECEIVED', 'CLOSED', 'REJECTED', 'CANCELLED'] as const)('refuses a %s order (409 PurchaseOrderNotOpen)', (status) => {
    expect(() => endPurchaseOrder({ ...sent(), status }, 'buyer', 'why', NOW)).toThrow(expect.objectContaining({ code: 'PurchaseOrderNotOpen', kind: 'conflict' }));
  });
});
