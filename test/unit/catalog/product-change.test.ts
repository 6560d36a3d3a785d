import { describe, expect, it } from 'vitest';
import { changeProduct } from '../../../shared/domain/catalog/product-change';
import { apparel, goodSkus, liveProduct, NOW, SUPPLIER_USER } from './fixtures';

const rules = { category: apparel, maxUnreviewedPriceDropPercent: 30, correlationId: 'corr-1' };
const sku = goodSkus()[0]!;

describe('changeProduct', () => {
  it('reprices the live product at once on a small price change, with PriceChanged', () => {
    const to = { amount: sku.unitPrice.amount + 100, currency: sku.unitPrice.currency };
    const decision = changeProduct(liveProduct(), { prices: [{ sku: sku.sku, unitPrice: to }], by: SUPPLIER_USER, now: NOW }, rules);
    expect(decision.kind).toBe('REPRICE');
    expect(decision.next.live!.skus.find((candidate) => candidate.sku === sku.sku)!.unitPrice).toEqual(to);
    expect(decision.next.priceHistory.at(-1)).toMatchObject({ sku: sku.sku, to });
    expect(decision.next.updatedAt).toBe(NOW.toISOString());
    expect(decision.events.map((event) => event.detailType)).toEqual(['PriceChanged']);
  });

  it('makes a content change a new revision for review while the live version stays, with ProductSubmittedForReview', () => {
    const product = liveProduct();
    const decision = changeProduct(product, { content: { title: 'Merino crew-neck sweater, navy' }, by: SUPPLIER_USER, now: NOW }, rules);
    expect(decision.kind).toBe('REVISE');
    expect(decision.next.live).toEqual(product.live);
    expect(decision.next.latest).toMatchObject({ revision: 2, reason: 'CONTENT_CHANGE' });
    expect(decision.events).toMatchObject([{ detailType: 'ProductSubmittedForReview', detail: { correlationId: 'corr-1', revision: 2 } }]);
  });

  it('refuses a product whose revision is in review already (409 ProductNotEditable)', () => {
    expect(() => changeProduct(liveProduct({ revision: 2, status: 'IN_REVIEW' }), { content: { title: 'x' }, by: SUPPLIER_USER, now: NOW }, rules)).toThrow(
      expect.objectContaining({ code: 'ProductNotEditable' }),
    );
  });

  it('refuses prices that break the margin rule (422 PriceChangeRefused)', () => {
    const decision = () => changeProduct(liveProduct(), { prices: [{ sku: sku.sku, unitPrice: { amount: 1, currency: sku.unitPrice.currency } }], by: SUPPLIER_USER, now: NOW }, rules);
    expect(decision).toThrow(expect.objectContaining({ code: 'PriceChangeRefused' }));
  });
});
