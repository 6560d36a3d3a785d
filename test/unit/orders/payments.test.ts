import { describe, expect, it } from 'vitest';
import {
  isLuhnValid,
  maskCardNumber,
  SANDBOX_OUTCOMES,
  SANDBOX_TEST_CARDS,
  sandboxAuthorization,
  sandboxOutcomeFor,
  type PaymentRequest,
} from '../../../shared/domain/orders/payments';

describe('sandbox test cards', () => {
  it.each([
    ['4242424242424242', 'APPROVE'],
    ['4242 4242 4242 4242', 'APPROVE'],
    ['4000-0000-0000-0002', 'DECLINE'],
    ['4000000000009995', 'INSUFFICIENT_FUNDS'],
    ['4000 0000 0000 7775', 'TIMEOUT'],
    ['4000000000000119', 'PROCESSOR_ERROR'],
    ['5555555555554444', 'DECLINE'], // Luhn-valid but undocumented: never approved
    ['4242424242424241', 'DECLINE'], // a typo
    ['not a card', 'DECLINE'],
  ])('%s → %s', (cardNumber, outcome) => {
    expect(sandboxOutcomeFor(cardNumber)).toBe(outcome);
  });

  it('has exactly one Luhn-valid card per outcome', () => {
    expect(SANDBOX_TEST_CARDS.map((card) => card.outcome).sort()).toEqual([...SANDBOX_OUTCOMES].sort());
    for (const card of SANDBOX_TEST_CARDS) expect(isLuhnValid(card.cardNumber), card.cardNumber).toBe(true);
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

  it('authorizes the approve card for the amount asked', () => {
    expect(sandboxAuthorization(request('4242424242424242'), 'auth-1', now)).toEqual({
      outcome: 'AUTHORIZED',
      authorizationId: 'auth-1',
      amount: { amount: 5767, currency: 'EUR' },
      authorizedAt: '2030-07-03T09:00:01.000Z',
    });
  });

  it.each([
    ['4000000000000002', 'DECLINED', 'CARD_DECLINED', false],
    ['4000000000009995', 'DECLINED', 'INSUFFICIENT_FUNDS', false],
    ['4000000000007775', 'ERROR', 'TIMEOUT', true],
    ['4000000000000119', 'ERROR', 'PROCESSOR_ERROR', true],
  ])('answers %s with %s %s (retryable: %s)', (card, outcome, reason, retryable) => {
    expect(sandboxAuthorization(request(card), 'auth-1', now)).toMatchObject({ outcome, reason, retryable });
  });
});

it('masks a card number to its last four digits', () => {
  expect(maskCardNumber('4242 4242 4242 4242')).toBe('•••• 4242');
});
