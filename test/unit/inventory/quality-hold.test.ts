import { describe, expect, it } from 'vitest';
import { decideQualityHold, DEFAULT_QUALITY_HOLD_RULES, isOnQualityHold, qualityHoldRulesFrom, refuseReceivingOnHold, releaseQualityHold, type HoldableStock, type QualityIncidentFact } from '../../../shared/domain/inventory/quality-hold';
import { decideProbationReview, decideStandingByHand, type ReviewableSupplier } from '../../../shared/domain/suppliers/quality-review';

const NOW = new Date('2030-07-31T12:00:00.000Z');
const SUPPLIER = '01J0SUPPLIER000000000000000';
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const returned = (sku: string, days: number, ref = `ret-${sku}-${days}`): QualityIncidentFact => ({ source: 'RETURN', sku, supplierId: SUPPLIER, recordedAt: daysAgo(days), ref, quantity: 1 });
const rejectedLot = (sku: string, days: number): QualityIncidentFact => ({ source: 'QC', sku, supplierId: SUPPLIER, recordedAt: daysAgo(days), ref: 'po-7', lotId: 'po-7/rcpt-2', quantity: 40 });
const stock = (extra: Partial<HoldableStock> = {}): HoldableStock => ({ sku: 'MUG', productId: '01J0PRODUCT0000000000000000', supplierId: SUPPLIER, ...extra });
const RULES = { ...DEFAULT_QUALITY_HOLD_RULES, supplierIncidents: 6 }; // 3 incidents of a SKU in 30 days (the default); 6 of a supplier (10 by default)

describe('quality hold of a SKU (3 incidents in 30 days by default)', () => {
  it.each([
    ['two incidents', [returned('MUG', 1), returned('MUG', 2)], {}, false],
    ['three returns within the window', [returned('MUG', 1), returned('MUG', 10), returned('MUG', 29)], {}, true],
    ['two returns and a lot QC rejected', [returned('MUG', 1), returned('MUG', 2), rejectedLot('MUG', 5)], {}, true],
    ['three, one outside the window', [returned('MUG', 1), returned('MUG', 2), returned('MUG', 31)], {}, false],
    ['three of other SKUs of the supplier', [returned('BOWL', 1), returned('BOWL', 2), returned('PLATE', 3)], {}, false],
    ['three, two before the last release', [returned('MUG', 1), returned('MUG', 5), returned('MUG', 6)], { qualityHoldReleasedAt: daysAgo(4) }, false],
    ['already on hold', [returned('MUG', 1), returned('MUG', 2), returned('MUG', 3)], { qualityHold: { since: daysAgo(1), supplierId: SUPPLIER, incidents: 3, windowDays: 30, lots: [], refs: [] } }, false],
  ] as const)('%s: on hold %s', (_, incidents, extra, held) => {
    const decided = decideQualityHold(stock(extra), incidents, NOW, RULES);
    expect(decided.hold !== undefined).toBe(held);
    expect(decided.events.map((event) => event.detailType)).toEqual(held ? ['SkuQualityHoldPlaced'] : []);
  });

  it('names the supplier, the lots and the returns in the hold and in the alert to ops', () => {
    const { hold, events } = decideQualityHold(stock(), [returned('MUG', 1, 'ret-1'), returned('MUG', 2, 'ret-2'), rejectedLot('MUG', 5)], NOW, RULES);
    expect(hold).toEqual({ since: NOW.toISOString(), supplierId: SUPPLIER, incidents: 3, windowDays: 30, lots: ['po-7/rcpt-2'], refs: ['po-7', 'ret-1', 'ret-2'] });
    expect(events[0]!.detail.summary).toBe(
      `SKU MUG is on quality hold: 3 quality incidents in 30 days (supplier ${SUPPLIER}; lots po-7/rcpt-2). It cannot be sold or restocked until an operator releases it (POST /inventory/MUG/quality-hold/release).`,
    );
  });

  it('is released by an operator once (409 NotOnQualityHold after), with SkuQualityHoldReleased', () => {
    const { hold } = decideQualityHold(stock(), [returned('MUG', 1), returned('MUG', 2), returned('MUG', 3)], NOW, RULES);
    const held = stock({ qualityHold: hold });
    expect(isOnQualityHold(held)).toBe(true);
    const released = releaseQualityHold(held, 'op-olga', 'supplier replaced the batch', NOW);
    expect(released).toMatchObject({ releasedAt: NOW.toISOString(), events: [{ detailType: 'SkuQualityHoldReleased', detail: { sku: 'MUG', releasedBy: 'op-olga', note: 'supplier replaced the batch' } }] });
    expect(() => releaseQualityHold(stock(), 'op-olga', 'again', NOW)).toThrow(expect.objectContaining({ code: 'NotOnQualityHold', kind: 'conflict' }));
  });

  it('receives no units by hand while held (422 SkuOnQualityHold); write-offs and a SKU not held go through', () => {
    const { hold } = decideQualityHold(stock(), [returned('MUG', 1), returned('MUG', 2), returned('MUG', 3)], NOW, RULES);
    const held = stock({ qualityHold: hold });
    expect(() => refuseReceivingOnHold(held, 5)).toThrow(expect.objectContaining({ code: 'SkuOnQualityHold', kind: 'unprocessable' }));
    expect(() => refuseReceivingOnHold(held, -2)).not.toThrow();
    expect(() => refuseReceivingOnHold(stock(), 5)).not.toThrow();
  });

  it('reads its thresholds from settings, keeping the defaults for nonsense', () => {
    expect(qualityHoldRulesFrom({ QUALITY_HOLD_INCIDENTS: '5', QUALITY_HOLD_WINDOW_DAYS: '14', SUPPLIER_REVIEW_INCIDENTS: '0' })).toEqual({ skuIncidents: 5, windowDays: 14, supplierIncidents: 10 });
  });
});

describe('probation review of a supplier (here 6 incidents across its SKUs in 30 days)', () => {
  const supplier = (extra: Partial<ReviewableSupplier> = {}): ReviewableSupplier => ({ supplierId: SUPPLIER, name: 'Costa Cerâmica', status: 'APPROVED', ...extra });
  const six = [returned('MUG', 1), returned('MUG', 2), returned('BOWL', 3), returned('BOWL', 4), rejectedLot('PLATE', 5), returned('PLATE', 6)];

  it.each([
    ['five incidents', supplier(), six.slice(1), false],
    ['six across three SKUs', supplier(), six, true],
    ['six, PREFERRED', supplier({ standing: 'PREFERRED' }), six, true],
    ['six, already on PROBATION', supplier({ status: 'PROBATION', standing: 'PROBATION' }), six, false],
    ['six, SUSPENDED', supplier({ status: 'SUSPENDED' }), six, false],
    ['six, four counted before the last review', supplier({ probationReview: { openedAt: daysAgo(2.5), incidents: 6, windowDays: 30, skus: [], lots: [] } }), six, false],
  ] as const)('%s: to probation %s', (_, who, incidents, review) => {
    const decided = decideProbationReview(who, incidents, NOW, RULES);
    expect(decided.next?.standing === 'PROBATION').toBe(review);
    expect(decided.events.map((event) => event.detailType)).toEqual(review ? ['SupplierProbationReviewOpened'] : []);
  });

  it('puts it on PROBATION (status and standing) and tells ops the SKUs and lots', () => {
    const { next, events } = decideProbationReview(supplier({ standing: 'PREFERRED' }), six, NOW, RULES);
    expect(next).toEqual({ status: 'PROBATION', standing: 'PROBATION', probationReview: { openedAt: NOW.toISOString(), incidents: 6, windowDays: 30, skus: ['BOWL', 'MUG', 'PLATE'], lots: ['po-7/rcpt-2'] } });
    expect(events[0]!.detail).toMatchObject({ from: 'PREFERRED', to: 'PROBATION', summary: expect.stringContaining('6 quality incidents in 30 days across SKUs BOWL, MUG, PLATE (lots po-7/rcpt-2)') });
  });

  it('is closed by an operator by hand: back to APPROVED (or kept on PROBATION), the review marked, SupplierStandingChanged; suspensions set and lifted the same way', () => {
    const { next: onProbation } = decideProbationReview(supplier(), six, NOW, RULES);
    const reviewed = supplier(onProbation);
    const back = decideStandingByHand(reviewed, 'APPROVED', 'op-olga', 'Batches replaced; QC passed twice', NOW);
    expect(back.next).toMatchObject({ status: 'APPROVED', standing: 'APPROVED', probationReview: { incidents: 6, closedAt: NOW.toISOString(), closedBy: 'op-olga', outcome: 'APPROVED', note: 'Batches replaced; QC passed twice' } });
    expect(back.events[0]).toMatchObject({ detailType: 'SupplierStandingChanged', detail: { from: 'PROBATION', to: 'APPROVED', by: 'op-olga', manual: true, reviewClosed: true, alert: false } });
    expect(decideStandingByHand(reviewed, 'PROBATION', 'op-olga', 'Keep watching', NOW).next).toMatchObject({ standing: 'PROBATION', probationReview: { outcome: 'PROBATION' } });
    const suspended = decideStandingByHand(supplier(), 'SUSPENDED', 'op-olga', 'Counterfeit goods', NOW);
    expect(suspended).toMatchObject({ next: { status: 'SUSPENDED', standing: 'SUSPENDED' }, events: [{ detail: { from: 'APPROVED', to: 'SUSPENDED', alert: true, reviewClosed: false } }] });
    expect(decideStandingByHand(supplier({ status: 'SUSPENDED', standing: 'SUSPENDED' }), 'APPROVED', 'op-olga', 'Cleared by legal', NOW).next).toMatchObject({ status: 'APPROVED', standing: 'APPROVED' });
    // Nothing to decide: the same standing and no review open.
    expect(() => decideStandingByHand(supplier(), 'APPROVED', 'op-olga', 'again', NOW)).toThrow(expect.objectContaining({ code: 'StandingUnchanged', kind: 'conflict' }));
    expect(() => decideStandingByHand(supplier(back.next), 'APPROVED', 'op-olga', 'again', NOW)).toThrow(expect.objectContaining({ code: 'StandingUnchanged' }));
  });
});
