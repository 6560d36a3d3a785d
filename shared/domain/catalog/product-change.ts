/**
 * A supplier's or operator's PATCH of a product, decided: prices alone reprice the live product at once
 * (`PriceChanged`), anything else — content, a steep drop, a product not live yet — becomes a new revision
 * for review (`ProductSubmittedForReview`) while the live version stays as it is.
 */
import { conflict, DomainError } from '../errors';
import type { DomainEventDraft } from '../events';
import { assertRequiredSpecs, type Category } from './category';
import { priceChanged, productSubmittedForReview } from './events';
import { isChangeRefusal, planProductChange, type ProductChangeRequest } from './listing';
import { appendHistory, productStatusFor, revisionRefusal, type Product } from './product';

export interface ProductChangeDecision {
  /** REPRICE: the live product changed at once; REVISE: a new revision awaits review. */
  readonly kind: 'REPRICE' | 'REVISE';
  readonly next: Product;
  readonly events: readonly DomainEventDraft<object>[];
}

export interface ProductChangeRules {
  readonly category: Pick<Category, 'minimumMarginPercent' | 'requiredSpecs' | 'name'>;
  readonly maxUnreviewedPriceDropPercent: number;
  readonly correlationId: string;
}

export function changeProduct(product: Product, request: ProductChangeRequest, rules: ProductChangeRules): ProductChangeDecision {
  const refusal = revisionRefusal(product);
  if (refusal) throw conflict('ProductNotEditable', refusal);
  const plan = planProductChange(product, request, {
    minimumMarginPercent: rules.category.minimumMarginPercent,
    maxUnreviewedDropPercent: rules.maxUnreviewedPriceDropPercent,
  });
  if (isChangeRefusal(plan)) throw new DomainError('unprocessable', 'PriceChangeRefused', 'The new prices break the pricing rules', plan.fieldErrors);
  const updatedAt = request.now.toISOString();

  if (plan.kind === 'REPRICE') {
    const live = product.live!;
    return {
      kind: 'REPRICE',
      next: { ...product, live: { ...live, skus: plan.skus }, priceHistory: appendHistory(product.priceHistory, ...plan.changes), history: plan.history, updatedAt },
      events: plan.changes.length > 0 ? [priceChanged(product, live.content.title, plan.changes)] : [],
    };
  }

  assertRequiredSpecs(rules.category, plan.revision.content.specs);
  const next: Product = {
    ...product,
    status: productStatusFor(product.live !== undefined, product.status, 'DRAFT'),
    latest: plan.revision,
    history: plan.history,
    updatedAt,
  };
  return { kind: 'REVISE', next, events: [productSubmittedForReview(next, plan.revision, rules.correlationId)] };
}
