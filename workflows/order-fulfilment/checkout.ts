/**
 * The checkout stretch of an order: reserve the stock → authorize the payment → allocate a carrier. Each step
 * is a business yes or no within seconds, so it runs as an Express child that the order's Standard workflow
 * starts and waits for (`Checkout`, startExecution.sync:2): one Standard transition instead of six
 * (docs/orders.md, "What an order costs").
 *
 * It ends with what the parent goes on with: `{ outcome: 'ACCEPTED', allocation }`, `{ outcome: 'REJECTED',
 * reason, shortSkus }` or `{ outcome: 'CANCELLED' }` (the customer cancelled meanwhile). It undoes nothing
 * itself: the parent's compensations (ReleaseStock…, VoidPayment…) undo what it did, whichever way it ended,
 * and undo nothing that was not done. A step failing after its retries fails the child, and the parent's
 * failure path takes over.
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ORDER_FULFILMENT_ERRORS as ERRORS } from '../../shared/domain/workflow-errors';
import { lambdaSteps } from '../lambda-steps';
import { orderRef, type CheckoutOutcome, type OrderFulfilmentTask } from './definition';

export function orderCheckoutDefinition(scope: Construct, fns: Record<OrderFulfilmentTask, lambda.IFunction>): sfn.IChainable {
  const states = new Construct(scope, 'OrderCheckoutStates');
  const { step } = lambdaSteps(states, fns, orderRef);
  const rejected = (name: string, reason: string, shortSkusPath?: string) =>
    new sfn.Pass(states, name, { parameters: { outcome: 'REJECTED' satisfies CheckoutOutcome, reason, shortSkus: shortSkusPath ? sfn.JsonPath.listAt(shortSkusPath) : [] } });
  const cancelled = new sfn.Pass(states, 'CancelledDuringCheckout', { parameters: { outcome: 'CANCELLED' satisfies CheckoutOutcome } });
  const accepted = new sfn.Pass(states, 'OrderAccepted', { parameters: { outcome: 'ACCEPTED' satisfies CheckoutOutcome, allocation: sfn.JsonPath.objectAt('$.allocation') } });

  const reserveStock = step('ReserveStock', 'reserveStock', '$.reservation');
  reserveStock.addRetry({ errors: [ERRORS.StockContention], interval: Duration.seconds(1), backoffRate: 1.5, maxAttempts: 8, jitterStrategy: sfn.JitterType.FULL });
  // The parent's VoidPayment voids by the idempotency key, even after an ambiguous timeout.
  const authorizePayment = step('AuthorizePayment', 'authorizePayment', '$.payment');
  authorizePayment.addRetry({ errors: [ERRORS.PaymentProviderUnavailable], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 2 });
  authorizePayment.addCatch(rejected('PaymentUnavailable', 'PAYMENT_UNAVAILABLE'), { errors: [ERRORS.PaymentProviderUnavailable], resultPath: '$.paymentError' });
  const allocateCarrier = step('AllocateCarrier', 'allocateCarrier', '$.allocation');
  // A cancellation wins the next write of any step: the parent then undoes what was done and ends.
  for (const state of [reserveStock, authorizePayment, allocateCarrier]) state.addCatch(cancelled, { errors: [ERRORS.OrderCancelled], resultPath: '$.cancellation' });

  return reserveStock.next(
    new sfn.Choice(states, 'WasStockReserved')
      .when(sfn.Condition.booleanEquals('$.reservation.reserved', false), rejected('OutOfStock', 'OUT_OF_STOCK', '$.reservation.shortSkus'))
      .otherwise(
        authorizePayment.next(
          new sfn.Choice(states, 'WasPaymentAuthorized')
            .when(sfn.Condition.booleanEquals('$.payment.authorized', false), rejected('PaymentDeclined', 'PAYMENT_DECLINED'))
            .otherwise(
              allocateCarrier.next(
                new sfn.Choice(states, 'HasCarrier').when(sfn.Condition.booleanEquals('$.allocation.allocated', false), rejected('NoCarrierAvailable', 'NO_CARRIER')).otherwise(accepted),
              ),
            ),
        ),
      ),
  );
}
