import { describe, expect, it } from 'vitest';
import {
  APPLICATION_STATUSES,
  assertTransition,
  canTransition,
  decisionRefusal,
  isFinal,
  newApplication,
  rejectionFor,
  statusesLeadingTo,
  type ApplicationStatus,
} from '../../../shared/domain/suppliers/application';
import { DomainError } from '../../../shared/domain/errors';
import { completeForm, NOW, validTerms } from './fixtures';

const LEGAL: [ApplicationStatus, ApplicationStatus][] = [
  ['SUBMITTED', 'SCREENING'],
  ['SCREENING', 'AWAITING_DECISION'],
  ['SCREENING', 'REJECTED'],
  ['AWAITING_DECISION', 'DECISION_RECORDED'],
  ['AWAITING_DECISION', 'EXPIRED'],
  ['DECISION_RECORDED', 'APPROVED'],
  ['DECISION_RECORDED', 'REJECTED'],
  ['SUBMITTED', 'FAILED'],
  ['SCREENING', 'FAILED'],
  ['AWAITING_DECISION', 'FAILED'],
  ['DECISION_RECORDED', 'FAILED'],
];

describe('application status transitions', () => {
  const all = APPLICATION_STATUSES.flatMap((from) => APPLICATION_STATUSES.map((to) => [from, to] as const));

  it.each(all)('%s → %s is legal only if listed', (from, to) => {
    const legal = LEGAL.some(([a, b]) => a === from && b === to);
    expect(canTransition(from, to)).toBe(legal);
    if (legal) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(expect.objectContaining({ kind: 'conflict', code: 'IllegalStatusTransition' }));
  });

  it('knows the final statuses and what may fail', () => {
    expect(APPLICATION_STATUSES.filter(isFinal)).toEqual(['APPROVED', 'REJECTED', 'EXPIRED', 'FAILED']);
    expect(statusesLeadingTo('FAILED')).toEqual(['SUBMITTED', 'SCREENING', 'AWAITING_DECISION', 'DECISION_RECORDED']);
  });
});

describe('newApplication', () => {
  it('starts SUBMITTED, owned by the applicant, with the token email first', () => {
    const application = newApplication('01J0000000000000000000000A', { sub: 'u1', email: 'me@x.example' }, completeForm(), NOW);
    expect(application).toMatchObject({ status: 'SUBMITTED', applicantSub: 'u1', applicantEmail: 'me@x.example', submittedAt: NOW.toISOString() });
  });

  it('falls back to the primary contact email', () => {
    expect(newApplication('01J0000000000000000000000A', { sub: 'u1' }, completeForm(), NOW).applicantEmail).toBe('ada@acme.example');
  });
});

describe('decisionRefusal', () => {
  it('says "already decided" when a decision exists, else "not awaiting"', () => {
    const decided = decisionRefusal({
      applicationId: 'A',
      status: 'APPROVED',
      operatorDecision: { decision: 'APPROVE', terms: validTerms(), decidedBy: 'op', decidedAt: NOW.toISOString() },
    });
    expect(decided.code).toBe('ApplicationAlreadyDecided');
    expect(decisionRefusal({ applicationId: 'A', status: 'SCREENING' }).code).toBe('ApplicationNotAwaitingDecision');
    expect(decisionRefusal({ applicationId: 'A', status: 'REJECTED' }).code).toBe('ApplicationNotAwaitingDecision');
  });
});

describe('rejectionFor', () => {
  it('uses screening reasons (or a default) from SCREENING', () => {
    expect(rejectionFor({ applicationId: 'A' }, 'INCOMPLETE', ['Add a contact.'])).toEqual({ fromStatus: 'SCREENING', reasons: ['Add a contact.'] });
    expect(rejectionFor({ applicationId: 'A' }, 'BELOW_THRESHOLD', []).reasons).toHaveLength(1);
  });

  it("uses the operator's reasons and requires a REJECT decision", () => {
    const reject = { decision: 'REJECT' as const, reasons: ['Prices too high'], decidedBy: 'op', decidedAt: NOW.toISOString() };
    expect(rejectionFor({ applicationId: 'A', operatorDecision: reject }, 'OPERATOR', [])).toEqual({
      fromStatus: 'DECISION_RECORDED',
      reasons: ['Prices too high'],
    });
    expect(() => rejectionFor({ applicationId: 'A' }, 'OPERATOR', [])).toThrow(DomainError);
  });
});
