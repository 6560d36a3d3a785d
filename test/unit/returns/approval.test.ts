import { describe, expect, it } from 'vitest';
import { expireReturn, remindApprovers, returnTiming } from '../../../shared/domain/returns/approval';
import { approveReturn, rejectReturn, requestReturn } from '../../../shared/domain/returns/request';
import { DEFAULT_RETURN_RULES } from '../../../shared/domain/returns/rules';
import { emptyTally } from '../../../shared/domain/returns/tally';
import { nextStep } from '../../../shared/domain/returns/return';
import { deliveredOrder, SKUS } from './fixtures';

const ASKED = new Date('2030-07-10T12:00:00.000Z');
const waiting = requestReturn(deliveredOrder(), { returnId: '01J0RETURN', lines: [{ sku: 'TEE', quantity: 2 }], reason: 'DEFECTIVE', resolution: { type: 'REFUND' }, requestedBy: 'cust-1', now: ASKED }, { skus: SKUS, tally: emptyTally('01J0ORDER'), customerReturnCount: 7, rules: DEFAULT_RETURN_RULES });
const HOUR = 3_600_000;

describe('returnTiming: remind before the deadline (48 h), expire at it; the parcel due N days after approval', () => {
  it.each([
    ['asked just now, reminder 24 h before', ASKED, 24, 24 * 3600, 24 * 3600],
    ['asked just now, reminder 60 h before: at once', ASKED, 60, 1, 48 * 3600],
    ['30 h in, reminder 24 h before', new Date(ASKED.getTime() + 30 * HOUR), 24, 1, 18 * 3600],
  ])('%s', (_, now, reminderHours, reminderAfter, expireAfter) => {
    expect(returnTiming(waiting.next, now, { reminderHours, parcelDays: 14, transitDays: 14 })).toMatchObject({ status: 'PENDING_APPROVAL', reminderAfterSeconds: reminderAfter, expireAfterReminderSeconds: expireAfter });
  });

  it('counts the parcel\'s 14 days from the approval', () => {
    const approved = approveReturn(waiting.next, 'op', new Date(ASKED.getTime() + 10 * HOUR)).next!;
    expect(returnTiming(approved, new Date(ASKED.getTime() + 12 * HOUR), { reminderHours: 24, parcelDays: 14, transitDays: 7 })).toMatchObject({ status: 'APPROVED', parcelDueAfterSeconds: (14 * 24 - 2) * 3600, transitAfterSeconds: 7 * 24 * 3600 });
  });
});

describe('the reminder and the expiry', () => {
  it('reminds once', () => {
    const reminded = remindApprovers(waiting.next, ASKED);
    expect(reminded.next?.review?.remindedAt).toBe(ASKED.toISOString());
    expect(reminded.events?.map((event) => event.detailType)).toEqual(['ReturnApprovalReminderDue']);
    expect(remindApprovers(reminded.next!, ASKED)).toEqual({});
  });

  it('expires a return nobody decided, letting its units go and telling the customer', () => {
    const expired = expireReturn(waiting.next, waiting.tally, ASKED);
    expect(expired.next).toMatchObject({ status: 'EXPIRED' });
    expect(expired.tally?.heldUnits).toEqual({ TEE: 0 });
    expect(expired.events?.map((event) => event.detailType)).toEqual(['ReturnExpired']);
  });

  it('expires an approved return whose parcel never came, saying so', () => {
    const approved = approveReturn(waiting.next, 'op', ASKED).next!;
    const expired = expireReturn(approved, waiting.tally, ASKED);
    expect(expired.next).toMatchObject({ status: 'EXPIRED' });
    expect(nextStep(expired.next!)).toContain('the items did not arrive in time');
    expect(expired.next?.timeline.at(-1)?.note).toBe('the items did not arrive in time');
    expect(remindApprovers(approved, ASKED)).toEqual({});
  });

  it('changes nothing once the return moved on (rejected, received)', () => {
    const rejected = rejectReturn(waiting.next, waiting.tally, 'op', 'worn', ASKED).next!;
    expect(expireReturn(rejected, waiting.tally, ASKED)).toEqual({});
  });
});
