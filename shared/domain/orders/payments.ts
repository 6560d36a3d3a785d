/**
 * The payment port: what the order workflow asks of a payment provider, and what it gets back.
 * An adapter (shared/adapters) implements it for the local sandbox, later for a real provider.
 *
 * - Every call carries an idempotency key (derive it from the order id and the step): a retried
 *   authorize after a timeout must not authorize twice, and the provider deduplicates on that key.
 * - A timeout is ambiguous: the provider may have authorized. Compensation therefore voids by the
 *   idempotency key/order reference even when no authorization id came back.
 * - DECLINED is final (do not retry; the order is REJECTED). ERROR is retryable; after the retries the
 *   order is REJECTED too (the rule for any payment failure), and ops is alerted.
 * - The port only sees a payment method token. In the sandbox the token is a test card number from
 *   `SANDBOX_TEST_CARDS`; real card numbers never reach our code, logs or table (PCI scope).
 *
 * Sandbox test cards (Luhn-valid, Visa test ranges, spaces and dashes ignored):
 *
 * | card number         | outcome            |
 * |---------------------|--------------------|
 * | 4242 4242 4242 4242 | APPROVE            |
 * | 4000 0000 0000 0002 | DECLINE            |
 * | 4000 0000 0000 9995 | INSUFFICIENT_FUNDS |
 * | 4000 0000 0000 7775 | TIMEOUT            |
 * | 4000 0000 0000 0119 | PROCESSOR_ERROR    |
 * | anything else       | DECLINE            |
 *
 * Anything else declines, so the sandbox never approves a number nobody documented (and nobody is
 * tempted to try a real card).
 */
import type { Money } from '../money';

export interface PaymentRequest {
  readonly orderId: string;
  readonly idempotencyKey: string;
  readonly amount: Money;
  /** Provider token for the customer's payment method; in the sandbox, a test card number. */
  readonly paymentMethod: string;
}

export type DeclineReason = 'CARD_DECLINED' | 'INSUFFICIENT_FUNDS';
export type ProviderErrorReason = 'TIMEOUT' | 'PROCESSOR_ERROR';

/** A provider error the workflow retries with the same idempotency key. */
export interface ProviderError {
  readonly outcome: 'ERROR';
  readonly reason: ProviderErrorReason;
  readonly retryable: true;
  readonly message: string;
}

export type AuthorizationResult =
  | { readonly outcome: 'AUTHORIZED'; readonly authorizationId: string; readonly amount: Money; readonly authorizedAt: string }
  | { readonly outcome: 'DECLINED'; readonly reason: DeclineReason; readonly retryable: false; readonly message: string }
  | ProviderError;

export type CaptureResult =
  | { readonly outcome: 'CAPTURED'; readonly captureId: string; readonly amount: Money; readonly capturedAt: string }
  | ProviderError;

/** Voiding what was never authorized, or is already void, is a success: compensation runs twice safely. */
export type VoidResult = { readonly outcome: 'VOIDED'; readonly voidedAt: string } | ProviderError;

export interface PaymentPort {
  authorize(request: PaymentRequest): Promise<AuthorizationResult>;
  capture(request: { readonly orderId: string; readonly idempotencyKey: string; readonly authorizationId: string; readonly amount: Money }): Promise<CaptureResult>;
  /** By authorization id when known, else by the authorize call's idempotency key (after a timeout). */
  void(request: { readonly orderId: string; readonly idempotencyKey: string; readonly authorizationId?: string }): Promise<VoidResult>;
}

export const SANDBOX_OUTCOMES = ['APPROVE', 'DECLINE', 'INSUFFICIENT_FUNDS', 'TIMEOUT', 'PROCESSOR_ERROR'] as const;
export type SandboxOutcome = (typeof SANDBOX_OUTCOMES)[number];

export const SANDBOX_TEST_CARDS: readonly { readonly cardNumber: string; readonly outcome: SandboxOutcome; readonly description: string }[] = [
  { cardNumber: '4242424242424242', outcome: 'APPROVE', description: 'authorizes and captures' },
  { cardNumber: '4000000000000002', outcome: 'DECLINE', description: 'declined by the issuer' },
  { cardNumber: '4000000000009995', outcome: 'INSUFFICIENT_FUNDS', description: 'declined: insufficient funds' },
  { cardNumber: '4000000000007775', outcome: 'TIMEOUT', description: 'the provider never answers in time' },
  { cardNumber: '4000000000000119', outcome: 'PROCESSOR_ERROR', description: 'the provider fails with an internal error' },
];

/** The Luhn (mod 10) check every card number passes. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

const normalizeCardNumber = (cardNumber: string): string => cardNumber.replace(/[\s-]/g, '');

/** What the sandbox provider does with this card: deterministic, so tests and demos can pick an outcome. */
export const sandboxOutcomeFor = (cardNumber: string): SandboxOutcome =>
  SANDBOX_TEST_CARDS.find((card) => card.cardNumber === normalizeCardNumber(cardNumber))?.outcome ?? 'DECLINE';

/** `•••• 4242`: all an order or a log line may keep of a card. */
export const maskCardNumber = (cardNumber: string): string => `•••• ${normalizeCardNumber(cardNumber).slice(-4)}`;

/** The sandbox provider's answer to an authorize call; the adapter supplies the id and the clock. */
export function sandboxAuthorization(request: PaymentRequest, authorizationId: string, now: Date): AuthorizationResult {
  switch (sandboxOutcomeFor(request.paymentMethod)) {
    case 'APPROVE':
      return { outcome: 'AUTHORIZED', authorizationId, amount: request.amount, authorizedAt: now.toISOString() };
    case 'DECLINE':
      return { outcome: 'DECLINED', reason: 'CARD_DECLINED', retryable: false, message: 'The card was declined' };
    case 'INSUFFICIENT_FUNDS':
      return { outcome: 'DECLINED', reason: 'INSUFFICIENT_FUNDS', retryable: false, message: 'The card has insufficient funds' };
    case 'TIMEOUT':
      return { outcome: 'ERROR', reason: 'TIMEOUT', retryable: true, message: 'The payment provider did not answer in time' };
    case 'PROCESSOR_ERROR':
      return { outcome: 'ERROR', reason: 'PROCESSOR_ERROR', retryable: true, message: 'The payment provider failed' };
  }
}
