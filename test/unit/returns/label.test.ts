import { describe, expect, it } from 'vitest';
import { attachReturnLabel, labelToVoid, markLabelVoided, returnLabelRequest } from '../../../shared/domain/returns/label';
import { expireReturn } from '../../../shared/domain/returns/approval';
import { requestReturn } from '../../../shared/domain/returns/request';
import { nextStep } from '../../../shared/domain/returns/return';
import { DEFAULT_RETURN_RULES } from '../../../shared/domain/returns/rules';
import { emptyTally } from '../../../shared/domain/returns/tally';
import { deliveredOrder, SKUS } from './fixtures';

const NOW = new Date('2030-07-10T12:00:00.000Z');
const shipped = deliveredOrder([], { carrierId: 'rheinpost', estimatedWeightGrams: 900 });
const ask = (customerReturnCount = 0) =>
  requestReturn(shipped, { returnId: '01J0RETURN', lines: [{ sku: 'TEE', quantity: 1 }], reason: 'WRONG_ITEM', resolution: { type: 'REFUND' }, requestedBy: 'cust-1', now: NOW }, { skus: SKUS, tally: emptyTally(shipped.orderId), customerReturnCount, rules: DEFAULT_RETURN_RULES }).next;
const BOOKED = { carrierId: 'rheinpost', trackingNumber: 'RHE00000000000042', labelUrl: 'https://labels.sandbox.invalid/rheinpost/RHE00000000000042.pdf' };

describe('the return label', () => {
  it('books an approved return from the customer to the order\'s warehouse with the delivering carrier, its weight pro rata', () => {
    expect(returnLabelRequest(ask(), shipped)).toEqual({ returnId: '01J0RETURN', carrierId: 'rheinpost', weightGrams: 300, from: shipped.shippingAddress, toWarehouseId: 'berlin-hub' });
  });

  it('books nothing for a return waiting for an operator, or one that has its label', () => {
    expect(returnLabelRequest(ask(9), shipped)).toBeUndefined();
    const labelled = attachReturnLabel(ask(), BOOKED, NOW).next!;
    expect(returnLabelRequest(labelled, shipped)).toBeUndefined();
  });

  it('puts the label on the return and tells the customer what to do with it; a second label changes nothing', () => {
    const decision = attachReturnLabel(ask(), BOOKED, NOW);
    expect(decision.next?.label).toEqual({ ...BOOKED, issuedAt: NOW.toISOString() });
    expect(nextStep(decision.next!)).toContain('Print the return label (https://labels.sandbox.invalid/rheinpost/RHE00000000000042.pdf)');
    expect(decision.events?.map((event) => event.detailType)).toEqual(['ReturnLabelIssued']);
    expect(attachReturnLabel(decision.next!, { ...BOOKED, trackingNumber: 'OTHER' }, NOW)).toEqual({});
  });

  it('voids an expired return\'s label once (the compensation of booking it), and nothing else', () => {
    const labelled = attachReturnLabel(ask(), BOOKED, NOW).next!;
    const expired = expireReturn(labelled, emptyTally(shipped.orderId), NOW).next!;
    const cases: [string, Parameters<typeof labelToVoid>[0], boolean][] = [
      ['approved, still waiting for its parcel', labelled, false],
      ['expired without a label', expireReturn(ask(), emptyTally(shipped.orderId), NOW).next!, false],
      ['expired with its label', expired, true],
      ['expired, voided already', markLabelVoided(expired, BOOKED.trackingNumber, NOW).next!, false],
    ];
    for (const [, ret, voids] of cases) expect(labelToVoid(ret)).toEqual(voids ? expect.objectContaining({ trackingNumber: BOOKED.trackingNumber }) : undefined);
    expect(markLabelVoided(expired, BOOKED.trackingNumber, NOW).next?.label).toEqual({ ...BOOKED, issuedAt: NOW.toISOString(), voidedAt: NOW.toISOString() });
    expect(markLabelVoided(expired, 'OTHER', NOW)).toEqual({});
  });
});
