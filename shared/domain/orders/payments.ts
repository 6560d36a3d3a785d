/**
 * The payment port: what the order workflow asks of a payment provider, and what it gets back.
 * An adapter (shared/adapters) implements it for the local sandbox, later for a real provider.
 *
 * - Every call carries an idempotency key (derive it from the order id and the step): a retried
 *   authorize after a timeout must not authorize twice, and the provider deduplicates on that key.
 * - A timeout is ambiguous: the provider may have authorized. Compensation therefore voids by the
 *   idempotency key/order reference even when no authorization id came back.
 * - DECLINED is final (do not retry; the order is REJECTED). ERROR is retryable; after the retries the
 *   order is REJECTED too (the issue's rule for any payment failure), and ops is alerted.
 * - The port only sees a payment method token, as real providers' APIs take them: the browser hands the
 *   card to the provider and sends us its opaque token. A raw card number is refused at the API (400 on
 *   `paymentMethod`) and never reaches our code, logs or table (PCI scope).
 *
 * Sandbox test tokens (each stands for a test card, whose last four digits the order shows):
 *
 * | token                  | card (last 4) | outcome            |
 * |------------------------|---------------|--------------------|
 * | tok_approve            | 4242          | APPROVE            |
 * | tok_decline            | 0002          | DECLINE            |
 * | tok_insufficient_funds | 9995          | INSUFFICIENT_FUNDS |
 * | tok_timeout            | 7775          | TIMEOUT            |
 * | tok_processor_error    | 0119          | PROCESSOR_ERROR    |
 * | tok_refund_error       | 0341          | REFUND_ERROR (pays, refunds fail) |
 * | tok_refund_outage      | 0358          | REFUND_OUTAGE (pays; a refund's first 3 attempts fail, then it pays) |
 * | any other `tok_…`      | –             | DECLINE            |
 *
 * Anything else declines, so the sandbox never approves a token nobody documented.
 */
import type { Money } from '../money';

export interface PaymentRequest {
  readonly orderId: string;
  readonly idempotencyKey: string;
  readonly amount: Money;
  /** Provider token for the customer's payment method (`tok_…`; in the sandbox one of SANDBOX_TEST_TOKENS). */
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

/**
 * A refund of (part of) a capture. The provider deduplicates on the idempotency key: the same key answers the
 * same refund and pays once, however often it is retried (the returns context uses one key per return).
 */
export interface RefundRequest {
  readonly orderId: string;
  readonly idempotencyKey: string;
  readonly captureId: string;
  readonly amount: Money;
  /** The payment method's token, as for authorize (the sandbox picks its outcome from it). */
  readonly paymentMethod: string;
}

export type RefundResult = { readonly outcome: 'REFUNDED'; readonly refundId: string; readonly amount: Money; readonly refundedAt: string } | ProviderError;

export interface PaymentPort {
  authorize(request: PaymentRequest): Promise<AuthorizationResult>;
  capture(request: { readonly orderId: string; readonly idempotencyKey: string; readonly authorizationId: string; readonly amount: Money }): Promise<CaptureResult>;
  /** By authorization id when known, else by the authorize call's idempotency key (after a timeout). */
  void(request: { readonly orderId: string; readonly idempotencyKey: string; readonly authorizationId?: string }): Promise<VoidResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
}

export const SANDBOX_OUTCOMES = ['APPROVE', 'DECLINE', 'INSUFFICIENT_FUNDS', 'TIMEOUT', 'PROCESSOR_ERROR', 'REFUND_ERROR', 'REFUND_OUTAGE'] as const;
export type SandboxOutcome = (typeof SANDBOX_OUTCOMES)[number];

export interface SandboxTestToken {
  readonly token: string;
  readonly last4: string;
  readonly outcome: SandboxOutcome;
  readonly description: string;
}

export const SANDBOX_TEST_TOKENS: readonly SandboxTestToken[] = [
  { token: 'tok_approve', last4: '4242', outcome: 'APPROVE', description: 'authorizes and captures' },
  { token: 'tok_decline', last4: '0002', outcome: 'DECLINE', description: 'declined by the issuer' },
  { token: 'tok_insufficient_funds', last4: '9995', outcome: 'INSUFFICIENT_FUNDS', description: 'declined: insufficient funds' },
  { token: 'tok_timeout', last4: '7775', outcome: 'TIMEOUT', description: 'the provider never answers in time' },
  { token: 'tok_processor_error', last4: '0119', outcome: 'PROCESSOR_ERROR', description: 'the provider fails with an internal error' },
  { token: 'tok_refund_error', last4: '0341', outcome: 'REFUND_ERROR', description: 'authorizes and captures; every refund fails with a processor error' },
  { token: 'tok_refund_outage', last4: '0358', outcome: 'REFUND_OUTAGE', description: 'authorizes and captures; the provider is unavailable for the first 3 attempts at each refund, then refunds' },
];

/** What the API accepts as a payment method: a provider token, `tok_` and 1–100 letters, digits or `_`. */
export const PAYMENT_TOKEN_PATTERN = /^tok_[A-Za-z0-9_]{1,100}$/;

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

/** True for anything shaped like a card number (12–19 digits, spaces or dashes between): refused, never kept. */
export const looksLikeCardNumber = (value: string): boolean => {
  const digits = value.replace(/[\s-]/g, '');
  return /^[\d\s-]+$/.test(value.trim()) && /^\d{12,19}$/.test(digits);
};

/** What the sandbox provider does with this token: deterministic, so tests and demos can pick an outcome. */
export const sandboxOutcomeFor = (token: string): SandboxOutcome =>
  SANDBOX_TEST_TOKENS.find((candidate) => candidate.token === token)?.outcome ?? 'DECLINE';

/** `•••• 4242` for a sandbox token (its test card's last four), `•••• <last 4 of the token>` otherwise. */
export const paymentMethodLabel = (token: string): string =>
  `•••• ${SANDBOX_TEST_TOKENS.find((candidate) => candidate.token === token)?.last4 ?? token.slice(-4)}`;

/** The sandbox provider's answer to an authorize call; the adapter supplies the id and the clock. */
export function sandboxAuthorization(request: PaymentRequest, authorizationId: string, now: Date): AuthorizationResult {
  switch (sandboxOutcomeFor(request.paymentMethod)) {
    case 'APPROVE':
    case 'REFUND_ERROR':
    case 'REFUND_OUTAGE':
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

/** How many attempts at one refund the sandbox's `REFUND_OUTAGE` card fails before it pays. */
export const SANDBOX_REFUND_OUTAGE_ATTEMPTS = 3;

/**
 * The sandbox provider's answer to a refund; the adapter supplies the id (from the key: a retry answers the same
 * refund), the clock and, for `REFUND_OUTAGE`, which attempt at this key this is (the provider's own count).
 */
export function sandboxRefund(request: RefundRequest, refundId: string, now: Date, attempt = 1): RefundResult {
  const outcome = sandboxOutcomeFor(request.paymentMethod);
  if (outcome === 'REFUND_ERROR') return { outcome: 'ERROR', reason: 'PROCESSOR_ERROR', retryable: true, message: 'The payment provider failed to refund' };
  if (outcome === 'REFUND_OUTAGE' && attempt <= SANDBOX_REFUND_OUTAGE_ATTEMPTS) return { outcome: 'ERROR', reason: 'TIMEOUT', retryable: true, message: `The payment provider is unavailable (attempt ${attempt})` };
  return { outcome: 'REFUNDED', refundId, amount: request.amount, refundedAt: now.toISOString() };
}
