/**
 * The payment port's adapter. Only the local sandbox provider exists so far (`PAYMENT_PROVIDER=sandbox`):
 * deterministic outcomes by test card (shared/domain/orders/payments.ts), ids derived from the idempotency
 * key so a retried call answers the same. A real provider implements the same `PaymentPort`.
 */
import { createHash } from 'node:crypto';
import type { PaymentPort, ProviderError } from '../domain/orders/payments';
import { sandboxAuthorization, sandboxRefund } from '../domain/orders/payments';
import { namedError } from '../domain/errors';
import { clock } from './clock';
import { ORDER_FULFILMENT_ERRORS } from '../domain/workflow-errors';

const idFor = (prefix: string, key: string) => `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

export const sandboxPayments: PaymentPort = {
  authorize: async (request) => sandboxAuthorization(request, idFor('auth', request.idempotencyKey), clock.now()),
  capture: async (request) => ({
    outcome: 'CAPTURED',
    captureId: idFor('capt', `${request.idempotencyKey}:capture`),
    amount: request.amount,
    capturedAt: clock.now().toISOString(),
  }),
  // Voiding what was never authorized, or is void already, succeeds: compensation may run twice.
  void: async () => ({ outcome: 'VOIDED', voidedAt: clock.now().toISOString() }),
  // The refund's id derives from its key, as a provider deduplicates on it: a retried refund is the same refund, paid once.
  refund: async (request) => sandboxRefund(request, idFor('rfnd', `${request.idempotencyKey}:refund`), clock.now()),
};

/** A provider error (timeout, processor error) as the workflow's Retry/Catch match it: `PaymentProviderUnavailable`. */
export const paymentProviderUnavailable = (error: ProviderError): Error =>
  namedError(ORDER_FULFILMENT_ERRORS.PaymentProviderUnavailable, `${error.reason}: ${error.message}`);

const PROVIDERS: Readonly<Record<string, PaymentPort>> = { sandbox: sandboxPayments };

export const paymentProvider = (): PaymentPort => {
  const name = process.env.PAYMENT_PROVIDER ?? 'sandbox';
  const provider = PROVIDERS[name];
  if (!provider) throw new Error(`Unknown PAYMENT_PROVIDER ${name}`);
  return provider;
};
