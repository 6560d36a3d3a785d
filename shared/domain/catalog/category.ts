/**
 * Categories are data (items in the table, managed by operators): what a product of the category must
 * specify, and the least margin it may be sold at.
 */
import { DomainError } from '../errors';

export interface Category {
  /** Lower-case slug, e.g. `apparel`. */
  readonly categoryId: string;
  readonly name: string;
  /** Spec keys every product of the category must fill in, e.g. `material`, `care`. */
  readonly requiredSpecs: readonly string[];
  /** Price ≥ cost × (1 + minimumMarginPercent / 100). */
  readonly minimumMarginPercent: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** The required specs a product leaves out (blank values count as missing). */
export const missingRequiredSpecs = (category: Pick<Category, 'requiredSpecs'>, specs: Readonly<Record<string, string>>): string[] =>
  category.requiredSpecs.filter((key) => (specs[key] ?? '').trim() === '');

/** 422 `MissingRequiredSpecs`, naming each missing `content.specs.<key>`, unless every required spec is there. */
export function assertRequiredSpecs(category: Pick<Category, 'requiredSpecs' | 'name'>, specs: Readonly<Record<string, string>>): void {
  const missing = missingRequiredSpecs(category, specs);
  if (missing.length === 0) return;
  throw new DomainError(
    'unprocessable',
    'MissingRequiredSpecs',
    `${category.name} products must state: ${missing.join(', ')}`,
    missing.map((key) => ({ field: `content.specs.${key}`, message: `Required for ${category.name}` })),
  );
}

/** The demo catalogue's categories: seeded by the local cloud, and a starting point for a real one. */
export const DEMO_CATEGORIES: readonly Omit<Category, 'updatedAt' | 'updatedBy'>[] = [
  { categoryId: 'apparel', name: 'Apparel', requiredSpecs: ['material', 'care', 'fit'], minimumMarginPercent: 40 },
  { categoryId: 'home-textiles', name: 'Home textiles', requiredSpecs: ['material', 'care', 'size'], minimumMarginPercent: 35 },
  { categoryId: 'kitchen', name: 'Kitchen', requiredSpecs: ['material', 'dishwasherSafe', 'capacity'], minimumMarginPercent: 30 },
  { categoryId: 'tableware', name: 'Tableware', requiredSpecs: ['material', 'dishwasherSafe', 'microwaveSafe'], minimumMarginPercent: 30 },
  { categoryId: 'electronics', name: 'Electronics', requiredSpecs: ['voltage', 'warrantyMonths', 'certifications'], minimumMarginPercent: 15 },
];
