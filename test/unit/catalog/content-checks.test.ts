import { describe, expect, it } from 'vitest';
import {
  checkListingContent,
  DEFAULT_BANNED_WORDS,
  DEFAULT_QUALITY_THRESHOLD,
  marginFindings,
  parseBannedWords,
  passesQuality,
  scoreOf,
  type ContentCheckInput,
} from '../../../shared/domain/catalog/content-checks';
import type { FindingCode, ProductContent, QualityFinding, Sku } from '../../../shared/domain/catalog/product';
import { apparel, goodContent, goodSkus, NOW } from './fixtures';

const input = (overrides: Partial<ContentCheckInput> = {}): ContentCheckInput => ({
  content: goodContent(),
  skus: goodSkus(),
  category: apparel,
  now: NOW,
  ...overrides,
});
const withContent = (change: (content: ProductContent) => Partial<ProductContent>): ContentCheckInput => {
  const content = goodContent();
  return input({ content: { ...content, ...change(content) } });
};
const check = (overrides: Partial<ContentCheckInput> = {}) => checkListingContent(input(overrides));
const codesOf = (content: ProductContent) => checkListingContent(input({ content })).findings.map((found) => found.code);

/** A title of exactly `length` characters that still holds the primary keyword "merino". */
const titleOf = (length: number) => `Merino ${'x'.repeat(length - 'Merino '.length)}`;

/** A description of exactly `count` words that covers features, material and care. */
const CUES = 'Features ribbed cuffs. Made of merino wool. Hand wash cold.'; // 10 words
const descriptionOf = (count: number) => `${CUES} ${Array.from({ length: count - 10 }, () => 'soft').join(' ')}`;

describe('checkListingContent', () => {
  it('gives the good fixture 100 with no findings, the default threshold and the check time', () => {
    expect(check()).toEqual({ score: 100, threshold: DEFAULT_QUALITY_THRESHOLD, findings: [], checkedAt: NOW.toISOString() });
    expect(DEFAULT_QUALITY_THRESHOLD).toBe(70);
  });

  const sku = (index: number, change: Partial<Sku>): Sku[] => goodSkus().map((s, i) => (i === index ? { ...s, ...change } : s));

  it.each<[string, ContentCheckInput, FindingCode, string, number, boolean]>([
    ['a title that is too short', withContent(() => ({ title: 'Merino' })), 'TITLE_LENGTH', 'title', 15, false],
    ['a title that is too long', withContent(() => ({ title: titleOf(120) })), 'TITLE_LENGTH', 'title', 15, false],
    ['a title without the primary keyword', withContent(() => ({ title: 'Wool crew-neck sweater in navy' })), 'TITLE_MISSING_PRIMARY_KEYWORD', 'title', 10, false],
    ['a description under 40 words', withContent(() => ({ description: CUES })), 'DESCRIPTION_TOO_SHORT', 'description', 15, false],
    [
      'a description that names no feature',
      withContent((c) => ({ description: c.description.replace('Features ribbed cuffs', 'It has ribbed cuffs') })),
      'DESCRIPTION_MISSING_FEATURES',
      'description',
      5,
      false,
    ],
    [
      'a description that names no material',
      withContent((c) => ({ description: c.description.replace('Made of 100 % extra-fine merino wool that breathes', 'It breathes') })),
      'DESCRIPTION_MISSING_MATERIAL',
      'description',
      5,
      false,
    ],
    [
      'a description that gives no usage or care advice',
      withContent((c) => ({
        description: c.description.replace(
          'Ideal for layering in autumn and winter. Hand wash cold and dry flat to keep its shape for years.',
          'It looks good in autumn and winter and keeps its shape for years.',
        ),
      })),
      'DESCRIPTION_MISSING_USAGE',
      'description',
      5,
      false,
    ],
    ['only two images', withContent((c) => ({ images: c.images.slice(0, 2) })), 'TOO_FEW_IMAGES', 'images', 15, false],
    [
      'an image URL used twice',
      withContent((c) => ({ images: [c.images[0]!, c.images[1]!, { ...c.images[2]!, url: c.images[0]!.url }] })),
      'DUPLICATE_IMAGE_URL',
      'images.2.url',
      10,
      false,
    ],
    [
      'an image without alt text',
      withContent((c) => ({ images: c.images.map((image, i) => (i === 1 ? { ...image, altText: '   ' } : image)) })),
      'IMAGE_MISSING_ALT_TEXT',
      'images.1.altText',
      5,
      false,
    ],
    ['a required spec left out', withContent((c) => ({ specs: { material: c.specs.material!, fit: c.specs.fit! } })), 'MISSING_REQUIRED_SPEC', 'specs.care', 10, true],
    ['a SKU priced below the margin floor', input({ skus: sku(0, { unitPrice: { amount: 4000, currency: 'EUR' } }) }), 'MARGIN_TOO_LOW', 'skus.NW-MER-NAVY-M.unitPrice', 20, true],
    ['a slug another product holds', input({ slugTakenBy: 'prod-9' }), 'SLUG_TAKEN', 'seo.slug', 20, true],
    ['a banned word in the description', withContent((c) => ({ description: `${c.description} Guaranteed to last.` })), 'BANNED_WORD', 'description', 20, true],
  ])('finds %s', (_name, given, code, field, penalty, blocking) => {
    const quality = checkListingContent(given);
    expect(quality.findings).toEqual([
      { code, field, penalty, blocking, message: expect.stringMatching(/\S/), fixHint: expect.stringMatching(/\S/) },
    ]);
    expect(quality.score).toBe(100 - penalty);
  });

  describe('title', () => {
    it.each([
      [9, ['TITLE_LENGTH']],
      [10, []],
      [80, []],
      [81, ['TITLE_LENGTH']],
    ])('a title of %d characters gives %j', (length, codes) => {
      const title = titleOf(length);
      expect(title).toHaveLength(length);
      expect(codesOf({ ...goodContent(), title })).toEqual(codes);
    });

    it('measures the title without its surrounding spaces', () => {
      expect(codesOf({ ...goodContent(), title: `   ${titleOf(9)}   ` })).toEqual(['TITLE_LENGTH']);
      expect(codesOf({ ...goodContent(), title: `   ${titleOf(80)}   ` })).toEqual([]);
    });

    it('says how to fix a short title and a long one differently', () => {
      const [short] = check({ content: { ...goodContent(), title: 'Merino' } }).findings;
      const [long] = check({ content: { ...goodContent(), title: titleOf(81) } }).findings;
      expect(short!.message).toBe('The title has 6 characters; it needs 10–80');
      expect(long!.message).toBe('The title has 81 characters; it needs 10–80');
      expect(short!.fixHint).not.toBe(long!.fixHint);
    });

    it.each<[string, string, string[], string[]]>([
      ['any case', 'MERINO crew-neck sweater in navy', ['merino'], []],
      ['a multi-word keyword as a phrase', 'Navy crew neck sweater, merino', ['crew neck'], []],
      ['a multi-word keyword split up', 'Navy crew-neck sweater, merino', ['crew neck'], ['TITLE_MISSING_PRIMARY_KEYWORD']],
      ['part of a word', 'Merinos crew-neck sweater, navy', ['merino'], ['TITLE_MISSING_PRIMARY_KEYWORD']],
    ])('matches the primary keyword as a whole word: %s', (_name, title, keywords, codes) => {
      const content = goodContent();
      expect(codesOf({ ...content, title, seo: { ...content.seo, keywords } })).toEqual(codes);
    });

    it('only the first keyword has to be in the title', () => {
      const content = goodContent();
      expect(codesOf({ ...content, seo: { ...content.seo, keywords: ['merino', 'knitwear', 'jumper'] } })).toEqual([]);
      expect(codesOf({ ...content, seo: { ...content.seo, keywords: ['knitwear', 'merino'] } })).toEqual(['TITLE_MISSING_PRIMARY_KEYWORD']);
    });

    it('asks for keywords when there are none', () => {
      const content = goodContent();
      const [found] = check({ content: { ...content, seo: { ...content.seo, keywords: [] } } }).findings;
      expect(found).toMatchObject({ code: 'TITLE_MISSING_PRIMARY_KEYWORD', message: 'There is no primary keyword', penalty: 10 });
    });
  });

  describe('description', () => {
    it.each([
      [39, ['DESCRIPTION_TOO_SHORT']],
      [40, []],
    ])('%d words gives %j', (count, codes) => {
      expect(descriptionOf(count).split(' ')).toHaveLength(count);
      expect(codesOf({ ...goodContent(), description: descriptionOf(count) })).toEqual(codes);
    });

    it('does not count punctuation on its own as words', () => {
      expect(codesOf({ ...goodContent(), description: `${descriptionOf(39)} — % & !` })).toEqual(['DESCRIPTION_TOO_SHORT']);
      expect(codesOf({ ...goodContent(), description: `${descriptionOf(40)} — % & !` })).toEqual([]);
      expect(check({ content: { ...goodContent(), description: `${descriptionOf(39)} — %` } }).findings[0]!.message).toBe(
        'The description has 39 words; it needs at least 40',
      );
    });

    it('accepts the material named in specs.material when no material cue word is used', () => {
      const content = goodContent();
      const description = content.description.replace('Made of 100 % extra-fine merino wool that breathes', 'It breathes');
      expect(codesOf({ ...content, description })).toEqual(['DESCRIPTION_MISSING_MATERIAL']);
      expect(codesOf({ ...content, description: `${description} Knitted from yak down.`, specs: { ...content.specs, material: 'yak down' } })).toEqual([]);
    });

    it('reports all three missing topics of a description that covers none', () => {
      const description = Array.from({ length: 40 }, () => 'lovely').join(' ');
      expect(codesOf({ ...goodContent(), description })).toEqual([
        'DESCRIPTION_MISSING_FEATURES',
        'DESCRIPTION_MISSING_MATERIAL',
        'DESCRIPTION_MISSING_USAGE',
      ]);
    });
  });

  describe('images', () => {
    it('costs 10 points for every repeat, comparing URLs without case or surrounding spaces', () => {
      const content = goodContent();
      const [first] = content.images;
      const images = [...content.images, { ...first!, url: ` ${first!.url.toUpperCase()} ` }, { ...first!, altText: 'Again' }];
      const quality = check({ content: { ...content, images } });
      expect(quality.findings.map((found) => [found.code, found.field, found.penalty])).toEqual([
        ['DUPLICATE_IMAGE_URL', 'images.3.url', 10],
        ['DUPLICATE_IMAGE_URL', 'images.4.url', 10],
      ]);
      expect(quality.score).toBe(80);
    });

    it('costs 5 points for every image without alt text', () => {
      const content = goodContent();
      const quality = check({ content: { ...content, images: content.images.map((image) => ({ ...image, altText: '' })) } });
      expect(quality.findings.map((found) => found.field)).toEqual(['images.0.altText', 'images.1.altText', 'images.2.altText']);
      expect(quality.score).toBe(85);
    });

    it('reports no images as too few', () => {
      const quality = check({ content: { ...goodContent(), images: [] } });
      expect(quality.findings).toEqual([expect.objectContaining({ code: 'TOO_FEW_IMAGES', message: 'The listing has 0 images; it needs at least 3' })]);
    });
  });

  describe('specs', () => {
    it('costs 10 points per missing spec, in the order the category lists them, and counts blank values as missing', () => {
      const quality = check({ content: { ...goodContent(), specs: { material: '  ', colour: 'navy' } } });
      expect(quality.findings.map((found) => [found.code, found.field, found.penalty, found.blocking])).toEqual([
        ['MISSING_REQUIRED_SPEC', 'specs.material', 10, true],
        ['MISSING_REQUIRED_SPEC', 'specs.care', 10, true],
        ['MISSING_REQUIRED_SPEC', 'specs.fit', 10, true],
      ]);
      expect(quality.findings[0]!.message).toBe('Apparel products must state "material"');
      expect(quality.score).toBe(70);
    });

    it('asks only for what the category requires', () => {
      expect(check({ category: { ...apparel, requiredSpecs: ['material', 'care', 'fit', 'gsm'] } }).findings.map((f) => f.field)).toEqual(['specs.gsm']);
      expect(check({ content: { ...goodContent(), specs: {} }, category: { ...apparel, requiredSpecs: [] } }).findings).toEqual([]);
    });
  });

  describe('margin', () => {
    // cost 35.00 EUR, apparel needs 40 % → floor 49.00 EUR
    it.each([
      [4900, []],
      [4899, ['MARGIN_TOO_LOW']],
    ])('a price of %d cents on a 3500-cent cost gives %j', (amount, codes) => {
      const skus = goodSkus().map((s) => ({ ...s, unitPrice: { amount, currency: 'EUR' } }));
      expect(check({ skus: skus.slice(0, 1) }).findings.map((found) => found.code)).toEqual(codes);
    });

    it('checks every SKU against the floor and says what to price it at', () => {
      const skus = goodSkus().map((s) => ({ ...s, unitPrice: { amount: 4899, currency: 'EUR' } }));
      const quality = check({ skus });
      expect(quality.findings).toEqual([
        expect.objectContaining({
          field: 'skus.NW-MER-NAVY-M.unitPrice',
          message: 'SKU NW-MER-NAVY-M at 48.99 EUR is below the 40 % margin floor of 49.00 EUR',
          fixHint: 'Price it at 49.00 EUR or more',
        }),
        expect.objectContaining({ field: 'skus.NW-MER-NAVY-L.unitPrice' }),
      ]);
      expect(quality.score).toBe(60);
    });

    it("uses the category's margin", () => {
      const skus = goodSkus().map((s) => ({ ...s, unitPrice: { amount: 4200, currency: 'EUR' } }));
      expect(check({ skus, category: { ...apparel, minimumMarginPercent: 20 } }).findings).toEqual([]);
      expect(check({ skus, category: { ...apparel, minimumMarginPercent: 21 } }).findings).toHaveLength(2);
    });
  });

  describe('banned words', () => {
    const describedAs = (sentence: string) => check({ content: { ...goodContent(), description: `${goodContent().description} ${sentence}` } });

    it.each<[string, boolean]>([
      ['A secure fit around the neck.', false],
      ['A cure for cold days.', true],
      ['A CURE for cold days.', true],
      ['The Best Ever sweater.', true],
      ['The best everyday sweater.', false],
      ['Risk-free returns.', true],
      ['Not a replica.', true],
      ['(miracle)', true],
    ])('"%s" is flagged: %s', (sentence, flagged) => {
      expect(describedAs(sentence).findings.some((found) => found.code === 'BANNED_WORD')).toBe(flagged);
    });

    it('says where the word is, looking at the title, then the description, then the keywords', () => {
      const content = goodContent();
      const fieldFor = (changed: Partial<ProductContent>) =>
        check({ content: { ...content, ...changed }, bannedWords: ['miracle'] }).findings.map((found) => [found.code, found.field]);
      expect(fieldFor({ title: 'Miracle merino crew-neck sweater' })).toEqual([['BANNED_WORD', 'title']]);
      expect(fieldFor({ seo: { ...content.seo, keywords: ['merino', 'Miracle knit'] } })).toEqual([['BANNED_WORD', 'seo.keywords']]);
      expect(fieldFor({ title: 'Miracle merino crew-neck sweater', description: `${content.description} A miracle.` })).toEqual([['BANNED_WORD', 'title']]);
    });

    it('costs 20 points per banned word, once however often it appears', () => {
      const quality = describedAs('A miracle. Another miracle. A cure.');
      expect(quality.findings.map((found) => found.message)).toEqual(['"miracle" is a banned or misleading claim', '"cure" is a banned or misleading claim']);
      expect(quality.score).toBe(60);
    });

    it('does not join keywords into a banned phrase', () => {
      const content = goodContent();
      expect(check({ content: { ...content, seo: { ...content.seo, keywords: ['merino', 'best', 'ever'] } } }).findings).toEqual([]);
    });

    it('uses a configured list instead of the default one', () => {
      expect(DEFAULT_BANNED_WORDS).toContain('cure');
      expect(describedAs('A cure.').findings).toHaveLength(1);
      expect(check({ content: { ...goodContent(), description: `${goodContent().description} A cure.` }, bannedWords: ['itch'] }).findings).toEqual([
        expect.objectContaining({ code: 'BANNED_WORD', message: '"itch" is a banned or misleading claim', field: 'description' }),
      ]);
    });
  });

  it('floors the score at 0', () => {
    const content: ProductContent = { ...goodContent(), title: 'x', description: 'x', images: [], specs: {}, seo: { slug: 'x', keywords: [] } };
    const quality = check({ content, slugTakenBy: 'prod-9' });
    expect(quality.findings.reduce((total, found) => total + found.penalty, 0)).toBe(120);
    expect(quality.score).toBe(0);
  });
});

describe('scoreOf', () => {
  const costing = (...penalties: number[]) => penalties.map((penalty) => ({ code: 'TITLE_LENGTH', message: 'm', fixHint: 'h', penalty, blocking: false }) as QualityFinding);
  it.each([
    [[], 100],
    [[15, 10], 75],
    [[50, 50], 0],
    [[60, 60], 0],
  ])('penalties %j score %d', (penalties, score) => {
    expect(scoreOf(costing(...penalties))).toBe(score);
  });
});

describe('passesQuality', () => {
  it('passes at or above the threshold with no blocking finding', () => {
    const titleTooShort = { ...goodContent(), title: 'Merino' }; // 85
    expect(passesQuality(check({ content: titleTooShort, threshold: 85 }))).toBe(true);
    expect(passesQuality(check({ content: titleTooShort, threshold: 86 }))).toBe(false);
    expect(passesQuality(check())).toBe(true);
  });

  it('fails with a blocking finding even when the score is high', () => {
    const quality = check({ slugTakenBy: 'prod-9' });
    expect(quality.score).toBe(80);
    expect(quality.score).toBeGreaterThanOrEqual(quality.threshold);
    expect(passesQuality(quality)).toBe(false);
  });
});

describe('marginFindings', () => {
  it('refuses a price in another currency than the cost, whatever the amount', () => {
    const [first] = goodSkus();
    const findings = marginFindings([{ ...first!, unitPrice: { amount: 99_900, currency: 'USD' } }], 40);
    expect(findings).toEqual([
      expect.objectContaining({ code: 'MARGIN_TOO_LOW', blocking: true, penalty: 20, message: 'SKU NW-MER-NAVY-M is priced in USD but costs EUR' }),
    ]);
  });

  it('finds nothing for no SKUs or SKUs above the floor', () => {
    expect(marginFindings([], 40)).toEqual([]);
    expect(marginFindings(goodSkus(), 154)).toEqual([]); // 35.00 × 2.54 = 88.90
    expect(marginFindings(goodSkus(), 155)).toHaveLength(2);
  });
});

describe('parseBannedWords', () => {
  it.each<[string | undefined, readonly string[]]>([
    [undefined, DEFAULT_BANNED_WORDS],
    ['', DEFAULT_BANNED_WORDS],
    [' , ,, ', DEFAULT_BANNED_WORDS],
    ['miracle, cure ,best ever', ['miracle', 'cure', 'best ever']],
    ['Replica,KNOCK-OFF', ['replica', 'knock-off']],
  ])('%j → %j', (configured, words) => {
    expect(parseBannedWords(configured)).toEqual(words);
  });

  it('gives a list that matches case-insensitively', () => {
    const description = `${goodContent().description} Totally AWESOME.`;
    expect(check({ content: { ...goodContent(), description }, bannedWords: parseBannedWords(' Awesome ') }).findings).toHaveLength(1);
  });
});
