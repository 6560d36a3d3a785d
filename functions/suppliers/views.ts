/** What callers see of our records: explicit picks, so internals (task tokens, owner subs) never leak. */
import type { ApplicationSummary, ApplicationView, ScorecardView, SupplierView } from '../../shared/contracts/suppliers';
import type { SupplierApplication } from '../../shared/domain/suppliers/application';
import { displayName } from '../../shared/domain/suppliers/form';
import type { Scorecard } from '../../shared/domain/suppliers/scorecard';
import type { Supplier } from '../../shared/domain/suppliers/supplier';

export const toApplicationView = (application: SupplierApplication): ApplicationView => ({
  applicationId: application.applicationId,
  status: application.status,
  applicantEmail: application.applicantEmail,
  form: application.form,
  submittedAt: application.submittedAt,
  updatedAt: application.updatedAt,
  qualification: application.qualification,
  decisionDueAt: application.decisionDueAt,
  operatorDecision: application.operatorDecision,
  rejectionReasons: application.rejectionReasons,
  supplierId: application.supplierId,
  failure: application.failure,
});

export const toApplicationSummary = (application: SupplierApplication): ApplicationSummary => ({
  applicationId: application.applicationId,
  status: application.status,
  companyName: displayName(application.form.company),
  country: application.form.company.country,
  applicantEmail: application.applicantEmail,
  submittedAt: application.submittedAt,
  score: application.qualification?.score,
  decisionDueAt: application.decisionDueAt,
});

export const toSupplierView = (supplier: Supplier): SupplierView => ({
  supplierId: supplier.supplierId,
  applicationId: supplier.applicationId,
  name: supplier.name,
  legalName: supplier.legalName,
  country: supplier.country,
  status: supplier.status,
  contactEmail: supplier.contactEmail,
  productCategories: supplier.productCategories,
  terms: supplier.terms,
  qualificationScore: supplier.qualificationScore,
  approvedAt: supplier.approvedAt,
  updatedAt: supplier.updatedAt,
});

export const toScorecardView = (supplier: Supplier, scorecard: Scorecard): ScorecardView => ({
  supplierId: supplier.supplierId,
  ...scorecard,
  performance: supplier.performance,
});
