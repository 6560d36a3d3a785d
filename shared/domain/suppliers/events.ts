/**
 * Domain events of supplier onboarding, as drafts (the outbox stamps id, time and correlation id).
 * Every `summary` is one sentence a person reads in a notification.
 */
import type { DomainEventDraft } from '../events';
import type { RejectionBasis, SupplierApplication } from './application';
import type { Supplier } from './supplier';
import type { ContractTerms } from './terms';
import { displayName } from './form';

export const SUPPLIERS_EVENT_SOURCE = 'commerce.suppliers';

export const SUPPLIER_EVENT_TYPES = [
  'SupplierApplicationSubmitted',
  'SupplierApplicationAwaitingDecision',
  'SupplierDecisionReminderDue',
  'SupplierApplicationExpired',
  'SupplierApproved',
  'SupplierRejected',
  'SupplierOnboardingFailed',
] as const;
export type SupplierEventType = (typeof SUPPLIER_EVENT_TYPES)[number];

const draft = <D extends { summary: string }>(detailType: SupplierEventType, detail: D): DomainEventDraft<D> => ({
  source: SUPPLIERS_EVENT_SOURCE,
  detailType,
  detail,
});

const nameOf = (application: SupplierApplication) =>
  `${displayName(application.form.company)} (${application.form.company.country})`;

export const applicationSubmitted = (application: SupplierApplication, correlationId: string) =>
  draft('SupplierApplicationSubmitted', {
    applicationId: application.applicationId,
    correlationId,
    applicantSub: application.applicantSub,
    applicantEmail: application.applicantEmail,
    companyName: displayName(application.form.company),
    country: application.form.company.country,
    submittedAt: application.submittedAt,
    summary: `${nameOf(application)} applied to become a supplier (application ${application.applicationId}).`,
  });

export const applicationAwaitingDecision = (application: SupplierApplication, score: number, dueAt: string) =>
  draft('SupplierApplicationAwaitingDecision', {
    applicationId: application.applicationId,
    companyName: displayName(application.form.company),
    score,
    decisionDueAt: dueAt,
    summary: `Supplier application ${application.applicationId} from ${nameOf(application)} scored ${score}/100 and awaits an operator decision by ${dueAt}.`,
  });

export const decisionReminderDue = (application: SupplierApplication, dueAt: string) =>
  draft('SupplierDecisionReminderDue', {
    applicationId: application.applicationId,
    companyName: displayName(application.form.company),
    decisionDueAt: dueAt,
    summary: `Reminder: supplier application ${application.applicationId} from ${nameOf(application)} still needs a decision; it expires at ${dueAt}.`,
  });

export const applicationExpired = (application: SupplierApplication) =>
  draft('SupplierApplicationExpired', {
    applicationId: application.applicationId,
    applicantEmail: application.applicantEmail,
    companyName: displayName(application.form.company),
    summary: `Supplier application ${application.applicationId} from ${nameOf(application)} expired without a decision.`,
  });

export const supplierApproved = (supplier: Supplier, applicantEmail: string, terms: ContractTerms) =>
  draft('SupplierApproved', {
    supplierId: supplier.supplierId,
    applicationId: supplier.applicationId,
    applicantEmail,
    companyName: supplier.name,
    terms,
    summary: `${supplier.name} (${supplier.country}) is now an approved supplier ${supplier.supplierId}: payment in ${terms.paymentTermsDays} days, lead time ${terms.leadTimeDays} days.`,
  });

const BASIS_TEXT: Record<RejectionBasis, string> = {
  INCOMPLETE: 'it is incomplete',
  BELOW_THRESHOLD: 'it scored below the qualification threshold',
  OPERATOR: 'an operator declined it',
};

export const supplierRejected = (
  application: SupplierApplication,
  basis: RejectionBasis,
  reasons: readonly string[],
) =>
  draft('SupplierRejected', {
    applicationId: application.applicationId,
    applicantEmail: application.applicantEmail,
    companyName: displayName(application.form.company),
    basis,
    reasons: [...reasons],
    summary: `Supplier application ${application.applicationId} from ${nameOf(application)} was rejected because ${BASIS_TEXT[basis]}.`,
  });

export const onboardingFailed = (applicationId: string, error: string, cause: string) =>
  draft('SupplierOnboardingFailed', {
    applicationId,
    error,
    cause,
    summary: `Onboarding of supplier application ${applicationId} failed (${error}); an operator needs to look at it.`,
  });

