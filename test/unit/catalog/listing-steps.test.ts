import { describe, expect, it } from 'vitest';
import {
  claimRevision,
  expireReview,
  rejectListing,
  remindReviewers,
  requestReview,
  REVIEW_REMINDER_SENT,
  sendBackForChanges,
} from '../../../shared/domain/catalog/listing-steps';
import type { Product, ProductRevision, ReviewDecision } from '../../../shared/domain/catalog/product';
import { liveProduct, NOW, OPERATOR } from './fixtures';

const LATER = new Date('2030-03-01T10:00:00.000Z');
const timing = { reminderAfterSeconds: 3600, expireAfterReminderSeconds: 1800 };
const quality = { score: 92, threshold: 70, findings: [], checkedAt: NOW.toISOString() };

/** A live product whose revision 2 is at `status` (IN_REVIEW: checked, awaiting an operator unless told otherwise). */
const atRevision2 = (status: ProductRevision['status'], latest: Partial<ProductRevision> = {}): Product =>
  liveProduct({ revision: 2, status, reason: 'CONTENT_CHANGE', quality, ...latest });
const awaiting = (latest: Partial<ProductRevision> = {}) => atRevision2('IN_REVIEW', { reviewDueAt: '2030-03-02T09:00:00.000Z', ...latest });
const reviewed = (decision: ReviewDecision['decision']): ReviewDecision =>
  decision === 'APPROVE'
    ? { decision, reviewedBy: OPERATOR, reviewedAt: NOW.toISOString() }
    : { decision, reasons: ['Blurry photos'], reviewedBy: OPERATOR, reviewedAt: NOW.toISOString() };
const typesOf = (step: { events?: readonly { detailType: string }[] }) => (step.events ?? []).map((event) => event.detailType);

describe('listing steps refuse a superseded revision', () => {
  it.each([
    ['claimRevision', (product: Product) => claimRevision(product, 1, NOW)],
    ['requestReview', (product: Product) => requestReview(product, 1, timing, NOW)],
    ['remindReviewers', (product: Product) => remindReviewers(product, 1, NOW)],
    ['expireReview', (product: Product) => expireReview(product, 1, NOW)],
    ['sendBackForChanges', (product: Product) => sendBackForChanges(product, 1, 'CHECKS', undefined, NOW)],
    ['rejectListing', (product: Product) => rejectListing(product, 1, NOW)],
  ])('%s of revision 1 when revision 2 took over: RevisionSuperseded', (_name, step) => {
    expect(() => step(awaiting())).toThrow(expect.objectContaining({ code: 'RevisionSuperseded' }));
  });
});

describe('claimRevision', () => {
  it('moves a DRAFT revision into review, and decides nothing once it is past DRAFT', () => {
    const { next } = claimRevision(atRevision2('DRAFT'), 2, NOW);
    expect(next?.latest.status).toBe('IN_REVIEW');
    expect(claimRevision(next!, 2, LATER)).toEqual({});
  });
});

describe('requestReview', () => {
  it('the first wait: due after the window, ProductReviewRequested with the check score', () => {
    const step = requestReview(atRevision2('IN_REVIEW'), 2, timing, NOW);
    expect(step.next?.latest.reviewDueAt).toBe('2030-03-01T10:30:00.000Z');
    expect(typesOf(step)).toEqual(['ProductReviewRequested']);
    expect(step.events?.[0]?.detail).toMatchObject({ score: 92, reviewDueAt: '2030-03-01T10:30:00.000Z' });
  });

  it('a later wait keeps the product as it is (only its token changes) and announces nothing', () => {
    const product = awaiting();
    expect(requestReview(product, 2, timing, LATER)).toEqual({ next: product });
  });

  it('decides nothing once a review is recorded', () => {
    expect(requestReview(awaiting({ review: reviewed('APPROVE') }), 2, timing, LATER)).toEqual({});
  });
});

describe('remindReviewers', () => {
  it('reminds once per revision, with a history entry and ProductReviewReminderDue', () => {
    const step = remindReviewers(awaiting(), 2, NOW);
    expect(step.next?.history.at(-1)).toMatchObject({ event: REVIEW_REMINDER_SENT, revision: 2 });
    expect(typesOf(step)).toEqual(['ProductReviewReminderDue']);
    expect(remindReviewers(step.next!, 2, LATER)).toEqual({});
  });

  it('does not remind about a revision that was reviewed', () => {
    expect(remindReviewers(awaiting({ review: reviewed('REJECT') }), 2, NOW)).toEqual({});
  });
});

describe('expireReview', () => {
  it('sends an unreviewed revision back with a REVIEW_EXPIRED finding, expired and changes-requested events', () => {
    const step = expireReview(awaiting(), 2, NOW);
    expect(step.next?.latest.status).toBe('CHANGES_REQUESTED');
    expect(step.next?.latest.quality?.findings.map((finding) => finding.code)).toEqual(['REVIEW_EXPIRED']);
    expect(typesOf(step)).toEqual(['ProductReviewExpired', 'ProductChangesRequested']);
  });

  it('lets a review that arrived at the last moment win, and does nothing twice', () => {
    expect(expireReview(awaiting({ review: reviewed('APPROVE') }), 2, NOW)).toEqual({});
    expect(expireReview(expireReview(awaiting(), 2, NOW).next!, 2, LATER)).toEqual({});
  });
});

describe('sendBackForChanges', () => {
  it("CHECKS: the content check's findings go to the supplier", () => {
    const findings = [{ code: 'TITLE_TOO_SHORT', message: 'short', fixHint: 'longer', penalty: 10, blocking: true }] as never;
    const step = sendBackForChanges(atRevision2('IN_REVIEW', { quality: { ...quality, findings } }), 2, 'CHECKS', undefined, NOW);
    expect(step.next?.latest.status).toBe('CHANGES_REQUESTED');
    expect(step.events?.[0]?.detail).toMatchObject({ findings: [{ code: 'TITLE_TOO_SHORT' }] });
  });

  it("OPERATOR: the reviewer's reasons become findings, by the reviewer", () => {
    const step = sendBackForChanges(awaiting({ review: reviewed('REQUEST_CHANGES') }), 2, 'OPERATOR', undefined, NOW);
    expect(step.next?.latest.quality?.findings.at(-1)).toMatchObject({ code: 'REVIEWER_REQUESTED_CHANGES', message: 'Blurry photos' });
    expect(step.next?.history.at(-1)?.by).toBe(OPERATOR);
    expect(typesOf(step)).toEqual(['ProductChangesRequested']);
  });

  it('FAILURE: claims a DRAFT revision too, and says the listing failed before the changes requested', () => {
    const step = sendBackForChanges(atRevision2('DRAFT'), 2, 'FAILURE', 'States.Timeout', NOW);
    expect(step.next?.latest.status).toBe('CHANGES_REQUESTED');
    expect(typesOf(step)).toEqual(['ProductListingFailed', 'ProductChangesRequested']);
    expect(step.events?.[0]?.detail).toMatchObject({ error: 'States.Timeout' });
  });

  it('decides nothing for a revision no longer in review (a DRAFT only on a failure)', () => {
    expect(sendBackForChanges(atRevision2('DRAFT'), 2, 'CHECKS', undefined, NOW)).toEqual({});
    expect(sendBackForChanges(atRevision2('CHANGES_REQUESTED'), 2, 'FAILURE', 'x', NOW)).toEqual({});
  });
});

describe('rejectListing', () => {
  it("rejects with the operator's reasons, once", () => {
    const step = rejectListing(awaiting({ review: reviewed('REJECT') }), 2, NOW);
    expect(step.next?.latest.status).toBe('REJECTED');
    expect(typesOf(step)).toEqual(['ProductRejected']);
    expect(step.events?.[0]?.detail).toMatchObject({ reasons: ['Blurry photos'] });
    expect(rejectListing(step.next!, 2, LATER)).toEqual({});
  });

  it('refuses a revision without a rejection (ProductNotRejected)', () => {
    expect(() => rejectListing(awaiting({ review: reviewed('APPROVE') }), 2, NOW)).toThrow(expect.objectContaining({ code: 'ProductNotRejected' }));
  });
});
