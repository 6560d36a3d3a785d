/**
 * Listing-quality checks: what the listing workflow finds wrong with a product's content before
 * shoppers see it. Every finding says what is wrong, where, and how to fix it; each costs points.
 *
 * | code                            | points          | blocking | rule                                                  |
 * |---------------------------------|-----------------|----------|-------------------------------------------------------|
 * | TITLE_LENGTH                    | 15              |          | title is 10–80 characters                             |
 * | TITLE_MISSING_PRIMARY_KEYWORD   | 10              |          | title contains the primary (first) SEO keyword        |
 * | DESCRIPTION_TOO_SHORT           | 15              |          | description has at least 40 words                     |
 * | DESCRIPTION_MISSING_FEATURES    | 5               |          | description says what the product offers              |
 * | DESCRIPTION_MISSING_MATERIAL    | 5               |          | description says what it is made of                   |
 * | DESCRIPTION_MISSING_USAGE       | 5               |          | description says how to use or care for it            |
 * | TOO_FEW_IMAGES                  | 15              |          | at least 3 images                                     |
 * | DUPLICATE_IMAGE_URL             | 10 per repeat   |          | image URLs are distinct                               |
 * | IMAGE_MISSING_ALT_TEXT          | 5 per image     |          | every image has alt text                              |
 * | MISSING_REQUIRED_SPEC           | 10 per spec     | yes      | every spec the category requires is filled in         |
 * | MARGIN_TOO_LOW                  | 20 per SKU      | yes      | price ≥ cost × (1 + the category's minimum margin)    |
 * | SLUG_TAKEN                      | 20              | yes      | no other product uses the slug                        |
 * | BANNED_WORD                     | 20 per word     | yes      | no banned or misleading word (configurable list)      |
 *
 * Score = 100 − points, at least 0. A listing passes at or above the quality threshold with no
 * blocking finding.
 */
import type { Category } from './category';
import { missingRequiredSpecs } from './category';
import type { ListingQuality, ProductContent, QualityFinding, Sku } from './product';
import { formatMoney, minimumPriceFor } from '../money';

export const TITLE_MIN_LENGTH = 10;
export const TITLE_MAX_LENGTH = 80;
export const MINIMUM_DESCRIPTION_WORDS = 40;
export const MINIMUM_IMAGES = 3;
export const DEFAULT_QUALITY_THRESHOLD = 70;
export const DEFAULT_AUTO_APPROVE_THRESHOLD = 90;

/** Claims no listing may make: health promises, guarantees, fakes. Deployments may replace the list. */
export const DEFAULT_BANNED_WORDS: readonly string[] = [
  'miracle',
  'cure',
  'guaranteed',
  'risk-free',
  'best ever',
  'fda approved',
  'clinically proven',
  'replica',
  'counterfeit',
  'knock-off',
];

export interface ContentCheckInput {
  readonly content: ProductContent;
  readonly skus: readonly Sku[];
  readonly category: Pick<Category, 'requiredSpecs' | 'minimumMarginPercent' | 'name'>;
  /** The id of another product that holds the slug already, if any. */
  readonly slugTakenBy?: string;
  /** @default DEFAULT_BANNED_WORDS */
  readonly bannedWords?: readonly string[];
  /** @default DEFAULT_QUALITY_THRESHOLD */
  readonly threshold?: number;
  readonly now: Date;
}

const finding = (
  code: QualityFinding['code'],
  penalty: number,
  message: string,
  fixHint: string,
  field?: string,
  blocking = false,
): QualityFinding => ({ code, message, fixHint, penalty, blocking, ...(field ? { field } : {}) });

const words = (text: string): string[] => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole-word (or whole-phrase) match, case-insensitive, so "cure" does not flag "secure". */
const containsPhrase = (text: string, phrase: string): boolean =>
  new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(phrase.trim())}($|[^\\p{L}\\p{N}])`, 'iu').test(text);

/** Cue words for the three things a description must cover. */
const DESCRIPTION_CUES = {
  features: /\b(features?|includes?|including|equipped|designed|offers?|comes with|built-in|details?)\b/i,
  material: /\b(made (of|from|with)|materials?|fabric|crafted|cotton|wool|merino|linen|leather|silk|steel|stainless|ceramic|porcelain|stoneware|glass|wood(en)?|bamboo|plastic|polyester|alumin(i)?um|silicone|copper|iron)\b/i,
  usage: /\b(use|uses|usage|ideal for|perfect for|suitable for|care|wash(able)?|clean|how to|instructions|store)\b/i,
};

function titleFindings({ title, seo }: ProductContent): QualityFinding[] {
  const found: QualityFinding[] = [];
  const length = title.trim().length;
  if (length < TITLE_MIN_LENGTH || length > TITLE_MAX_LENGTH) {
    found.push(
      finding(
        'TITLE_LENGTH',
        15,
        `The title has ${length} characters; it needs ${TITLE_MIN_LENGTH}–${TITLE_MAX_LENGTH}`,
        length < TITLE_MIN_LENGTH
          ? 'Say what the product is, e.g. "Merino crew-neck sweater, navy"'
          : 'Keep the title to what the product is; move details into the description',
        'title',
      ),
    );
  }
  const primary = seo.keywords[0];
  if (!primary || !containsPhrase(title, primary)) {
    found.push(
      finding(
        'TITLE_MISSING_PRIMARY_KEYWORD',
        10,
        primary ? `The title does not contain the primary keyword "${primary}"` : 'There is no primary keyword',
        primary ? `Work "${primary}" into the title, or make another keyword the first` : 'Add SEO keywords, the most important first',
        'title',
      ),
    );
  }
  return found;
}

function descriptionFindings({ description, specs }: ProductContent): QualityFinding[] {
  const found: QualityFinding[] = [];
  const count = words(description).length;
  if (count < MINIMUM_DESCRIPTION_WORDS) {
    found.push(
      finding(
        'DESCRIPTION_TOO_SHORT',
        15,
        `The description has ${count} words; it needs at least ${MINIMUM_DESCRIPTION_WORDS}`,
        'Describe the features, the material and how to use and care for it',
        'description',
      ),
    );
  }
  if (!DESCRIPTION_CUES.features.test(description)) {
    found.push(finding('DESCRIPTION_MISSING_FEATURES', 5, 'The description does not say what the product offers', 'Add a sentence on its features ("Features: …", "Comes with …")', 'description'));
  }
  const material = specs.material?.trim();
  if (!DESCRIPTION_CUES.material.test(description) && !(material && containsPhrase(description, material))) {
    found.push(finding('DESCRIPTION_MISSING_MATERIAL', 5, 'The description does not say what the product is made of', 'Name the material ("Made of 100 % merino wool")', 'description'));
  }
  if (!DESCRIPTION_CUES.usage.test(description)) {
    found.push(finding('DESCRIPTION_MISSING_USAGE', 5, 'The description does not say how to use or care for the product', 'Add usage or care advice ("Ideal for …", "Hand wash cold")', 'description'));
  }
  return found;
}

function imageFindings({ images }: ProductContent): QualityFinding[] {
  const found: QualityFinding[] = [];
  if (images.length < MINIMUM_IMAGES) {
    found.push(finding('TOO_FEW_IMAGES', 15, `The listing has ${images.length} images; it needs at least ${MINIMUM_IMAGES}`, 'Add photos from several angles and one in use', 'images'));
  }
  const seen = new Set<string>();
  images.forEach((image, index) => {
    const url = image.url.trim().toLowerCase();
    if (seen.has(url)) {
      found.push(finding('DUPLICATE_IMAGE_URL', 10, `Image ${index + 1} repeats an earlier image`, 'Replace it with a different photo', `images.${index}.url`));
    }
    seen.add(url);
    if (image.altText.trim() === '') {
      found.push(finding('IMAGE_MISSING_ALT_TEXT', 5, `Image ${index + 1} has no alt text`, 'Describe what the image shows, for screen readers and search', `images.${index}.altText`));
    }
  });
  return found;
}

function specFindings(content: ProductContent, category: ContentCheckInput['category']): QualityFinding[] {
  return missingRequiredSpecs(category, content.specs).map((key) =>
    finding('MISSING_REQUIRED_SPEC', 10, `${category.name} products must state "${key}"`, `Fill in specs.${key}`, `specs.${key}`, true),
  );
}

/** Price ≥ cost × (1 + minimum margin), per SKU. Shared with the price-change guard. */
export function marginFindings(skus: readonly Sku[], minimumMarginPercent: number): QualityFinding[] {
  return skus.flatMap((sku) => {
    const floor = minimumPriceFor(sku.unitCost, minimumMarginPercent);
    if (sku.unitPrice.currency === sku.unitCost.currency && sku.unitPrice.amount >= floor.amount) return [];
    const message =
      sku.unitPrice.currency !== sku.unitCost.currency
        ? `SKU ${sku.sku} is priced in ${sku.unitPrice.currency} but costs ${sku.unitCost.currency}`
        : `SKU ${sku.sku} at ${formatMoney(sku.unitPrice)} is below the ${minimumMarginPercent} % margin floor of ${formatMoney(floor)}`;
    return [finding('MARGIN_TOO_LOW', 20, message, `Price it at ${formatMoney(floor)} or more`, `skus.${sku.sku}.unitPrice`, true)];
  });
}

function slugFindings({ seo }: ProductContent, slugTakenBy: string | undefined): QualityFinding[] {
  if (!slugTakenBy) return [];
  return [finding('SLUG_TAKEN', 20, `The slug "${seo.slug}" is used by another product`, 'Choose another slug, e.g. add the brand or a variant', 'seo.slug', true)];
}

function bannedWordFindings(content: ProductContent, bannedWords: readonly string[]): QualityFinding[] {
  const fields: [string, string][] = [
    ['title', content.title],
    ['description', content.description],
    ['seo.keywords', content.seo.keywords.join(' | ')],
  ];
  return bannedWords.flatMap((word) => {
    const where = fields.find(([, text]) => containsPhrase(text, word));
    return where
      ? [finding('BANNED_WORD', 20, `"${word}" is a banned or misleading claim`, `Remove "${word}" from the ${where[0]}; state facts instead`, where[0], true)]
      : [];
  });
}

export const scoreOf = (findings: readonly QualityFinding[]): number =>
  Math.max(0, 100 - findings.reduce((total, { penalty }) => total + penalty, 0));

export function checkListingContent(input: ContentCheckInput): ListingQuality {
  const findings = [
    ...titleFindings(input.content),
    ...descriptionFindings(input.content),
    ...imageFindings(input.content),
    ...specFindings(input.content, input.category),
    ...marginFindings(input.skus, input.category.minimumMarginPercent),
    ...slugFindings(input.content, input.slugTakenBy),
    ...bannedWordFindings(input.content, input.bannedWords ?? DEFAULT_BANNED_WORDS),
  ];
  return {
    score: scoreOf(findings),
    threshold: input.threshold ?? DEFAULT_QUALITY_THRESHOLD,
    findings,
    checkedAt: input.now.toISOString(),
  };
}

export const passesQuality = (quality: ListingQuality): boolean =>
  quality.score >= quality.threshold && !quality.findings.some((found) => found.blocking);

/** Parses a configured list (`"miracle, cure ,best ever"`); blank or missing → the default list. */
export const parseBannedWords = (configured: string | undefined): readonly string[] => {
  const list = (configured ?? '')
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word.length > 0);
  return list.length > 0 ? list : DEFAULT_BANNED_WORDS;
};
