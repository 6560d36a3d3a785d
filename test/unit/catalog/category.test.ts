import { describe, expect, it } from 'vitest';
import { DEMO_CATEGORIES, missingRequiredSpecs } from '../../../shared/domain/catalog/category';
import { apparel, goodContent } from './fixtures';

describe('missingRequiredSpecs', () => {
  it.each<[string, Record<string, string>, string[]]>([
    ['every required spec filled in', goodContent().specs, []],
    ['extra specs besides the required ones', { ...goodContent().specs, colour: 'navy' }, []],
    ['one left out', { material: 'wool', fit: 'Regular' }, ['care']],
    ['a blank value', { material: 'wool', care: ' \t ', fit: 'Regular' }, ['care']],
    ['an empty value', { material: '', care: 'Hand wash', fit: 'Regular' }, ['material']],
    ['none at all, in the order the category lists them', {}, ['material', 'care', 'fit']],
    ['a key in another case', { Material: 'wool', care: 'Hand wash', fit: 'Regular' }, ['material']],
  ])('%s → %j', (_name, specs, missing) => {
    expect(missingRequiredSpecs(apparel, specs)).toEqual(missing);
  });

  it('asks nothing of a category that requires nothing', () => {
    expect(missingRequiredSpecs({ requiredSpecs: [] }, {})).toEqual([]);
  });
});

describe('DEMO_CATEGORIES', () => {
  it('has unique lower-case slugs and the apparel rules the fixtures rely on', () => {
    const ids = DEMO_CATEGORIES.map((category) => category.categoryId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(DEMO_CATEGORIES.find((category) => category.categoryId === 'apparel')).toEqual({
      categoryId: apparel.categoryId,
      name: apparel.name,
      requiredSpecs: apparel.requiredSpecs,
      minimumMarginPercent: apparel.minimumMarginPercent,
    });
  });
});
