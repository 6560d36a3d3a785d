import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTO_APPROVE_THRESHOLD } from '../../../shared/domain/catalog/content-checks';
import {
  chooseListingPath,
  DEFAULT_MAX_UNREVIEWED_PRICE_DROP_PERCENT,
  isChangeRefusal,
  isPreferredSupplier,
  newProduct,
  planProductChange,
  priceChangesOnPublish,
  priceUpdateErrors,
  type ChangeRefusal,
  type ListingPath,
  type ProductChangePlan,
  type ProductChangeRequest,
} from '../../../shared/domain/catalog/listing';
import type { ListingQuality, Product, ProductRevision, QualityFinding, Sku } from '../../../shared/domain/catalog/product';
import type { Supplier } from '../../../shared/domain/suppliers/supplier';
import type { SupplierPerformance } from '../../../shared/domain/suppliers/scorecard';
import { goodContent, goodSkus, liveProduct, NOW, sentBackProduct, SUPPLIER_USER } from './fixtures';

const EUR = (amount: number) => ({ amount, currency: 'EUR' });
const POLICY = { minimumMarginPercent: 40, maxUnreviewedDropPercent: DEFAULT_MAX_UNREVIEWED_PRICE_DROP_PERCENT };
const M = 'NW-MER-NAVY-M';
const L = 'NW-MER-NAVY-L';

const plan = (product: Product, change: Omit<ProductChangeRequest, 'by' | 'now'>, policy = POLICY) =>
  planProductChange(product, { ...change, by: SUPPLIER_USER, now: NOW }, policy);

function planned<K extends ProductChangePlan['kind']>(result: ProductChangePlan | ChangeRefusal, kind: K): Extract<ProductChangePlan, { kind: K }> {
  if (isChangeRefusal(result)) throw new Error(`refused: ${JSON.stringify(result.fieldErrors)}`);
  expect(result.kind).toBe(kind);
  return result as Extract<ProductChangePlan, { kind: K }>;
}

const pricedAt = (skus: readonly Sku[], prices: Record<string, number>): Sku[] =>
  skus.map((sku) => (sku.sku in prices ? { ...sku, unitPrice: EUR(prices[sku.sku]!) } : sku));

describe('chooseListingPath', () => {
  const blocking: QualityFinding = { code: 'SLUG_TAKEN', message: 'm', fixHint: 'h', field: 'seo.slug', penalty: 20, blocking: true };
  const quality = (score: number, findings: QualityFinding[] = []): ListingQuality => ({ score, threshold: 70, findings, checkedAt: NOW.toISOString() });

  it.each<[string, ListingQuality, boolean, ListingPath]>([
    ['a blocking finding, even for a preferred supplier with a high score', quality(95, [blocking]), true, 'REQUEST_CHANGES'],
    ['a score below the quality threshold', quality(69), true, 'REQUEST_CHANGES'],
    ['a preferred supplier at the auto-approve threshold', quality(90), true, 'PUBLISH'],
    ['a preferred supplier at 100', quality(100), true, 'PUBLISH'],
    ['a preferred supplier just below the auto-approve threshold', quality(89), true, 'AWAIT_REVIEW'],
    ['any other supplier with a perfect score', quality(100), false, 'AWAIT_REVIEW'],
    ['any other supplier at the quality threshold', quality(70), false, 'AWAIT_REVIEW'],
  ])('%s → %s', (_name, given, preferred, path) => {
    expect(chooseListingPath(given, preferred, DEFAULT_AUTO_APPROVE_THRESHOLD)).toBe(path);
  });

  it('uses the auto-approve threshold it is given', () => {
    expect(DEFAULT_AUTO_APPROVE_THRESHOLD).toBe(90);
    expect(chooseListingPath(quality(80), true, 80)).toBe('PUBLISH');
    expect(chooseListingPath(quality(80), true, 81)).toBe('AWAIT_REVIEW');
  });
});

describe('isPreferredSupplier', () => {
  const flawless: SupplierPerformance = {
    ordersCount: 100,
    onTimeDeliveryRate: 0.99,
    fillRate: 1,
    returnRate: 0.005,
    defectRatePpm: 200,
    averageResponseHours: 2,
  };
  type Graded = Pick<Supplier, 'status' | 'performance' | 'qualificationScore'>;

  it.each<[string, Graded, boolean]>([
    ['an approved supplier graded A', { status: 'APPROVED', performance: flawless, qualificationScore: 60 }, true],
    ['an approved supplier just at grade A (85)', { status: 'APPROVED', performance: { ...flawless, onTimeDeliveryRate: 0.89 }, qualificationScore: 60 }, true],
    ['an approved supplier graded B', { status: 'APPROVED', performance: { ...flawless, onTimeDeliveryRate: 0.8 }, qualificationScore: 100 }, false],
    ['a supplier on probation, however good its numbers', { status: 'PROBATION', performance: flawless, qualificationScore: 100 }, false],
    ['a suspended supplier', { status: 'SUSPENDED', performance: flawless, qualificationScore: 100 }, false],
    ['a new supplier without enough orders to grade, even with a top qualification score', { status: 'APPROVED', performance: { ...flawless, ordersCount: 19 }, qualificationScore: 100 }, false],
  ])('%s → %s', (_name, supplier, preferred) => {
    expect(isPreferredSupplier(supplier)).toBe(preferred);
  });
});

describe('newProduct', () => {
  it('makes a DRAFT product whose first revision is the submitted content', () => {
    const content = goodContent();
    const skus = goodSkus();
    const at = NOW.toISOString();
    expect(newProduct({ productId: 'prod-1', supplierId: 'sup-1', categoryId: 'apparel', content, skus, by: SUPPLIER_USER, now: NOW })).toEqual({
      productId: 'prod-1',
      supplierId: 'sup-1',
      categoryId: 'apparel',
      status: 'DRAFT',
      latest: { revision: 1, status: 'DRAFT', reason: 'NEW_PRODUCT', content, skus, submittedAt: at, submittedBy: SUPPLIER_USER },
      priceHistory: [],
      history: [{ at, event: 'SUBMITTED', revision: 1, by: SUPPLIER_USER }],
      createdAt: at,
      createdBy: SUPPLIER_USER,
      updatedAt: at,
    });
  });

  it('is not live until it is published', () => {
    const product = newProduct({ productId: 'p', supplierId: 's', categoryId: 'apparel', content: goodContent(), skus: goodSkus(), by: 'u', now: NOW });
    expect(product).not.toHaveProperty('live');
  });
});

describe('priceUpdateErrors', () => {
  it.each<[string, { sku: string; unitPrice: { amount: number; currency: string } }[], { field: string; message: string }[]]>([
    ['no updates', [], []],
    ['prices at or above the floor', [{ sku: M, unitPrice: EUR(4900) }, { sku: L, unitPrice: EUR(12_000) }], []],
    ['an unknown SKU', [{ sku: 'NW-MER-RED-XL', unitPrice: EUR(8900) }], [{ field: 'prices.0.sku', message: 'This product has no SKU NW-MER-RED-XL' }]],
    [
      'a price below the floor',
      [{ sku: M, unitPrice: EUR(8900) }, { sku: L, unitPrice: EUR(4899) }],
      [{ field: 'prices.1.unitPrice', message: 'SKU NW-MER-NAVY-L at 48.99 EUR is below the 40 % margin floor of 49.00 EUR. Price it at 49.00 EUR or more' }],
    ],
    [
      'a price in another currency than the cost',
      [{ sku: M, unitPrice: { amount: 9900, currency: 'USD' } }],
      [{ field: 'prices.0.unitPrice', message: 'SKU NW-MER-NAVY-M is priced in USD but costs EUR. Price it at 49.00 EUR or more' }],
    ],
  ])('%s', (_name, prices, errors) => {
    expect(priceUpdateErrors(goodSkus(), prices, 40)).toEqual(errors);
  });

  it('checks the margin only of the SKUs being repriced', () => {
    const skus = pricedAt(goodSkus(), { [L]: 4000 }); // already below the floor
    expect(priceUpdateErrors(skus, [{ sku: M, unitPrice: EUR(7000) }], 40)).toEqual([]);
    expect(priceUpdateErrors(skus, [{ sku: L, unitPrice: EUR(4500) }], 40).map((error) => error.field)).toEqual(['prices.0.unitPrice']);
  });
});

describe('planProductChange', () => {
  describe('on a live product', () => {
    it('applies a price-only change under the drop limit at once and records it', () => {
      const product = liveProduct();
      const result = planned(plan(product, { prices: [{ sku: M, unitPrice: EUR(7900) }] }), 'REPRICE');
      expect(result.skus).toEqual(pricedAt(product.live!.skus, { [M]: 7900 }));
      expect(result.changes).toEqual([{ sku: M, from: EUR(8900), to: EUR(7900), changedAt: NOW.toISOString(), changedBy: SUPPLIER_USER }]);
      expect(result.history).toEqual([
        ...product.history,
        { at: NOW.toISOString(), event: 'PRICE_CHANGED', revision: 1, by: SUPPLIER_USER, note: 'NW-MER-NAVY-M 8900→7900 EUR' },
      ]);
    });

    it('applies price rises at once, whatever their size', () => {
      const result = planned(plan(liveProduct(), { prices: [{ sku: M, unitPrice: EUR(20_000) }, { sku: L, unitPrice: EUR(9900) }] }), 'REPRICE');
      expect(result.changes.map((change) => [change.sku, change.to.amount])).toEqual([[M, 20_000], [L, 9900]]);
      expect(result.history.at(-1)?.note).toBe('NW-MER-NAVY-M 8900→20000 EUR; NW-MER-NAVY-L 8900→9900 EUR');
    });

    it('does not count a price that stays the same as a change', () => {
      const result = planned(plan(liveProduct(), { prices: [{ sku: M, unitPrice: EUR(8900) }, { sku: L, unitPrice: EUR(8500) }] }), 'REPRICE');
      expect(result.changes.map((change) => change.sku)).toEqual([L]);
    });

    it('sends a drop above the limit to review as a PRICE_DROP revision, keeping the live content', () => {
      const product = liveProduct();
      const result = planned(plan(product, { prices: [{ sku: M, unitPrice: EUR(6000) }] }), 'REVISE'); // −32.6 %
      expect(result.revision).toEqual<ProductRevision>({
        revision: 2,
        status: 'DRAFT',
        reason: 'PRICE_DROP',
        content: product.live!.content,
        skus: pricedAt(product.live!.skus, { [M]: 6000 }),
        submittedAt: NOW.toISOString(),
        submittedBy: SUPPLIER_USER,
      });
      expect(result.history).toEqual([...product.history, { at: NOW.toISOString(), event: 'RESUBMITTED', revision: 2, by: SUPPLIER_USER, note: 'PRICE_DROP' }]);
    });

    it('sends the whole change to review when any one price drops too far', () => {
      const result = planned(plan(liveProduct(), { prices: [{ sku: M, unitPrice: EUR(8000) }, { sku: L, unitPrice: EUR(5000) }] }), 'REVISE');
      expect(result.revision.skus.map((sku) => sku.unitPrice.amount)).toEqual([8000, 5000]);
    });

    // From 100.00 EUR a drop of exactly the limit stays unreviewed; one cent more needs a review.
    it.each([
      [30, 7000, 'REPRICE'],
      [30, 6999, 'REVISE'],
      [25, 7500, 'REPRICE'],
      [25, 7499, 'REVISE'],
      [7, 9300, 'REPRICE'],
      [7, 9299, 'REVISE'],
      [10, 9000, 'REPRICE'],
      [10, 8999, 'REVISE'],
    ] as const)('with a %d percent limit, 10000 → %d cents is a %s', (limit, to, kind) => {
      const base = liveProduct();
      const skus = pricedAt(base.live!.skus, { [M]: 10_000 });
      const product: Product = { ...base, live: { ...base.live!, skus }, latest: { ...base.latest, skus } };
      const result = plan(product, { prices: [{ sku: M, unitPrice: EUR(to) }] }, { ...POLICY, maxUnreviewedDropPercent: limit });
      expect(planned(result, kind).kind).toBe(kind);
    });

    it('turns a content change into a CONTENT_CHANGE revision that merges the patch, SEO field by field', () => {
      const product = liveProduct();
      const live = product.live!.content;
      const result = planned(plan(product, { content: { title: 'Merino crew-neck sweater, deep navy', seo: { keywords: ['merino', 'jumper'] } } }), 'REVISE');
      expect(result.revision).toMatchObject({ revision: 2, status: 'DRAFT', reason: 'CONTENT_CHANGE', skus: product.live!.skus });
      expect(result.revision.content).toEqual({
        ...live,
        title: 'Merino crew-neck sweater, deep navy',
        seo: { slug: live.seo.slug, keywords: ['merino', 'jumper'] },
      });
      expect(result.history.at(-1)).toEqual({ at: NOW.toISOString(), event: 'RESUBMITTED', revision: 2, by: SUPPLIER_USER, note: 'CONTENT_CHANGE' });
      expect(product.live!.content).toEqual(goodContent()); // the live version stays as it is
    });

    it('puts prices sent with a content change into the revision, not live', () => {
      const product = liveProduct();
      const result = planned(plan(product, { content: { brand: 'Nordwind Studio' }, prices: [{ sku: L, unitPrice: EUR(8500) }] }), 'REVISE');
      expect(result.revision.reason).toBe('CONTENT_CHANGE');
      expect(result.revision.content.brand).toBe('Nordwind Studio');
      expect(result.revision.skus).toEqual(pricedAt(goodSkus(), { [L]: 8500 }));
    });

    it('replaces the specs and images it is sent as a whole', () => {
      const images = goodContent().images.slice(0, 1);
      const result = planned(plan(liveProduct(), { content: { specs: { material: 'Wool' }, images } }), 'REVISE');
      expect(result.revision.content.specs).toEqual({ material: 'Wool' });
      expect(result.revision.content.images).toEqual(images);
    });

    it('numbers the new revision after the latest one', () => {
      const product = liveProduct({ revision: 4 });
      const result = planned(plan(product, { content: { brand: 'X' } }), 'REVISE');
      expect(result.revision.revision).toBe(5);
      expect(result.history.at(-1)?.revision).toBe(5);
    });
  });

  describe('refusals', () => {
    it('names the index of an unknown SKU and of a price below the margin floor, and plans nothing', () => {
      const result = plan(liveProduct(), {
        prices: [
          { sku: M, unitPrice: EUR(8000) },
          { sku: 'NW-MER-RED-XL', unitPrice: EUR(8000) },
          { sku: L, unitPrice: EUR(4899) },
        ],
      });
      expect(isChangeRefusal(result)).toBe(true);
      expect((result as ChangeRefusal).fieldErrors.map((error) => error.field)).toEqual(['prices.1.sku', 'prices.2.unitPrice']);
    });

    it('refuses a below-margin price sent with a content change too', () => {
      const result = plan(liveProduct(), { content: { brand: 'X' }, prices: [{ sku: M, unitPrice: EUR(100) }] });
      expect(result).toEqual({ fieldErrors: [expect.objectContaining({ field: 'prices.0.unitPrice' })] });
    });

    it("uses the policy's margin", () => {
      const prices = [{ sku: M, unitPrice: EUR(4500) }]; // cost 35.00: a 28.6 % margin
      expect(isChangeRefusal(plan(liveProduct(), { prices }, { ...POLICY, minimumMarginPercent: 28 }))).toBe(false);
      expect(isChangeRefusal(plan(liveProduct(), { prices }, { ...POLICY, minimumMarginPercent: 29 }))).toBe(true);
    });
  });

  describe('before the first publication', () => {
    it('makes every change, even a price alone, a NEW_PRODUCT revision', () => {
      const product = sentBackProduct();
      const byPrice = planned(plan(product, { prices: [{ sku: 'NW-MER2-NAVY-M', unitPrice: EUR(8500) }] }), 'REVISE');
      expect(byPrice.revision).toMatchObject({ revision: 2, status: 'DRAFT', reason: 'NEW_PRODUCT', content: product.latest.content });
      expect(byPrice.revision.skus).toEqual(pricedAt(product.latest.skus, { 'NW-MER2-NAVY-M': 8500 }));
      const byContent = planned(plan(product, { content: { title: 'Merino crew-neck sweater, navy blue' } }), 'REVISE');
      expect(byContent.revision.reason).toBe('NEW_PRODUCT');
      expect(byContent.revision.content.title).toBe('Merino crew-neck sweater, navy blue');
      expect(byContent.history.at(-1)).toEqual({ at: NOW.toISOString(), event: 'RESUBMITTED', revision: 2, by: SUPPLIER_USER, note: 'NEW_PRODUCT' });
    });
  });

  describe('when the latest revision was rejected', () => {
    const addedSku: Sku = { ...goodSkus()[0]!, sku: 'NW-MER-NAVY-S', options: { size: 'S', colour: 'navy' } };
    const rejected = () =>
      liveProduct({ revision: 2, status: 'REJECTED', reason: 'CONTENT_CHANGE', content: { ...goodContent(), brand: 'Rejected' }, skus: [...goodSkus(), addedSku] });

    it('reprices the live SKUs and knows only those', () => {
      const product = rejected();
      expect(plan(product, { prices: [{ sku: 'NW-MER-NAVY-S', unitPrice: EUR(8500) }] })).toEqual({
        fieldErrors: [{ field: 'prices.0.sku', message: 'This product has no SKU NW-MER-NAVY-S' }],
      });
      const result = planned(plan(product, { prices: [{ sku: M, unitPrice: EUR(8500) }] }), 'REPRICE');
      expect(result.skus).toEqual(pricedAt(goodSkus(), { [M]: 8500 }));
    });

    it('starts a content change from the live version, not the rejected one', () => {
      const result = planned(plan(rejected(), { content: { title: 'Merino crew-neck sweater, ink navy' } }), 'REVISE');
      expect(result.revision).toMatchObject({ revision: 3, reason: 'CONTENT_CHANGE', skus: goodSkus() });
      expect(result.revision.content).toEqual({ ...goodContent(), title: 'Merino crew-neck sweater, ink navy' });
    });
  });

  describe('when the latest revision was sent back for changes', () => {
    const edited = { ...goodContent(), title: 'Merino crew-neck sweater, navy (edited)', brand: 'Nordwind Edit' };
    const addedSku: Sku = { ...goodSkus()[0]!, sku: 'NW-MER-NAVY-S', options: { size: 'S', colour: 'navy' } };
    const sentBackRevision: Partial<ProductRevision> = {
      revision: 2,
      status: 'CHANGES_REQUESTED',
      reason: 'CONTENT_CHANGE',
      content: edited,
      skus: [...goodSkus(), addedSku],
    };

    it("starts from that revision's content and SKUs, not the live version", () => {
      const product = liveProduct(sentBackRevision);
      const result = planned(plan(product, { content: { description: `${edited.description} Now with a longer body.` } }), 'REVISE');
      expect(result.revision).toMatchObject({ revision: 3, reason: 'CONTENT_CHANGE', skus: [...goodSkus(), addedSku] });
      expect(result.revision.content).toEqual({ ...edited, description: `${edited.description} Now with a longer body.` });
    });

    it("accepts prices for the SKUs of that revision, and does not apply them to the live version at once", () => {
      const product = liveProduct(sentBackRevision);
      const result = planned(plan(product, { prices: [{ sku: 'NW-MER-NAVY-S', unitPrice: EUR(8500) }] }), 'REVISE');
      expect(result.revision.content).toEqual(edited);
      expect(result.revision.skus.map((sku) => [sku.sku, sku.unitPrice.amount])).toEqual([
        [M, 8900],
        [L, 8900],
        ['NW-MER-NAVY-S', 8500],
      ]);
    });
  });
});

describe('priceChangesOnPublish', () => {
  const revisionWith = (skus: Sku[]): ProductRevision => ({ ...liveProduct().latest, revision: 2, status: 'IN_REVIEW', skus });

  it('lists the live prices the revision changes', () => {
    const product = liveProduct();
    const revision = revisionWith(pricedAt(goodSkus(), { [L]: 5900 }));
    expect(priceChangesOnPublish(product, revision, 'op-1', NOW)).toEqual([
      { sku: L, from: EUR(8900), to: EUR(5900), changedAt: NOW.toISOString(), changedBy: 'op-1' },
    ]);
  });

  it('ignores SKUs the live version does not have and prices that stay the same', () => {
    const added: Sku = { ...goodSkus()[0]!, sku: 'NW-MER-NAVY-S', unitPrice: EUR(7000) };
    expect(priceChangesOnPublish(liveProduct(), revisionWith([...goodSkus(), added]), 'op-1', NOW)).toEqual([]);
  });

  it('has nothing to report for a product never published', () => {
    const product = sentBackProduct();
    expect(priceChangesOnPublish(product, { ...product.latest, skus: pricedAt(product.latest.skus, { 'NW-MER2-NAVY-M': 5000 }) }, 'op-1', NOW)).toEqual([]);
  });
});
