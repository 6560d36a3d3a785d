import { describe, expect, it } from 'vitest';
import { archiveProduct } from '../../../shared/domain/catalog/archive';
import { liveProduct, NOW, OPERATOR, sentBackProduct } from './fixtures';

describe('archiving a product', () => {
  it('takes a live product off sale: ARCHIVED, in its history, its slug freed, ProductArchived naming its live SKUs', () => {
    const decision = archiveProduct(liveProduct(), OPERATOR, 'Discontinued by the maker', NOW);
    expect(decision.next).toMatchObject({ status: 'ARCHIVED', updatedAt: NOW.toISOString() });
    expect(decision.next!.history.at(-1)).toEqual({ at: NOW.toISOString(), event: 'ARCHIVED', revision: 1, by: OPERATOR, note: 'Discontinued by the maker' });
    expect(decision.releaseSlug).toBe('merino-crew-neck-sweater');
    expect(decision.claimSlug).toBeUndefined();
    // Its stock records stay, retired: low stock never asks for a restock of them again.
    expect(decision.retireStock).toEqual(liveProduct().live!.skus.map(({ sku }) => sku));
    expect(decision.events).toEqual([
      expect.objectContaining({
        source: 'commerce.catalog',
        detailType: 'ProductArchived',
        detail: expect.objectContaining({ productId: 'prod-1', skus: liveProduct().live!.skus.map(({ sku }) => ({ sku })), archivedBy: OPERATOR, reason: 'Discontinued by the maker' }),
      }),
    ]);
  });

  it('changes nothing for a product archived already (the route answers the same)', () => {
    const archived = archiveProduct(liveProduct(), OPERATOR, 'Discontinued', NOW).next!;
    expect(archiveProduct(archived, OPERATOR, 'Again', NOW)).toEqual({});
  });

  it('refuses a product that is not live, and one whose next revision awaits review', () => {
    expect(() => archiveProduct(sentBackProduct(), OPERATOR, 'x', NOW)).toThrow(expect.objectContaining({ code: 'ProductNotLive', kind: 'conflict' }));
    expect(() => archiveProduct(liveProduct({ revision: 2, status: 'IN_REVIEW' }), OPERATOR, 'x', NOW)).toThrow(expect.objectContaining({ code: 'RevisionInReview', kind: 'conflict' }));
    expect(() => archiveProduct(liveProduct({ revision: 2, status: 'DRAFT' }), OPERATOR, 'x', NOW)).toThrow(expect.objectContaining({ code: 'RevisionInReview' }));
  });
});
