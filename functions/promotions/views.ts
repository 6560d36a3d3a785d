import type { PromotionView } from '../../shared/contracts/promotions';
import { budgetUsed } from '../../shared/domain/promotions/lifecycle';
import { isLive, type Promotion } from '../../shared/domain/promotions/promotion';

/** A promotion as operators see it; with its results (`GET /promotions/{id}`), the usage and the budget used. */
export function toPromotionView(promotion: Promotion, now: Date, usage?: { readonly uses: number; readonly discount: number; readonly units: number; readonly revenue: number }): PromotionView {
  const { version: _version, createdBy: _createdBy, ...view } = promotion;
  const budgeted = promotion.limits.maxUses !== undefined || promotion.limits.maxDiscount !== undefined;
  return {
    ...view,
    live: isLive(promotion, now),
    ...(usage ? { usage } : {}),
    ...(usage && budgeted ? { budgetUsedPercent: Math.round(budgetUsed(promotion.limits, usage) * 1000) / 10 } : {}),
  };
}
