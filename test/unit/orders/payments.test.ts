import { describe, expect, it } from 'vitest';
import {
  isLuhnValid,
  looksLikeCardNumber,
  PAYMENT_TOKEN_PATTERN,
  paymentMethodLabel,
  SANDBOX_OUTCOMES,
  SANDBOX_TEST_TOKENS,
  sandboxAuthorization,
  sandboxRefund,
  sandboxOutcomeFor,
  type PaymentRequest,
  type RefundRequest,
} from '../../../shared/domain/orders/payments';

describe('sandbox test tokens', () => {
  it.each([
    ['tok_approve', 'APPROVE'],
    ['tok_decline', 'DECLINE'],
    ['tok_insufficient_funds', 'INSUFFICIENT_FUNDS'],
    ['tok_timeout', 'TIMEOUT'],
    ['tok_processor_error', 'PROCESSOR_ERROR'],
    ['tok_undocumented', 'DECLINE'], // never approved
    ['4242424242424242', 'DECLINE'], // a card number is no token (and the API refuses it first)
  ])('%s → %s', (token, outcome) => {
    expect(sandboxOutcomeFor(token)).toBe(outcome);
  });

  it('has exactly one token per outcome, each a valid token standing for a Luhn-valid test card', () => {
    expect(SANDBOX_TEST_TOKENS.map((token) => token.outcome).sort()).toEqual([...SANDBOX_OUTCOMES].sort());
    for (const { token } of SANDBOX_TEST_TOKENS) expect(PAYMENT_TOKEN_PATTERN.test(token), token).toBe(true);
  });

  it('labels a method by its card\'s last four digits, never the token', () => {
    expect(paymentMethodLabel('tok_approve')).toBe('•••• 4242');
    expect(paymentMethodLabel('tok_1NvXyz9a')).toBe('•••• yz9a');
  });
});

describe('looksLikeCardNumber', () => {
  it.each([
    ['4242424242424242', true],
    ['4242 4242 4242 4242', true],
    ['4000-0000-0000-0002', true],
    ['378282246310005', true],
    ['5555555555554444', true],
    ['tok_approve', false],
    ['12345', false],
    ['tok_4242424242424242', false],
  ])('%s: %s', (value, expected) => {
    expect(looksLikeCardNumber(value)).toBe(expected);
  });
});

describe('isLuhnValid', () => {
  it.each([
    ['4242424242424242', true],
    ['4242424242424241', false],
    ['79927398713', false], // valid checksum, but too short for a card
    ['378282246310005', true], // 15-digit Amex test number
    ['4242-4242-4242-4242', false], // digits only: callers strip separators
    ['', false],
  ])('%s: %s', (digits, expected) => {
    expect(isLuhnValid(digits)).toBe(expected);
  });
});

describe('sandboxAuthorization', () => {
  const request = (paymentMethod: string): PaymentRequest => ({
    orderId: 'o-1',
    idempotencyKey: 'o-1:authorize',
    amount: { amount: 5767, currency: 'EUR' },
    paymentMethod,
  });
  const now = new Date('2030-07-03T09:00:01Z');

  it('authorizes the approve token for the amount asked', () => {
    expect(sandboxAuthorization(request('tok_approve'), 'auth-1', now)).toEqual({
      outcome: 'AUTHORIZED',
      authorizationId: 'auth-1',
      amount: { amount: 5767, currency: 'EUR' },
      authorizedAt: '2030-07-03T09:00:01.000Z',
    });
  });

  it.each([
    ['tok_decline', 'DECLINED', 'CARD_DECLINED', false],
    ['tok_insufficient_funds', 'DECLINED', 'INSUFFICIENT_FUNDS', false],
    ['tok_timeout', 'ERROR', 'TIMEOUT', true],
    ['tok_processor_error', 'ERROR', 'PROCESSOR_ERROR', true],
  ])('answers %s with %s %s (retryable: %s)', (card, outcome, reason, retryable) => {
    expect(sandboxAuthorization(request(card), 'auth-1', now)).toMatchObject({ outcome, reason, retryable });
  });
});


describe('sandboxRefund', () => {
  const refund = (paymentMethod: string): RefundRequest => ({ orderId: 'o-1', idempotencyKey: 'refund-r-1', captureId: 'capt-1', amount: { amount: 4500, currency: 'EUR' }, paymentMethod });
  const now = new Date('2030-07-03T09:00:01Z');

  it.each([
    ['tok_approve', 1, 'REFUNDED'],
    ['tok_refund_error', 1, 'ERROR'],
    ['tok_refund_error', 9, 'ERROR'],
    ['tok_refund_outage', 1, 'ERROR'],
    ['tok_refund_outage', 3, 'ERROR'],
    ['tok_refund_outage', 4, 'REFUNDED'],
  ])('answers %s on attempt %i with %s', (card, attempt, outcome) => {
    expect(sandboxRefund(refund(card), 'rfnd-1', now, attempt)).toMatchObject({ outcome, ...(outcome === 'REFUNDED' ? { refundId: 'rfnd-1', amount: { amount: 4500 } } : { retryable: true }) });
  });
});
