import type { Benefit, Promotion } from '../../../shared/domain/promotions/promotion';
import { NO_USAGE, type EvaluationContext, type PromotionUsage } from '../../../shared/domain/promotions/engine';
import type { LineState } from '../../../shared/domain/promotions/benefits';

export const NOW = new Date('2026-12-02T10:00:00.000Z');

/** A live, combinable promotion with `benefit`; override what a test is about. */
export const promo = (promotionId: string, benefit: Benefit, extra: Partial<Promotion> = {}): Promotion => ({
  promotionId,
  name: promotionId,
  currency: 'EUR',
  benefit,
  priority: 0,
  exclusive: false,
  couponRequired: false,
  limits: {},
  startsAt: '2026-12-01T00:00:00.000Z',
  endsAt: '2026-12-31T00:00:00.000Z',
  timeZone: 'Europe/Berlin',
  status: 'ACTIVE',
  createdAt: '2026-11-30T00:00:00.000Z',
  createdBy: 'op',
  updatedAt: '2026-11-30T00:00:00.000Z',
  version: 1,
  ...extra,
});

export const context = (extra: Partial<EvaluationContext> & { usage?: ReadonlyMap<string, PromotionUsage> } = {}): EvaluationContext => ({
  now: NOW,
  currency: 'EUR',
  customer: { groups: ['customer'] },
  coupons: new Map(),
  usage: new Map(),
  available: () => 100,
  maxLines: 32,
  ...extra,
});

export const usage = (extra: Partial<PromotionUsage>): PromotionUsage => ({ ...NO_USAGE, ...extra });

/** Cart lines: `[sku, quantity, unitPrice]`, products `P-<sku>`, category `kitchen` for MUG*, else `apparel`. */
export const cart = (...lines: readonly (readonly [string, number, number])[]): Omit<LineState, 'remaining'>[] =>
  lines.map(([sku, quantity, unitPrice], lineIndex) => ({ lineIndex, sku, quantity, unitPrice, productId: `P-${sku}`, categoryId: sku.startsWith('MUG') ? 'kitchen' : 'apparel' }));

export const withRemaining = (lines: readonly Omit<LineState, 'remaining'>[]): LineState[] => lines.map((line) => ({ ...line, remaining: line.unitPrice * line.quantity }));

export const ORDER = { kind: 'ORDER', ids: [] } as const;
