/** An approved supplier: who owns it, what we agreed, and how it has performed so far. */
import type { Actor } from '../actor';
import { hasRole } from '../actor';
import type { SupplierApplication } from './application';
import { displayName } from './form';
import type { ContractTerms } from './terms';
import type { SupplierPerformance } from './scorecard';
import type { CriterionScore } from './scoring';
import { NO_PERFORMANCE_YET } from './scorecard';
import type { SupplierStandingFields } from './weekly-scorecard';

export const SUPPLIER_STATUSES = ['APPROVED', 'PROBATION', 'SUSPENDED'] as const;
export type SupplierStatus = (typeof SUPPLIER_STATUSES)[number];

/** An approved supplier; its weekly standing (weekly-scorecard.ts) sits beside its status once it has been scored. */
export interface Supplier extends SupplierStandingFields {
  readonly supplierId: string;
  readonly applicationId: string;
  /** Trading name if given, else the legal name: what people call it. */
  readonly name: string;
  readonly legalName: string;
  readonly country: string;
  readonly status: SupplierStatus;
  /** The `sub` of the user who applied; that user acts for the supplier. */
  readonly ownerSub: string;
  readonly contactEmail: string;
  readonly productCategories: string[];
  readonly terms: ContractTerms;
  /** The onboarding score: the scorecard's baseline until enough orders were delivered. */
  readonly qualificationScore: number;
  /** How the onboarding score was made up: the scorecard's lines until enough orders were delivered. */
  readonly qualificationBreakdown?: CriterionScore[];
  readonly performance: SupplierPerformance;
  readonly approvedAt: string;
  readonly approvedBy: string;
  readonly updatedAt: string;
}

/**
 * Operators see every application; an applicant sees its own. Anyone else is told it does not exist
 * (not "forbidden"), so ids cannot be probed.
 */
export const canViewApplication = (actor: Actor, application: Pick<SupplierApplication, 'applicantSub'>): boolean =>
  hasRole(actor, 'operator') || actor.sub === application.applicantSub;

/** Operators see every supplier; a supplier user sees the supplier it belongs to or owns. */
export const canViewSupplier = (actor: Actor, supplier: Pick<Supplier, 'supplierId' | 'ownerSub'>): boolean =>
  hasRole(actor, 'operator') || actor.supplierId === supplier.supplierId || actor.sub === supplier.ownerSub;

/** The supplier an approved application becomes: owned by the applicant, bound by the granted terms. */
export const newSupplier = (
  supplierId: string,
  application: SupplierApplication,
  terms: ContractTerms,
  approvedBy: string,
  now: Date,
): Supplier => ({
  supplierId,
  applicationId: application.applicationId,
  name: displayName(application.form.company),
  legalName: application.form.company.legalName,
  country: application.form.company.country,
  status: 'APPROVED',
  ownerSub: application.applicantSub,
  contactEmail: application.applicantEmail,
  productCategories: [...application.form.productCategories],
  terms,
  qualificationScore: application.qualification?.score ?? 0,
  ...(application.qualification ? { qualificationBreakdown: [...application.qualification.breakdown] } : {}),
  performance: NO_PERFORMANCE_YET,
  approvedAt: now.toISOString(),
  approvedBy,
  updatedAt: now.toISOString(),
});
