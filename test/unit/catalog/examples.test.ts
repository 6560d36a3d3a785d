import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createProductBodySchema } from '../../../shared/contracts/catalog';
import { DEMO_CATEGORIES } from '../../../shared/domain/catalog/category';
import { checkListingContent } from '../../../shared/domain/catalog/content-checks';
import { NOW } from './fixtures';

const example = JSON.parse(readFileSync(new URL('../../../docs/examples/product.json', import.meta.url), 'utf8'));

describe('the README\'s example product (docs/examples/product.json)', () => {
  it('is a valid POST /products body in a demo category', () => {
    const parsed = createProductBodySchema.safeParse(example);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(DEMO_CATEGORIES.map(({ categoryId }) => categoryId)).toContain(example.categoryId);
  });

  it('passes every content check, so the walkthrough reaches the operator\'s review', () => {
    const body = createProductBodySchema.parse(example);
    const category = DEMO_CATEGORIES.find(({ categoryId }) => categoryId === body.categoryId)!;
    expect(checkListingContent({ content: body.content, skus: body.skus, category, now: NOW })).toMatchObject({ score: 100, findings: [] });
  });
});
