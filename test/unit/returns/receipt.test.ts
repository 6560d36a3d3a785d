import { describe, expect, it } from 'vitest';
import { recordRefundOutcome, recordReturnReceipt } from '../../../shared/domain/returns/receipt';
import { requestReturn } from '../../../shared/domain/returns/request';
import { DEFAULT_RETURN_RULES, type ReturnReason } from '../../../shared/domain/returns/rules';
import { emptyTally } from '../../../shared/domain/returns/tally';
import type { ReceivedLine } from '../../../shared/domain/returns/return';
import { deliveredOrder, EUR, SKUS } from './fixtures';

const NOW = new Date('2030-07-12T09:00:00.000Z');
const order = deliveredOrder();
const approved = (reason: ReturnReason = 'DEFECTIVE', lines = [{ sku: 'TEE', quantity: 2 }, { sku: 'MUG', quantity: 1 }]) =>
  requestReturn(order, { returnId: '01J0RETURN', lines, reason, resolution: { type: 'REFUND' }, requestedBy: 'cust-1', now: new Date('2030-07-10T12:00:00.000Z') }, { skus: SKUS, tally: emptyTally(order.orderId), customerReturnCount: 0, rules: { ...DEFAULT_RETURN_RULES, autoApproveUpTo: 1_000_000 } });
const receive = (lines: ReceivedLine[], reason: ReturnReason = 'DEFECTIVE', onQualityHold: ReadonlySet<string> = new Set()) => {
  const { next, tally } = approved(reason);
  return recordReturnReceipt(next, order, tally, lines, 'picker-pia', NOW, DEFAULT_RETURN_RULES, { onQualityHold });
};

describe('recordReturnReceipt', () => {
  it.each([
    // arrived, status, refund total, short, restocked, incidents
    ['all of it, restocked: whole order with shipping', [{ sku: 'TEE', quantity: 2, disposition: 'RESTOCK' }, { sku: 'MUG', quantity: 1, disposition: 'RESTOCK' }], 'RECEIVED', 4998 + 999 + 670, false, [{ sku: 'TEE', quantity: 2 }, { sku: 'MUG', quantity: 1 }], 2],
    ['one tee short: only what arrived, no shipping', [{ sku: 'TEE', quantity: 1, disposition: 'WRITE_OFF' }, { sku: 'MUG', quantity: 1, disposition: 'REFURBISH' }], 'RECEIVED', 2499 + 999, true, [], 2],
    ['nothing arrived: closed, nothing owed', [], 'CLOSED', undefined, true, [], 0],
  ] as const)('%s', (_, lines, status, total, short, restock, incidents) => {
    const decision = receive([...lines]);
    expect(decision.next).toMatchObject({ status, receipt: { short } });
    expect(decision.next?.refund?.total.amount).toBe(total);
    expect(decision.restock).toEqual(restock);
    expect(decision.incidents).toHaveLength(incidents);
    expect(decision.warehouseId).toBe('berlin-hub');
  });

  it('a short receipt lets the missing units be asked for again, and counts what it refunds', () => {
    const decision = receive([{ sku: 'TEE', quantity: 1, disposition: 'RESTOCK' }]);
    expect(decision.tally).toMatchObject({ heldUnits: { TEE: 1, MUG: 0 }, refundedUnits: { TEE: 1 }, refunded: 2499, shippingRefunded: false });
    expect(decision.events?.[0]?.detail.summary).toContain('fewer items than announced');
  });

  it('records a quality incident per defective SKU that arrived, against its supplier (lot unknown)', () => {
    const [incident] = receive([{ sku: 'MUG', quantity: 1, disposition: 'RETURN_TO_VENDOR' }]).incidents;
    expect(incident).toEqual({ source: 'RETURN', returnId: '01J0RETURN', orderId: order.orderId, sku: 'MUG', productId: 'p-mug', supplierId: 'sup-keramik', quantity: 1, reason: 'DEFECTIVE', disposition: 'RETURN_TO_VENDOR', recordedAt: NOW.toISOString() });
  });

  it.each([
    // lines sent back, the listed unit costs, the debits [sku, supplier, quantity, unit, amount, basis]
    ['a mug sent back at its unit cost', [{ sku: 'MUG', quantity: 1, disposition: 'RETURN_TO_VENDOR' }], new Map([['MUG', { amount: 310, currency: 'EUR' }]]), [['MUG', 'sup-keramik', 1, 310, 310, 'UNIT_COST']]],
    ['two tees listed without a cost: at what the customer paid per unit', [{ sku: 'TEE', quantity: 2, disposition: 'RETURN_TO_VENDOR' }], new Map(), [['TEE', 'sup-nordwind', 2, 2499, 4998, 'PAID']]],
    ['restocked, refurbished, written off, or 0 arrived: no debit', [{ sku: 'TEE', quantity: 2, disposition: 'RESTOCK' }, { sku: 'MUG', quantity: 0, disposition: 'RETURN_TO_VENDOR' }], new Map(), []],
  ] as const)('debits the supplier for units sent back: %s', (_, lines, unitCosts, expected) => {
    const { next, tally } = approved();
    const decision = recordReturnReceipt(next, order, tally, [...lines], 'picker-pia', NOW, DEFAULT_RETURN_RULES, { unitCosts });
    expect(decision.debits.map((debit) => [debit.sku, debit.supplierId, debit.quantity, debit.unitAmount.amount, debit.amount.amount, debit.basis])).toEqual(expected);
    expect(decision.debits.every((debit) => debit.debitId === `01J0RETURN#${debit.sku}` && debit.recordedAt === NOW.toISOString() && debit.returnReason === 'DEFECTIVE')).toBe(true);
    expect(decision.events?.filter((event) => event.detailType === 'ReturnToVendorDebited')).toHaveLength(expected.length);
  });

  it('a changed mind is no quality incident', () => {
    expect(receive([{ sku: 'MUG', quantity: 1, disposition: 'RESTOCK' }], 'CHANGED_MIND').incidents).toEqual([]);
  });

  it.each([
    ['a SKU the return does not have', [{ sku: 'HAT', quantity: 1, disposition: 'RESTOCK' }], 'ValidationFailed'],
    ['a negative quantity', [{ sku: 'TEE', quantity: -1, disposition: 'RESTOCK' }], 'ValidationFailed'],
    ['more than requested', [{ sku: 'MUG', quantity: 2, disposition: 'RESTOCK' }], 'MoreThanRequested'],
  ] as const)('refuses %s', (_, lines, code) => {
    expect(() => receive([...lines])).toThrow(expect.objectContaining({ code }));
  });

  it('refuses to restock a SKU on quality hold (422 SkuOnQualityHold), and takes it in any other way', () => {
    const held = new Set(['MUG']);
    expect(() => receive([{ sku: 'MUG', quantity: 1, disposition: 'RESTOCK' }], 'DEFECTIVE', held)).toThrow(expect.objectContaining({ code: 'SkuOnQualityHold', fieldErrors: [expect.objectContaining({ field: 'lines.0.disposition' })] }));
    expect(receive([{ sku: 'MUG', quantity: 1, disposition: 'REFURBISH' }], 'DEFECTIVE', held).restock).toEqual([]);
  });

  it('refuses a return that is not waiting for its parcel', () => {
    const received = receive([{ sku: 'MUG', quantity: 1, disposition: 'RESTOCK' }]);
    expect(() => recordReturnReceipt(received.next!, order, received.tally!, [], 'picker-pia', NOW, DEFAULT_RETURN_RULES)).toThrow(expect.objectContaining({ code: 'ReturnNotAwaitingReceipt' }));
  });
});

describe('recordRefundOutcome', () => {
  const received = receive([{ sku: 'MUG', quantity: 1, disposition: 'RESTOCK' }]).next!;

  it('refunded once; a late answer changes nothing', () => {
    const done = recordRefundOutcome(received, { outcome: 'REFUNDED', refundId: 'rfnd_1', refundedAt: NOW.toISOString() }, NOW);
    expect(done.next).toMatchObject({ status: 'REFUNDED', refund: { status: 'REFUNDED', refundId: 'rfnd_1', attempts: 1, total: EUR(999) } });
    expect(recordRefundOutcome(done.next!, { outcome: 'REFUNDED', refundId: 'rfnd_1', refundedAt: NOW.toISOString() }, NOW)).toEqual({});
  });

  it('a failure leaves REFUND_FAILED for ops, which a retry turns into REFUNDED with the same key', () => {
    const failed = recordRefundOutcome(received, { outcome: 'FAILED', failure: 'PROCESSOR_ERROR' }, NOW).next!;
    expect(failed).toMatchObject({ status: 'REFUND_FAILED', refund: { status: 'FAILED', attempts: 1, idempotencyKey: 'refund-01J0RETURN' } });
    const retried = recordRefundOutcome(failed, { outcome: 'REFUNDED', refundId: 'rfnd_1', refundedAt: NOW.toISOString() }, NOW).next!;
    expect(retried).toMatchObject({ status: 'REFUNDED', refund: { attempts: 2, idempotencyKey: 'refund-01J0RETURN' } });
  });
});
