/**
 * What each step of supplier onboarding decides, as plain functions of the application read: the change to
 * write (conditional on the statuses it moves from), its events, the supplier it creates, what it does to the
 * workflow's wait for an operator, and the step's answer. No change: the step's result is there already, so a
 * step run twice does nothing more. Handlers load the application, call one of these, and save what it says
 * (`suppliersRepository.updateApplication`), which decides again on the fresh application when the write is
 * refused or lost.
 */
import type { DomainEventDraft } from '../events';
import { conflict } from '../errors';
import { decisionDueAt, type DecisionTiming } from '../decision-timing';
import { SUPPLIER_ONBOARDING_ERRORS } from '../workflow-errors';
import {
  decisionOutcome,
  decisionRefusal,
  isFinal,
  rejectionFor,
  statusesLeadingTo,
  type ApplicationStatus,
  type DecisionOutcome,
  type OperatorDecision,
  type RejectionBasis,
  type SupplierApplication,
} from './application';
import type { CompanyIdentity } from './company';
import { applicationAwaitingDecision, applicationExpired, decisionReminderDue, onboardingFailed, supplierApproved, supplierRejected } from './events';
import { scoreApplication, type QualificationScore } from './scoring';
import { newSupplier, type Supplier } from './supplier';

/** A conditional change of the application: written only while it is in one of `expectedStatuses`. */
export interface ApplicationChange {
  readonly expectedStatuses: readonly ApplicationStatus[];
  /** New status; omit to keep it (then the write only records fields). */
  readonly status?: ApplicationStatus;
  readonly set?: Partial<Omit<SupplierApplication, 'applicationId' | 'status' | 'updatedAt'>>;
  /** Fields that must not be present yet (e.g. `reminderSentAt`: remind once). */
  readonly requireAbsent?: readonly (keyof SupplierApplication)[];
  /**
   * The applying company: required with a final status (APPROVED, REJECTED, EXPIRED, FAILED), whose write
   * also moves the company's guard (supplier, or closed with its cool-down).
   */
  readonly company?: CompanyIdentity;
  /** The supplier an APPROVED application became (for the company guard). */
  readonly supplierId?: string;
  readonly now: Date;
}

/**
 * What a decision does to the workflow's wait for an operator: `STORE_TOKEN` keeps the waiting step's task
 * token (the decision route wakes it), `DROP_TOKEN` ends the wait (a token answers one wait only).
 */
export type DecisionWaitEffect = 'STORE_TOKEN' | 'DROP_TOKEN';

export interface ApplicationDecision<R> {
  /** Absent: nothing to write, `answer` as things stand. */
  readonly change?: ApplicationChange;
  readonly events?: readonly DomainEventDraft<object>[];
  /** A supplier created with the change (its id must be new). */
  readonly supplier?: Supplier;
  readonly effects?: readonly DecisionWaitEffect[];
  /** The step's answer once the change is written (or when there is none). */
  readonly answer: R;
  /** The answer when the change is refused, for a step whose refusal is its answer; without it the application is read and decided again. */
  readonly answerIfRefused?: R;
}

/**
 * StartScreening: SUBMITTED → SCREENING for this execution. Its condition is the whole check, so it may be
 * decided before reading (`application` undefined); read, an application claimed by this execution is
 * fine, one claimed by another is `ApplicationAlreadyInProgress`.
 */
export function claimForScreening(application: SupplierApplication | undefined, executionArn: string, now: Date): ApplicationDecision<{ status: 'SCREENING' }> {
  const answer = { status: 'SCREENING' as const };
  if (application === undefined || application.status === 'SUBMITTED') {
    return { change: { expectedStatuses: ['SUBMITTED'], status: 'SCREENING', set: { executionArn }, now }, answer };
  }
  if (application.executionArn !== executionArn) {
    throw conflict(SUPPLIER_ONBOARDING_ERRORS.ApplicationAlreadyInProgress, `Application ${application.applicationId} is handled by ${application.executionArn ?? 'another process'}`);
  }
  return { answer };
}

/** ScoreApplication: the score and its breakdown are kept and, when it passes, when the operators' decision is due. */
export function recordScore(
  application: SupplierApplication,
  timing: DecisionTiming,
  now: Date,
): ApplicationDecision<Pick<QualificationScore, 'passed' | 'score' | 'reasons'> & { readonly timing: DecisionTiming }> {
  if (application.status !== 'SCREENING') throw conflict('ApplicationNotInScreening', `Application ${application.applicationId} is no longer in screening`);
  const qualification = scoreApplication(application.form, now);
  const { passed, score, reasons } = qualification;
  return {
    change: { expectedStatuses: ['SCREENING'], set: { qualification, decisionDueAt: qualification.passed ? decisionDueAt(now, timing) : undefined }, now },
    answer: { passed, score, reasons, timing },
  };
}

/** What RequestDecision answers: waiting for the operator, or the decision recorded while no step listened. */
export type DecisionWait = { readonly waiting: true } | { readonly waiting: false; readonly resume: DecisionOutcome };

/**
 * RequestDecision (both waits): the waiting step's token is stored; the first time the application moves to
 * AWAITING_DECISION and the wait is announced. A decision recorded meanwhile is handed back instead.
 */
export function awaitOperatorDecision(application: SupplierApplication, now: Date): ApplicationDecision<DecisionWait> {
  if (application.operatorDecision) return { answer: { waiting: false, resume: decisionOutcome(application.operatorDecision) } };
  const effects: DecisionWaitEffect[] = ['STORE_TOKEN'];
  if (application.status === 'SCREENING') {
    const announced = applicationAwaitingDecision(application, application.qualification?.score ?? 0, application.decisionDueAt ?? '');
    return { change: { expectedStatuses: ['SCREENING'], status: 'AWAITING_DECISION', now }, events: [announced], effects, answer: { waiting: true } };
  }
  if (application.status !== 'AWAITING_DECISION') throw decisionRefusal(application);
  return { change: { expectedStatuses: ['AWAITING_DECISION'], now }, effects, answer: { waiting: true } };
}

/** RemindOperators: one reminder while the decision is awaited; decided or reminded already, none. */
export function remindOperators(application: SupplierApplication, now: Date): ApplicationDecision<{ reminded: boolean }> {
  if (application.status !== 'AWAITING_DECISION' || application.reminderSentAt !== undefined) return { answer: { reminded: false } };
  return {
    change: { expectedStatuses: ['AWAITING_DECISION'], requireAbsent: ['reminderSentAt'], set: { reminderSentAt: now.toISOString() }, now },
    events: [decisionReminderDue(application, application.decisionDueAt ?? '')],
    answer: { reminded: true },
    answerIfRefused: { reminded: false },
  };
}

/**
 * POST …/decision: the operator's decision, recorded once while the application awaits it. Its condition is
 * the whole check (`application` undefined: not read yet); read, anything else is a 409 saying why.
 */
export function recordOperatorDecision(application: SupplierApplication | undefined, decision: OperatorDecision, now: Date): ApplicationDecision<OperatorDecision> {
  if (application && (application.status !== 'AWAITING_DECISION' || application.operatorDecision)) throw decisionRefusal(application);
  return { change: { expectedStatuses: ['AWAITING_DECISION'], status: 'DECISION_RECORDED', set: { operatorDecision: decision }, now }, answer: decision };
}

export type ExpiryAnswer = { readonly expired: true } | ({ readonly expired: false } & DecisionOutcome);

/** ExpireApplication: the window closed undecided, so the application expires; a decision that slipped in wins. */
export function expireUndecided(application: SupplierApplication, now: Date): ApplicationDecision<ExpiryAnswer> {
  if (application.operatorDecision) return { answer: { expired: false, ...decisionOutcome(application.operatorDecision) } };
  if (application.status === 'EXPIRED') return { answer: { expired: true } };
  if (application.status !== 'AWAITING_DECISION') throw decisionRefusal(application);
  return {
    change: { expectedStatuses: ['AWAITING_DECISION'], status: 'EXPIRED', company: application.form.company, now },
    events: [applicationExpired(application)],
    effects: ['DROP_TOKEN'],
    answer: { expired: true },
  };
}

/**
 * ApproveSupplier: the operator approved, so the application becomes supplier `supplierId` (the company's
 * guard names it) with `SupplierApproved`. Approved already: the supplier it became.
 */
export function approveApplication(application: SupplierApplication, supplierId: string, now: Date): ApplicationDecision<{ supplierId: string }> {
  if (application.status === 'APPROVED' && application.supplierId) return { answer: { supplierId: application.supplierId } };
  const decision = application.operatorDecision;
  if (decision?.decision !== 'APPROVE') throw conflict('ApplicationNotApproved', `Application ${application.applicationId} has no approval decision`);
  if (application.status !== 'DECISION_RECORDED') {
    throw conflict('ApplicationNotApproved', `Application ${application.applicationId} is ${application.status}, it cannot be approved`);
  }
  const supplier = newSupplier(supplierId, application, decision.terms, decision.decidedBy, now);
  return {
    change: { expectedStatuses: ['DECISION_RECORDED'], status: 'APPROVED', set: { supplierId }, company: application.form.company, supplierId, now },
    supplier,
    events: [supplierApproved(supplier, application.applicantEmail, decision.terms)],
    effects: ['DROP_TOKEN'],
    answer: { supplierId },
  };
}

/** RejectApplication: screening (incomplete, below the threshold) or the operator rejected it; the applicant hears why. */
export function rejectApplication(application: SupplierApplication, basis: RejectionBasis, screeningReasons: readonly string[], now: Date): ApplicationDecision<{ rejected: true }> {
  const answer = { rejected: true as const };
  if (application.status === 'REJECTED') return { answer };
  const rejection = rejectionFor(application, basis, screeningReasons);
  if (application.status !== rejection.fromStatus) {
    throw conflict('ApplicationNotRejectable', `Application ${application.applicationId} is ${application.status}; it cannot be rejected`);
  }
  return {
    change: { expectedStatuses: [rejection.fromStatus], status: 'REJECTED', set: { rejectionReasons: rejection.reasons }, company: application.form.company, now },
    events: [supplierRejected(application, basis, rejection.reasons)],
    effects: ['DROP_TOKEN'],
    answer,
  };
}

/** What the workflow's catch-all knows of a failure: the error's name and its cause (kept to `MAX_CAUSE_LENGTH`). */
export interface OnboardingFailure {
  readonly error: string;
  readonly cause: string;
}

export const MAX_CAUSE_LENGTH = 2000;

/** MarkOnboardingFailed: FAILED with `SupplierOnboardingFailed`, unless the application is finished already. */
export function markFailed(application: SupplierApplication, failure: OnboardingFailure, now: Date): ApplicationDecision<{ recorded: boolean }> {
  if (isFinal(application.status)) return { answer: { recorded: false } };
  const cause = failure.cause.slice(0, MAX_CAUSE_LENGTH);
  return {
    change: {
      expectedStatuses: statusesLeadingTo('FAILED'),
      status: 'FAILED',
      set: { failure: { error: failure.error, cause, failedAt: now.toISOString() } },
      company: application.form.company,
      now,
    },
    events: [onboardingFailed(application.applicationId, failure.error, cause)],
    effects: ['DROP_TOKEN'],
    answer: { recorded: true },
  };
}
