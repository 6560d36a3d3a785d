/** What callers see of our records: explicit picks, so internals (task tokens, owner subs) never leak. */
import type { ApplicationSummary, ApplicationView, ScorecardView, SupplierView } from '../../shared/contracts/suppliers';
import { hasRole, type Actor } from '../../shared/domain/actor';
import type { ApplicationFailure, SupplierApplication } from '../../shared/domain/suppliers/application';
import { displayName } from '../../shared/domain/suppliers/form';
import type { Scorecard } from '../../shared/domain/suppliers/scorecard';
import type { Supplier } from '../../shared/domain/suppliers/supplier';
import { standingOf, type WeeklyScorecard } from '../../shared/domain/suppliers/weekly-scorecard';

/**
 * A failure's error and cause come from the workflow's Catch (Lambda's error JSON, stack trace included):
 * operators read them, the applicant is only told that it broke on our side.
 */
const failureShownTo = (viewer: Actor, failure: ApplicationFailure): ApplicationFailure =>
  hasRole(viewer, 'operator')
    ? failure
    : {
        error: 'OnboardingFailed',
        cause: 'Your application could not be processed because of a problem on our side; our operations team is looking into it.',
        failedAt: failure.failedAt,
      };

export const toApplicationView = (application: SupplierApplication, viewer: Actor): ApplicationView => ({
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
  failure: application.failure && failureShownTo(viewer, application.failure),
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
  standing: standingOf(supplier),
  contactEmail: supplier.contactEmail,
  productCategories: supplier.productCategories,
  terms: supplier.terms,
  qualificationScore: supplier.qualificationScore,
  approvedAt: supplier.approvedAt,
  updatedAt: supplier.updatedAt,
});

const toWeekView = ({ weekStart, score, lines, activity, standingBefore, standingAfter, movedStanding }: WeeklyScorecard) => {
  const { weekStart: _sameWeek, ...counts } = activity;
  return { weekStart, score, lines: lines.map(({ metric, value, weight, points }) => ({ metric, value, weight, points })), activity: counts, standingBefore, standingAfter, movedStanding };
};

/** The lifetime card (unchanged fields) with the weekly standing beside it; `history` newest first. */
export const toScorecardView = (supplier: Supplier, scorecard: Scorecard, history: readonly WeeklyScorecard[] = []): ScorecardView => ({
  supplierId: supplier.supplierId,
  ...scorecard,
  performance: supplier.performance,
  standing: standingOf(supplier),
  ...(supplier.standingPending ? { standingPending: supplier.standingPending } : {}),
  ...(history[0] ? { latestWeek: toWeekView(history[0]) } : {}),
  history: history.map(toWeekView),
});
