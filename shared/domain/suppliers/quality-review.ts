/**
 * Probation review for quality (docs/returns.md, "Quality loop"): a supplier whose SKUs together had
 * `supplierIncidents` quality incidents (returns for defective or not-as-described, lots rejected by QC) within
 * the window goes to PROBATION — the standing and status this context already has: its purchase orders need an
 * operator, and the weekly scorecard's rules bring it back (two weeks at 70 or more) — and ops is alerted with the
 * SKUs and lots to review. A supplier already on PROBATION or SUSPENDED changes nothing. Pure: the caller loads the
 * incidents (the supplier's partition, the window's) and writes the result.
 */
import type { DomainEventDraft } from '../events';
import type { QualityHoldRules, QualityIncidentFact } from '../inventory/quality-hold';
import { uniqueSorted, windowStart } from '../inventory/quality-hold';
import { conflict } from '../errors';
import { SUPPLIERS_EVENT_SOURCE } from './events';
import { ALERTING_STANDINGS, statusForStanding, type StandingSetByHand, type SupplierStanding } from './standing';

export type { StandingSetByHand } from './standing';
import type { Supplier } from './supplier';
import { standingOf } from './weekly-scorecard';

export interface ProbationReview {
  readonly openedAt: string;
  readonly incidents: number;
  readonly windowDays: number;
  readonly skus: readonly string[];
  readonly lots: readonly string[];
  /** Set when an operator decided the supplier's standing after the review (`decideStandingByHand`). */
  readonly closedAt?: string;
  readonly closedBy?: string;
  readonly outcome?: SupplierStanding;
  readonly note?: string;
}

export type ReviewableSupplier = Pick<Supplier, 'supplierId' | 'name' | 'status' | 'standing' | 'standingPending'> & { readonly probationReview?: ProbationReview };

export function decideProbationReview(
  supplier: ReviewableSupplier,
  incidents: readonly QualityIncidentFact[],
  now: Date,
  rules: Pick<QualityHoldRules, 'supplierIncidents' | 'windowDays'>,
): { readonly next?: Pick<Supplier, 'status' | 'standing'> & { readonly probationReview: ProbationReview }; readonly events: DomainEventDraft[] } {
  const from: SupplierStanding = standingOf(supplier);
  if (from === 'PROBATION' || from === 'SUSPENDED') return { events: [] };
  const since = windowStart(now, rules.windowDays, supplier.probationReview?.openedAt);
  const counted = incidents.filter((incident) => incident.supplierId === supplier.supplierId && incident.recordedAt >= since);
  if (counted.length < rules.supplierIncidents) return { events: [] };
  const review: ProbationReview = {
    openedAt: now.toISOString(),
    incidents: counted.length,
    windowDays: rules.windowDays,
    skus: uniqueSorted(counted.map((incident) => incident.sku)),
    lots: uniqueSorted(counted.flatMap((incident): readonly (string | undefined)[] => incident.lots ?? [incident.lotId])),
  };
  return { next: { status: 'PROBATION', standing: 'PROBATION', probationReview: review }, events: [supplierProbationReviewOpened(supplier, from, review)] };
}

export const supplierProbationReviewOpened = (supplier: ReviewableSupplier, from: SupplierStanding, review: ProbationReview): DomainEventDraft => ({
  source: SUPPLIERS_EVENT_SOURCE,
  detailType: 'SupplierProbationReviewOpened',
  detail: {
    supplierId: supplier.supplierId,
    from,
    to: 'PROBATION',
    ...review,
    summary: `Supplier ${supplier.name} (${supplier.supplierId}) is on PROBATION for review: ${review.incidents} quality incidents in ${review.windowDays} days across SKUs ${review.skus.join(', ')}${review.lots.length ? ` (lots ${review.lots.join(', ')})` : ''}. Its purchase orders need an operator until its weekly score brings it back.`,
  },
});


/**
 * An operator decides a supplier's standing by hand, with a note: closes a probation review (back to APPROVED, or
 * kept on PROBATION), suspends, or lifts a suspension. The move the weekly score had under way is dropped, and the
 * scorecard goes on from the new standing. The same standing with no review open is 409 `StandingUnchanged`.
 */
export function decideStandingByHand(
  supplier: ReviewableSupplier,
  to: StandingSetByHand,
  by: string,
  note: string,
  now: Date,
): { readonly next: Pick<Supplier, 'status' | 'standing'> & { readonly probationReview?: ProbationReview }; readonly events: DomainEventDraft[] } {
  const from: SupplierStanding = standingOf(supplier);
  const review = supplier.probationReview && !supplier.probationReview.closedAt ? supplier.probationReview : undefined;
  if (from === to && !review) throw conflict('StandingUnchanged', `Supplier ${supplier.supplierId} is ${from} already and has no review open`);
  const at = now.toISOString();
  return {
    next: { status: statusForStanding(to), standing: to, ...(review ? { probationReview: { ...review, closedAt: at, closedBy: by, outcome: to, note } } : {}) },
    events: [supplierStandingSetByHand(supplier, from, to, by, note, review !== undefined)],
  };
}

export const supplierStandingSetByHand = (supplier: ReviewableSupplier, from: SupplierStanding, to: SupplierStanding, by: string, note: string, reviewClosed: boolean): DomainEventDraft => ({
  source: SUPPLIERS_EVENT_SOURCE,
  detailType: 'SupplierStandingChanged',
  detail: {
    supplierId: supplier.supplierId,
    from,
    to,
    by,
    note,
    manual: true,
    reviewClosed,
    alert: ALERTING_STANDINGS.includes(to),
    summary: `Supplier ${supplier.name} (${supplier.supplierId}) is ${to}${from === to ? '' : ` (was ${from})`}, set by ${by}${reviewClosed ? ', closing its probation review' : ''}: ${note}`,
  },
});
