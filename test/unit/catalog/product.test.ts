import { describe, expect, it } from 'vitest';
import {
  appendHistory,
  assertRevisionTransition,
  baseVersionFor,
  canTransitionProduct,
  HISTORY_LIMIT,
  PRODUCT_STATUSES,
  productStatusFor,
  REVISION_STATUSES,
  revisionRefusal,
  type Product,
  type ProductStatus,
  type RevisionStatus,
} from '../../../shared/domain/catalog/product';
import { liveProduct, sentBackProduct } from './fixtures';

const ILLEGAL = expect.objectContaining({ kind: 'conflict', code: 'IllegalStatusTransition' });

describe('revision status transitions', () => {
  const LEGAL: [RevisionStatus, RevisionStatus][] = [
    ['DRAFT', 'IN_REVIEW'],
    ['IN_REVIEW', 'PUBLISHED'],
    ['IN_REVIEW', 'CHANGES_REQUESTED'],
    ['IN_REVIEW', 'REJECTED'],
  ];
  const all = REVISION_STATUSES.flatMap((from) => REVISION_STATUSES.map((to) => [from, to] as const));

  it.each(all)('%s → %s is allowed only if listed', (from, to) => {
    if (LEGAL.some(([a, b]) => a === from && b === to)) expect(() => assertRevisionTransition(from, to)).not.toThrow();
    else expect(() => assertRevisionTransition(from, to)).toThrow(ILLEGAL);
  });

  it('says which move was refused', () => {
    expect(() => assertRevisionTransition('PUBLISHED', 'DRAFT')).toThrow('A product revision cannot move from PUBLISHED to DRAFT');
  });
});

describe('product status transitions', () => {
  const LEGAL: [ProductStatus, ProductStatus][] = [
    ['DRAFT', 'IN_REVIEW'],
    ['IN_REVIEW', 'ACTIVE'],
    ['IN_REVIEW', 'CHANGES_REQUESTED'],
    ['IN_REVIEW', 'REJECTED'],
    ['CHANGES_REQUESTED', 'DRAFT'],
    ['ACTIVE', 'ARCHIVED'],
  ];
  const all = PRODUCT_STATUSES.flatMap((from) => PRODUCT_STATUSES.map((to) => [from, to] as const));

  it.each(all)('%s → %s is allowed only if listed', (from, to) => {
    expect(canTransitionProduct(from, to)).toBe(LEGAL.some(([a, b]) => a === from && b === to));
  });
});

describe('productStatusFor', () => {
  it.each<[ProductStatus, RevisionStatus, ProductStatus]>([
    ['DRAFT', 'DRAFT', 'DRAFT'],
    ['DRAFT', 'IN_REVIEW', 'IN_REVIEW'],
    ['IN_REVIEW', 'IN_REVIEW', 'IN_REVIEW'],
    ['IN_REVIEW', 'PUBLISHED', 'ACTIVE'],
    ['IN_REVIEW', 'CHANGES_REQUESTED', 'CHANGES_REQUESTED'],
    ['IN_REVIEW', 'REJECTED', 'REJECTED'],
    ['CHANGES_REQUESTED', 'DRAFT', 'DRAFT'],
  ])('before going live, a %s product whose revision becomes %s is %s', (current, revision, next) => {
    expect(productStatusFor(false, current, revision)).toBe(next);
  });

  it.each<[ProductStatus, RevisionStatus]>([
    ['DRAFT', 'PUBLISHED'],
    ['DRAFT', 'REJECTED'],
    ['CHANGES_REQUESTED', 'IN_REVIEW'],
    ['REJECTED', 'DRAFT'],
    ['IN_REVIEW', 'DRAFT'],
  ])('before going live, a %s product cannot follow its revision to %s', (current, revision) => {
    expect(() => productStatusFor(false, current, revision)).toThrow(ILLEGAL);
  });

  it.each<[ProductStatus, RevisionStatus]>([
    ['ACTIVE', 'DRAFT'],
    ['ACTIVE', 'IN_REVIEW'],
    ['ACTIVE', 'CHANGES_REQUESTED'],
    ['ACTIVE', 'REJECTED'],
    ['ACTIVE', 'PUBLISHED'],
    ['ARCHIVED', 'IN_REVIEW'],
  ])('once live, a %s product stays so while a revision becomes %s', (current, revision) => {
    expect(productStatusFor(true, current, revision)).toBe(current);
  });
});

describe('baseVersionFor', () => {
  it.each<[RevisionStatus, 'live' | 'latest']>([
    ['PUBLISHED', 'live'],
    ['DRAFT', 'live'],
    ['IN_REVIEW', 'live'],
    ['REJECTED', 'live'],
    ['CHANGES_REQUESTED', 'latest'],
  ])('a live product whose latest revision is %s starts a new revision from the %s version', (status, from) => {
    const product = liveProduct({ revision: 2, status, content: { ...liveProduct().latest.content, brand: 'Edited' } });
    expect(baseVersionFor(product)).toBe(from === 'live' ? product.live : product.latest);
  });

  it('a product never published starts from its latest revision', () => {
    const product = sentBackProduct();
    expect(baseVersionFor(product)).toBe(product.latest);
    const inReview: Product = { ...product, status: 'IN_REVIEW', latest: { ...product.latest, status: 'IN_REVIEW' } };
    expect(baseVersionFor(inReview)).toBe(inReview.latest);
  });
});

describe('revisionRefusal', () => {
  const live = liveProduct;
  const draft = sentBackProduct;
  it.each<[string, Product, string | undefined]>([
    ['a live product with nothing in review', live(), undefined],
    ['a live product whose latest revision was sent back', live({ revision: 2, status: 'CHANGES_REQUESTED' }), undefined],
    ['a live product whose latest revision was rejected', live({ revision: 2, status: 'REJECTED' }), undefined],
    ['a product never published that was sent back', draft(), undefined],
    ['a live product with a revision in review', live({ revision: 2, status: 'IN_REVIEW' }), 'Revision 2 is still in review; wait for its outcome'],
    ['a live product with a revision not yet checked', live({ revision: 3, status: 'DRAFT' }), 'Revision 3 is still in review; wait for its outcome'],
    ['a new product in review', { ...draft(), status: 'IN_REVIEW', latest: { ...draft().latest, status: 'IN_REVIEW' } }, 'Revision 1 is still in review; wait for its outcome'],
    ['an archived product', { ...live(), status: 'ARCHIVED' }, 'An archived product cannot be changed'],
    ['a rejected product never published', { ...draft(), status: 'REJECTED', latest: { ...draft().latest, status: 'REJECTED' } }, 'A rejected product cannot be resubmitted; list a new one'],
  ])('%s → %j', (_name, product, refusal) => {
    expect(revisionRefusal(product)).toBe(refusal);
  });
});

describe('appendHistory', () => {
  it('appends in order without changing the list it is given', () => {
    const entries = ['a', 'b'];
    expect(appendHistory(entries, 'c', 'd')).toEqual(['a', 'b', 'c', 'd']);
    expect(entries).toEqual(['a', 'b']);
  });

  it(`keeps the newest ${HISTORY_LIMIT} entries`, () => {
    expect(HISTORY_LIMIT).toBe(100);
    const full = Array.from({ length: HISTORY_LIMIT }, (_, i) => i);
    expect(appendHistory(full.slice(1))).toHaveLength(HISTORY_LIMIT - 1);
    expect(appendHistory(full.slice(1), 100)).toEqual(Array.from({ length: HISTORY_LIMIT }, (_, i) => i + 1));
    const next = appendHistory(full, 100, 101);
    expect(next).toHaveLength(HISTORY_LIMIT);
    expect([next[0], next.at(-1)]).toEqual([2, 101]);
  });
});
