import { describe, expect, it } from 'vitest';
import { approveReturn, rejectReturn, requestReturn, type ReturnRequest } from '../../../shared/domain/returns/request';
import { DEFAULT_RETURN_RULES } from '../../../shared/domain/returns/rules';
import { emptyTally } from '../../../shared/domain/returns/tally';
import { nextStep } from '../../../shared/domain/returns/return';
import { deliveredOrder, SKUS } from './fixtures';

const NOW = new Date('2030-07-10T12:00:00.000Z');
const ask = (overrides: Partial<ReturnRequest> = {}): ReturnRequest => ({ returnId: '01J0RETURN', lines: [{ sku: 'TEE', quantity: 1 }], reason: 'DEFECTIVE', resolution: { type: 'REFUND' }, requestedBy: 'cust-1', now: NOW, ...overrides });
const facts = (overrides: Partial<Parameters<typeof requestReturn>[2]> = {}) => ({ skus: SKUS, tally: emptyTally('01J0ORDER'), customerReturnCount: 0, rules: DEFAULT_RETURN_RULES, ...overrides });

describe('requestReturn: inside the rules', () => {
  it('auto-approves a small return, holds its units on the order and tells the customer what is next', () => {
    const decision = requestReturn(deliveredOrder(), ask(), facts());
    expect(decision.next).toMatchObject({ status: 'APPROVED', value: { amount: 2499 }, returnShippingPaidBy: 'SELLER', approval: { auto: true }, lines: [{ sku: 'TEE', quantity: 1, supplierId: 'sup-nordwind', categoryId: 'apparel' }] });
    expect(decision.tally.heldUnits).toEqual({ TEE: 1 });
    expect(decision.events.map((event) => event.detailType)).toEqual(['ReturnRequested']);
    expect(nextStep(decision.next)).toContain('Return shipping is free');
  });

  it.each([
    ['worth more than the auto-approval limit', { rules: { ...DEFAULT_RETURN_RULES, autoApproveUpTo: 2000 } }, 'worth 24.99 EUR, over the auto-approval limit of 20.00 EUR'],
    ['from a customer with many returns', { customerReturnCount: 5 }, 'the customer has 5 earlier returns'],
  ])('waits for an operator when %s', (_, override, because) => {
    const decision = requestReturn(deliveredOrder(), ask(), facts(override));
    expect(decision.next).toMatchObject({ status: 'PENDING_APPROVAL', review: { reasons: [because], decideBy: '2030-07-12T12:00:00.000Z' } });
    expect(decision.events.map((event) => event.detailType)).toEqual(['ReturnRequested', 'ReturnAwaitingApproval']);
  });

  it('a changed mind pays its way back', () => {
    expect(requestReturn(deliveredOrder(), ask({ reason: 'CHANGED_MIND' }), facts()).next.returnShippingPaidBy).toBe('CUSTOMER');
  });
});

describe('requestReturn: refusals', () => {
  it.each([
    ['an undelivered order', deliveredOrder([], { status: 'SHIPPED' }), ask(), facts(), 'OrderNotDelivered', 'conflict'],
    ['a SKU the order does not have', deliveredOrder(), ask({ lines: [{ sku: 'HAT', quantity: 1 }] }), facts(), 'ValidationFailed', 'validation'],
    ['a SKU on two lines', deliveredOrder(), ask({ lines: [{ sku: 'TEE', quantity: 1 }, { sku: 'TEE', quantity: 1 }] }), facts(), 'ValidationFailed', 'validation'],
    ['a quantity of 0', deliveredOrder(), ask({ lines: [{ sku: 'TEE', quantity: 0 }] }), facts(), 'ValidationFailed', 'validation'],
    ['more than delivered', deliveredOrder(), ask({ lines: [{ sku: 'TEE', quantity: 3 }] }), facts(), 'MoreThanDelivered', 'unprocessable'],
    ['more than delivered less what is already being returned', deliveredOrder(), ask(), facts({ tally: { ...emptyTally('01J0ORDER'), heldUnits: { TEE: 2 } } }), 'MoreThanDelivered', 'unprocessable'],
    ['outside a 14-day window (electronics)', deliveredOrder(), ask({ now: new Date('2030-07-20T12:00:01.000Z') }), facts({ skus: new Map([['TEE', { categoryId: 'electronics', productId: 'p', supplierId: 's' }]]) }), 'ReturnWindowClosed', 'unprocessable'],
    ['outside the 30-day window', deliveredOrder(), ask({ now: new Date('2030-08-04T12:00:01.000Z') }), facts(), 'ReturnWindowClosed', 'unprocessable'],
    ['a non-returnable category', deliveredOrder(), ask(), facts({ skus: new Map([['TEE', { categoryId: 'hygiene', productId: 'p', supplierId: 's' }]]) }), 'NotReturnable', 'unprocessable'],
    ['an exchange where exchanges are switched off', deliveredOrder(), ask({ resolution: { type: 'EXCHANGE', sku: 'TEE-L' } }), facts({ rules: { ...DEFAULT_RETURN_RULES, exchanges: false } }), 'ExchangeNotOffered', 'unprocessable'],
  ])('refuses %s', (_, order, request, given, code, kind) => {
    expect(() => requestReturn(order, request, given)).toThrow(expect.objectContaining({ code, kind }));
  });

  it('inside a 14-day window on its last second', () => {
    const skus = new Map([['TEE', { categoryId: 'electronics', productId: 'p', supplierId: 's' }]]);
    expect(requestReturn(deliveredOrder(), ask({ now: new Date('2030-07-19T12:00:00.000Z') }), facts({ skus })).next.status).toBe('APPROVED');
  });
});

describe('the operator decides a waiting return', () => {
  const waiting = requestReturn(deliveredOrder(), ask(), facts({ customerReturnCount: 9 }));

  it('approves it (and approving again changes nothing)', () => {
    const approved = approveReturn(waiting.next, 'op-olga', NOW);
    expect(approved.next).toMatchObject({ status: 'APPROVED', approval: { auto: false, by: 'op-olga' } });
    expect(approved.events?.map((event) => event.detailType)).toEqual(['ReturnApproved']);
    expect(approveReturn(approved.next!, 'op-olga', NOW)).toEqual({});
  });

  it('rejects it, letting its units go', () => {
    const rejected = rejectReturn(waiting.next, waiting.tally, 'op-olga', 'worn', NOW);
    expect(rejected.next).toMatchObject({ status: 'REJECTED', rejection: { reason: 'worn' } });
    expect(rejected.tally?.heldUnits).toEqual({ TEE: 0 });
  });

  it('cannot decide one that is not waiting', () => {
    const auto = requestReturn(deliveredOrder(), ask(), facts()).next;
    expect(() => rejectReturn(auto, emptyTally('o'), 'op', 'no', NOW)).toThrow(expect.objectContaining({ code: 'ReturnNotAwaitingApproval' }));
    expect(() => approveReturn(auto, 'op', NOW)).toThrow(expect.objectContaining({ code: 'ReturnNotAwaitingApproval' }));
  });
});
