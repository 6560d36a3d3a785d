import { describe, expect, it } from 'vitest';
import { newApplication, type ApplicationStatus, type OperatorDecision, type SupplierApplication } from '../../../shared/domain/suppliers/application';
import {
  approveApplication,
  awaitOperatorDecision,
  claimForScreening,
  expireUndecided,
  markFailed,
  MAX_CAUSE_LENGTH,
  recordOperatorDecision,
  recordScore,
  rejectApplication,
  remindOperators,
} from '../../../shared/domain/suppliers/onboarding';
import { completeForm, NOW, validTerms } from './fixtures';

const ID = '01J0000000000000000000000A';
const SUPPLIER_ID = '01J0000000000000000000000S';
const timing = { reminderAfterSeconds: 3600, expireAfterReminderSeconds: 1800 };
const approval: OperatorDecision = { decision: 'APPROVE', terms: validTerms(), decidedBy: 'op-1', decidedAt: NOW.toISOString() };
const rejection: OperatorDecision = { decision: 'REJECT', reasons: ['Too expensive'], decidedBy: 'op-1', decidedAt: NOW.toISOString() };

const application = (status: ApplicationStatus, extra: Partial<SupplierApplication> = {}): SupplierApplication => ({
  ...newApplication(ID, { sub: 'applicant-1', email: 'applicant@acme.example' }, completeForm(), NOW),
  status,
  ...extra,
});
const typesOf = (decision: { events?: readonly { detailType: string }[] }) => (decision.events ?? []).map((event) => event.detailType);
const company = completeForm().company;

describe('claimForScreening', () => {
  it('claims SUBMITTED → SCREENING for this execution, also before anything is read', () => {
    for (const read of [undefined, application('SUBMITTED')]) {
      expect(claimForScreening(read, 'arn:1', NOW)).toEqual({
        change: { expectedStatuses: ['SUBMITTED'], status: 'SCREENING', set: { executionArn: 'arn:1' }, now: NOW },
        answer: { status: 'SCREENING' },
      });
    }
  });

  it('is fine for its own execution, and refuses another with ApplicationAlreadyInProgress', () => {
    expect(claimForScreening(application('SCREENING', { executionArn: 'arn:1' }), 'arn:1', NOW)).toEqual({ answer: { status: 'SCREENING' } });
    expect(() => claimForScreening(application('SCREENING', { executionArn: 'arn:0' }), 'arn:1', NOW)).toThrow(expect.objectContaining({ code: 'ApplicationAlreadyInProgress' }));
  });
});

describe('recordScore', () => {
  it('keeps the score and, when it passes, the decision due date; answers the waits', () => {
    const { change, answer } = recordScore(application('SCREENING'), timing, NOW);
    expect(change?.expectedStatuses).toEqual(['SCREENING']);
    expect(change?.set).toMatchObject({ qualification: { score: 100, passed: true }, decisionDueAt: '2030-06-15T13:30:00.000Z' });
    expect(answer).toEqual({ passed: true, score: 100, reasons: [], timing });
  });

  it('refuses an application no longer in screening', () => {
    expect(() => recordScore(application('AWAITING_DECISION'), timing, NOW)).toThrow(expect.objectContaining({ code: 'ApplicationNotInScreening' }));
  });
});

describe('awaitOperatorDecision', () => {
  it('the first time: AWAITING_DECISION, the token kept, the wait announced', () => {
    const decision = awaitOperatorDecision(application('SCREENING', { decisionDueAt: '2030-06-16T12:00:00.000Z' }), NOW);
    expect(decision.change).toMatchObject({ expectedStatuses: ['SCREENING'], status: 'AWAITING_DECISION' });
    expect(decision.effects).toEqual(['STORE_TOKEN']);
    expect(typesOf(decision)).toEqual(['SupplierApplicationAwaitingDecision']);
    expect(decision.answer).toEqual({ waiting: true });
  });

  it('a later wait only keeps its token', () => {
    const decision = awaitOperatorDecision(application('AWAITING_DECISION'), NOW);
    expect(decision.change).toEqual({ expectedStatuses: ['AWAITING_DECISION'], now: NOW });
    expect(decision.effects).toEqual(['STORE_TOKEN']);
    expect(typesOf(decision)).toEqual([]);
  });

  it('hands back a decision recorded while nobody waited, writing nothing', () => {
    expect(awaitOperatorDecision(application('DECISION_RECORDED', { operatorDecision: approval }), NOW)).toEqual({
      answer: { waiting: false, resume: { decision: 'APPROVE', decidedBy: 'op-1', decidedAt: NOW.toISOString() } },
    });
  });

  it('refuses an application that no longer waits (expired)', () => {
    expect(() => awaitOperatorDecision(application('EXPIRED'), NOW)).toThrow(expect.objectContaining({ code: 'ApplicationNotAwaitingDecision' }));
  });
});

describe('remindOperators', () => {
  it('reminds once, conditional on no earlier reminder; a refusal answers not reminded', () => {
    const decision = remindOperators(application('AWAITING_DECISION'), NOW);
    expect(decision.change).toMatchObject({ expectedStatuses: ['AWAITING_DECISION'], requireAbsent: ['reminderSentAt'], set: { reminderSentAt: NOW.toISOString() } });
    expect(typesOf(decision)).toEqual(['SupplierDecisionReminderDue']);
    expect(decision).toMatchObject({ answer: { reminded: true }, answerIfRefused: { reminded: false } });
  });

  it('does not remind about a decided or already reminded application', () => {
    expect(remindOperators(application('DECISION_RECORDED', { operatorDecision: approval }), NOW)).toEqual({ answer: { reminded: false } });
    expect(remindOperators(application('AWAITING_DECISION', { reminderSentAt: NOW.toISOString() }), NOW)).toEqual({ answer: { reminded: false } });
  });
});

describe('recordOperatorDecision', () => {
  it('records the decision while the application awaits it (also before reading)', () => {
    for (const read of [undefined, application('AWAITING_DECISION')]) {
      expect(recordOperatorDecision(read, approval, NOW)).toEqual({
        change: { expectedStatuses: ['AWAITING_DECISION'], status: 'DECISION_RECORDED', set: { operatorDecision: approval }, now: NOW },
        answer: approval,
      });
    }
  });

  it('says why it cannot: decided already, or not awaiting a decision', () => {
    expect(() => recordOperatorDecision(application('DECISION_RECORDED', { operatorDecision: rejection }), approval, NOW)).toThrow(expect.objectContaining({ code: 'ApplicationAlreadyDecided' }));
    expect(() => recordOperatorDecision(application('SCREENING'), approval, NOW)).toThrow(expect.objectContaining({ code: 'ApplicationNotAwaitingDecision' }));
  });
});

describe('expireUndecided', () => {
  it('expires an undecided application, ends the wait and moves the company guard', () => {
    const decision = expireUndecided(application('AWAITING_DECISION'), NOW);
    expect(decision.change).toMatchObject({ expectedStatuses: ['AWAITING_DECISION'], status: 'EXPIRED', company });
    expect(decision.effects).toEqual(['DROP_TOKEN']);
    expect(typesOf(decision)).toEqual(['SupplierApplicationExpired']);
    expect(decision.answer).toEqual({ expired: true });
  });

  it('lets a decision that slipped in win, and expires nothing twice', () => {
    expect(expireUndecided(application('DECISION_RECORDED', { operatorDecision: rejection }), NOW)).toEqual({
      answer: { expired: false, decision: 'REJECT', decidedBy: 'op-1', decidedAt: NOW.toISOString() },
    });
    expect(expireUndecided(application('EXPIRED'), NOW)).toEqual({ answer: { expired: true } });
  });
});

describe('approveApplication', () => {
  it('creates the supplier with the granted terms and SupplierApproved; the company guard names it', () => {
    const decision = approveApplication(application('DECISION_RECORDED', { operatorDecision: approval }), SUPPLIER_ID, NOW);
    expect(decision.change).toMatchObject({ expectedStatuses: ['DECISION_RECORDED'], status: 'APPROVED', set: { supplierId: SUPPLIER_ID }, company, supplierId: SUPPLIER_ID });
    expect(decision.supplier).toMatchObject({ supplierId: SUPPLIER_ID, applicationId: ID, ownerSub: 'applicant-1', terms: validTerms(), approvedBy: 'op-1' });
    expect(typesOf(decision)).toEqual(['SupplierApproved']);
    expect(decision.effects).toEqual(['DROP_TOKEN']);
    expect(decision.answer).toEqual({ supplierId: SUPPLIER_ID });
  });

  it('answers the supplier an approved application became, writing nothing', () => {
    expect(approveApplication(application('APPROVED', { operatorDecision: approval, supplierId: 'S-0' }), SUPPLIER_ID, NOW)).toEqual({ answer: { supplierId: 'S-0' } });
  });

  it('refuses without an approval decision, or once the application moved on', () => {
    expect(() => approveApplication(application('DECISION_RECORDED', { operatorDecision: rejection }), SUPPLIER_ID, NOW)).toThrow(/no approval decision/);
    expect(() => approveApplication(application('FAILED', { operatorDecision: approval }), SUPPLIER_ID, NOW)).toThrow(/is FAILED, it cannot be approved/);
  });
});

describe('rejectApplication', () => {
  it("rejects on the operator's reasons from DECISION_RECORDED", () => {
    const decision = rejectApplication(application('DECISION_RECORDED', { operatorDecision: rejection }), 'OPERATOR', [], NOW);
    expect(decision.change).toMatchObject({ expectedStatuses: ['DECISION_RECORDED'], status: 'REJECTED', set: { rejectionReasons: ['Too expensive'] }, company });
    expect(decision.events?.[0]).toMatchObject({ detailType: 'SupplierRejected', detail: { basis: 'OPERATOR', reasons: ['Too expensive'] } });
  });

  it('rejects from SCREENING on the screening reasons; rejected already, nothing', () => {
    expect(rejectApplication(application('SCREENING'), 'INCOMPLETE', ['Add a reference.'], NOW).change?.set).toEqual({ rejectionReasons: ['Add a reference.'] });
    expect(rejectApplication(application('REJECTED'), 'INCOMPLETE', [], NOW)).toEqual({ answer: { rejected: true } });
  });

  it('refuses an application that moved elsewhere (ApplicationNotRejectable)', () => {
    expect(() => rejectApplication(application('FAILED'), 'BELOW_THRESHOLD', [], NOW)).toThrow(expect.objectContaining({ code: 'ApplicationNotRejectable' }));
  });
});

describe('markFailed', () => {
  it('marks any unfinished application FAILED with the cause cut to its limit, and ends the wait', () => {
    const decision = markFailed(application('AWAITING_DECISION'), { error: 'Boom', cause: 'x'.repeat(5000) }, NOW);
    expect(decision.change?.expectedStatuses).toEqual(['SUBMITTED', 'SCREENING', 'AWAITING_DECISION', 'DECISION_RECORDED']);
    expect(decision.change).toMatchObject({ status: 'FAILED', company, set: { failure: { error: 'Boom', failedAt: NOW.toISOString() } } });
    expect((decision.change?.set?.failure?.cause ?? '').length).toBe(MAX_CAUSE_LENGTH);
    expect(typesOf(decision)).toEqual(['SupplierOnboardingFailed']);
    expect(decision.effects).toEqual(['DROP_TOKEN']);
  });

  it('leaves a finished application alone', () => {
    for (const status of ['APPROVED', 'REJECTED', 'EXPIRED', 'FAILED'] as const) {
      expect(markFailed(application(status), { error: 'Boom', cause: '' }, NOW)).toEqual({ answer: { recorded: false } });
    }
  });
});
