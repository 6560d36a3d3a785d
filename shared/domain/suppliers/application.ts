/**
 * A supplier's application to sell through us, and the life cycle it moves through.
 *
 *   SUBMITTED → SCREENING → AWAITING_DECISION → DECISION_RECORDED → APPROVED | REJECTED
 *                   │               │
 *                   │               └→ EXPIRED (no operator decision within the window)
 *                   └→ REJECTED (incomplete, or scored below the threshold)
 *   any non-final status → FAILED (the onboarding workflow broke; an operator looks at it)
 */
import { conflict } from '../errors';
import type { QualificationScore } from './scoring';
import type { ContractTerms } from './terms';
import type { SupplierApplicationForm } from './form';
import { primaryContact } from './form';

export const APPLICATION_STATUSES = [
  'SUBMITTED',
  'SCREENING',
  'AWAITING_DECISION',
  'DECISION_RECORDED',
  'APPROVED',
  'REJECTED',
  'EXPIRED',
  'FAILED',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

const ALLOWED_TRANSITIONS: Readonly<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  SUBMITTED: ['SCREENING', 'FAILED'],
  SCREENING: ['AWAITING_DECISION', 'REJECTED', 'FAILED'],
  AWAITING_DECISION: ['DECISION_RECORDED', 'EXPIRED', 'FAILED'],
  DECISION_RECORDED: ['APPROVED', 'REJECTED', 'FAILED'],
  APPROVED: [],
  REJECTED: [],
  EXPIRED: [],
  FAILED: [],
};

export const FINAL_STATUSES: readonly ApplicationStatus[] = APPLICATION_STATUSES.filter(
  (status) => ALLOWED_TRANSITIONS[status].length === 0,
);

export const canTransition = (from: ApplicationStatus, to: ApplicationStatus): boolean =>
  ALLOWED_TRANSITIONS[from].includes(to);

/** The statuses an application may move to `to` from (used as the condition of the update). */
export const statusesLeadingTo = (to: ApplicationStatus): ApplicationStatus[] =>
  APPLICATION_STATUSES.filter((from) => canTransition(from, to));

export const assertTransition = (from: ApplicationStatus, to: ApplicationStatus): void => {
  if (!canTransition(from, to)) {
    throw conflict('IllegalStatusTransition', `An application cannot move from ${from} to ${to}`);
  }
};

export const isFinal = (status: ApplicationStatus): boolean => FINAL_STATUSES.includes(status);

export type OperatorDecision =
  | { readonly decision: 'APPROVE'; readonly terms: ContractTerms; readonly decidedBy: string; readonly decidedAt: string }
  | {
      readonly decision: 'REJECT';
      readonly reasons: string[];
      readonly decidedBy: string;
      readonly decidedAt: string;
    };

export interface ApplicationFailure {
  readonly error: string;
  readonly cause: string;
  readonly failedAt: string;
}

/** An application as stored and shown (the workflow's task token is kept out of this type on purpose). */
export interface SupplierApplication {
  readonly applicationId: string;
  readonly applicantSub: string;
  readonly applicantEmail: string;
  readonly status: ApplicationStatus;
  readonly form: SupplierApplicationForm;
  readonly submittedAt: string;
  readonly updatedAt: string;
  /** The onboarding execution that owns this application; a second one is a duplicate start. */
  readonly executionArn?: string;
  readonly qualification?: QualificationScore;
  /** When the operators' decision window closes (set when scoring passes). */
  readonly decisionDueAt?: string;
  readonly reminderSentAt?: string;
  readonly operatorDecision?: OperatorDecision;
  readonly rejectionReasons?: string[];
  readonly supplierId?: string;
  readonly failure?: ApplicationFailure;
}

/** What the workflow carries after an operator decided: small on purpose; the details stay in the table. */
export interface DecisionOutcome {
  readonly decision: OperatorDecision['decision'];
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export const decisionOutcome = ({ decision, decidedBy, decidedAt }: OperatorDecision): DecisionOutcome => ({
  decision,
  decidedBy,
  decidedAt,
});

export interface Applicant {
  readonly sub: string;
  readonly email?: string;
}

export const newApplication = (
  applicationId: string,
  applicant: Applicant,
  form: SupplierApplicationForm,
  now: Date,
): SupplierApplication => ({
  applicationId,
  applicantSub: applicant.sub,
  // Where we write back to: the signed-in user's address, else the primary (or any) contact's.
  applicantEmail:
    applicant.email ?? primaryContact(form)?.email ?? form.contacts.find((contact) => contact.email)?.email ?? '',
  status: 'SUBMITTED',
  form,
  submittedAt: now.toISOString(),
  updatedAt: now.toISOString(),
});

/** Why a decision cannot be recorded now: decided already, or not (or no longer) waiting for one. */
/** A change of the application that lost to another transaction on it: the workflow's retry or the caller tries again. */
export const applicationChangedConcurrently = (applicationId: string) =>
  conflict('ApplicationChangedConcurrently', `Application ${applicationId} changed while it was written; try again`);

export const decisionRefusal = (application: Pick<SupplierApplication, 'applicationId' | 'status' | 'operatorDecision'>) =>
  application.operatorDecision
    ? conflict(
        'ApplicationAlreadyDecided',
        `Application ${application.applicationId} was already decided (${application.operatorDecision.decision})`,
      )
    : conflict(
        'ApplicationNotAwaitingDecision',
        `Application ${application.applicationId} is ${application.status}, not AWAITING_DECISION`,
      );

export type RejectionBasis = 'INCOMPLETE' | 'BELOW_THRESHOLD' | 'OPERATOR';

const DEFAULT_SCREENING_REASON: Record<Exclude<RejectionBasis, 'OPERATOR'>, string> = {
  INCOMPLETE: 'The application is incomplete.',
  BELOW_THRESHOLD: 'The application did not reach the qualification threshold.',
};

/** Where a rejection comes from and the reasons the applicant is given. */
export const rejectionFor = (
  application: Pick<SupplierApplication, 'applicationId' | 'operatorDecision'>,
  basis: RejectionBasis,
  screeningReasons: readonly string[],
): { fromStatus: ApplicationStatus; reasons: string[] } => {
  if (basis !== 'OPERATOR') {
    return {
      fromStatus: 'SCREENING',
      reasons: screeningReasons.length > 0 ? [...screeningReasons] : [DEFAULT_SCREENING_REASON[basis]],
    };
  }
  if (application.operatorDecision?.decision !== 'REJECT') {
    throw conflict('ApplicationNotRejected', `Application ${application.applicationId} has no rejection decision`);
  }
  return { fromStatus: 'DECISION_RECORDED', reasons: [...application.operatorDecision.reasons] };
};
