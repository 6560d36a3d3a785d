import { describe, expect, it } from 'vitest';
import { approvalTiming, expireReturn, remindApprovers } from '../../../shared/domain/returns/approval';
import { approveReturn, requestReturn } from '../../../shared/domain/returns/request';
import { DEFAULT_RETURN_RULES } from '../../../shared/domain/returns/rules';
import { emptyTally } from '../../../shared/domain/returns/tally';
import { deliveredOrder, SKUS } from './fixtures';

const ASKED = new Date('2030-07-10T12:00:00.000Z');
const waiting = requestReturn(deliveredOrder(), { returnId: '01J0RETURN', lines: [{ sku: 'TEE', quantity: 2 }], reason: 'DEFECTIVE', resolution: { type: 'REFUND' }, requestedBy: 'cust-1', now: ASKED }, { skus: SKUS, tally: emptyTally('01J0ORDER'), customerReturnCount: 7, rules: DEFAULT_RETURN_RULES });
const HOUR = 3_600_000;

describe('approvalTiming: remind before the deadline (48 h), then expire at it', () => {
  it.each([
    ['asked just now, reminder 24 h before', ASKED, 24, 24 * 3600, 24 * 3600],
    ['asked just now, reminder 60 h before: at once', ASKED, 60, 1, 48 * 3600],
    ['30 h in, reminder 24 h before', new Date(ASKED.getTime() + 30 * HOUR), 24, 1, 18 * 3600],
  ])('%s', (_, now, reminderHours, reminderAfter, expireAfter) => {
    expect(approvalTiming(waiting.next, now, reminderHours)).toEqual({ waiting: true, reminderAfterSeconds: reminderAfter, expireAfterReminderSeconds: expireAfter });
  });

  it('says when the return no longer waits', () => {
    expect(approvalTiming(approveReturn(waiting.next, 'op', ASKED).next!, ASKED, 24).waiting).toBe(false);
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

  it('changes nothing once an operator decided (the decision slipped in first)', () => {
    const approved = approveReturn(waiting.next, 'op', ASKED).next!;
    expect(expireReturn(approved, waiting.tally, ASKED)).toEqual({});
    expect(remindApprovers(approved, ASKED)).toEqual({});
  });
});
