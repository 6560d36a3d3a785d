/**
 * The shipping stretch of an order, once the warehouse has packed it: book the shipment → capture the
 * payment → shipped. It takes seconds and waits for nobody, so it runs as an Express child that the order's
 * Standard workflow starts and waits for (`ShipOrder`, startExecution.sync:2): one Standard transition
 * instead of three (docs/orders.md, "What an order costs").
 *
 * Nothing here is compensated and nothing is caught: after the parcel is booked the order must get to
 * SHIPPED, so each step retries what can pass; what still fails fails the child and, uncaught, the parent at
 * ShipOrder, with the order PACKED and everything held: ops hears of it and redrives the execution
 * (definition.ts, Stage; docs/runbook.md).
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ORDER_FULFILMENT_ERRORS as ERRORS } from '../../shared/domain/workflow-errors';
import { lambdaSteps } from '../lambda-steps';
import { orderRef, type OrderFulfilmentTask } from './definition';

export function orderShippingDefinition(scope: Construct, fns: Record<OrderFulfilmentTask, lambda.IFunction>): sfn.IChainable {
  const states = new Construct(scope, 'OrderShippingStates');
  const { step } = lambdaSteps(states, fns, orderRef);

  // Booked under the order's reference: a retry or a redrive gets the same tracking numbers, not a second label.
  const createShipment = step('CreateShipment', 'createShipment', '$.shipment');
  const capturePayment = step('CapturePayment', 'capturePayment', sfn.JsonPath.DISCARD);
  capturePayment.addRetry({ errors: [ERRORS.PaymentProviderUnavailable], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 3 });
  // The last step: from here the carrier's webhooks follow the parcel.
  const markShipped = step('MarkShipped', 'markShipped', sfn.JsonPath.DISCARD);

  // A write lost to other writers (a webhook, the sweeper) is tried again, never compensated.
  for (const forward of [createShipment, capturePayment, markShipped]) {
    forward.addRetry({ errors: [ERRORS.OrderChangedConcurrently], interval: Duration.seconds(1), backoffRate: 2, maxAttempts: 6, jitterStrategy: sfn.JitterType.FULL });
  }

  return createShipment.next(capturePayment).next(markShipped);
}
