/**
 * The payment port's adapter. Only the local sandbox provider exists so far (`PAYMENT_PROVIDER=sandbox`):
 * deterministic outcomes by test card (shared/domain/orders/payments.ts), ids derived from the idempotency
 * key so a retried call answers the same. A real provider implements the same `PaymentPort`.
 */
import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PaymentPort, ProviderError, RefundRequest } from '../domain/orders/payments';
import { sandboxAuthorization, sandboxOutcomeFor, sandboxRefund } from '../domain/orders/payments';
import { documentClient, tableName } from './dynamo';
import { namedError } from '../domain/errors';
import { clock } from './clock';
import { ORDER_FULFILMENT_ERRORS } from '../domain/workflow-errors';

const idFor = (prefix: string, key: string) => `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

/**
 * Which attempt at this refund key this is, as the provider counts them: only for the `REFUND_OUTAGE` card (an
 * item `PAYMENT_SANDBOX#<key>` in the table, kept a day), so every other card stays a pure function.
 */
async function refundAttempt(request: RefundRequest): Promise<number> {
  if (sandboxOutcomeFor(request.paymentMethod) !== 'REFUND_OUTAGE') return 1;
  const { Attributes } = await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: `PAYMENT_SANDBOX#${request.idempotencyKey}`, sk: 'REFUND_ATTEMPTS' },
      UpdateExpression: 'ADD attempts :one SET expiresAt = if_not_exists(expiresAt, :ttl)',
      ExpressionAttributeValues: { ':one': 1, ':ttl': Math.floor(clock.now().getTime() / 1000) + 86_400 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.attempts ?? 1);
}

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
  refund: async (request) => sandboxRefund(request, idFor('rfnd', `${request.idempotencyKey}:refund`), clock.now(), await refundAttempt(request)),
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
