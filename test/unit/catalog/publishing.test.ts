import { describe, expect, it } from 'vitest';
import { AUTO_APPROVAL, publishListing } from '../../../shared/domain/catalog/publishing';
import type { ProductRevision } from '../../../shared/domain/catalog/product';
import { goodContent, goodSkus, liveProduct, NOW, OPERATOR } from './fixtures';

/** A live product whose revision 2 (`latest`) was reviewed and approved. */
const approvedRevision = (latest: Partial<ProductRevision> = {}) =>
  liveProduct({
    revision: 2,
    status: 'IN_REVIEW',
    review: { decision: 'APPROVE', reviewedBy: OPERATOR, reviewedAt: '2030-02-28T09:00:00.000Z' },
    ...latest,
  });

describe('publishListing', () => {
  it('puts the revision live with ProductListed, claims its slug and a stock record per SKU', () => {
    const publication = publishListing(approvedRevision(), 2, NOW, 5);
    expect(publication.next).toMatchObject({ status: 'ACTIVE', live: { revision: 2, publishedAt: NOW.toISOString() }, latest: { revision: 2, status: 'PUBLISHED' } });
    expect(publication.events?.map((event) => event.detailType)).toEqual(['ProductListed']);
    expect(publication.claimSlug).toBe(goodContent().seo.slug);
    expect(publication).not.toHaveProperty('releaseSlug');
    expect(publication.createStock).toEqual(
      goodSkus().map((sku) => expect.objectContaining({ sku: sku.sku, productId: 'prod-1', supplierId: 'sup-1', safetyStock: 5, onHand: 0, reserved: 0, available: 0 })),
    );
  });

  it('moves the slug when the revision changes it, and names the approver (auto-approval without a review)', () => {
    const publication = publishListing(approvedRevision({ content: goodContent('merino-crew-neck-v2'), review: undefined }), 2, NOW, 5);
    expect(publication.claimSlug).toBe('merino-crew-neck-v2');
    expect(publication.releaseSlug).toBe(goodContent().seo.slug);
    expect(publication.events?.[0]?.detail).toMatchObject({ approvedBy: AUTO_APPROVAL });
  });

  it('announces a price change with PriceChanged', () => {
    const skus = goodSkus().map((sku) => ({ ...sku, unitPrice: { ...sku.unitPrice, amount: sku.unitPrice.amount + 500 } }));
    const publication = publishListing(approvedRevision({ skus }), 2, NOW, 5);
    expect(publication.events?.map((event) => event.detailType)).toEqual(['ProductListed', 'PriceChanged']);
  });

  it('changes nothing when the revision is live already: a step run twice', () => {
    expect(publishListing(liveProduct(), 1, NOW, 5)).toEqual({});
  });
});
