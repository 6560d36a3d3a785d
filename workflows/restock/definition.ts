/**
 * Restock of one low SKU, as purchasing runs it: how many to order → from whom → draft the purchase order →
 * approve it (automatically within the limit, else an operator, reminded once, cancelled when nobody decides)
 * → send it to the supplier → wait for the goods (partial receipts and rejected lots wait again; past the
 * expected date ops is alerted once and the wait goes on; an operator may end it: cancelled, or closed short)
 * → close it with the supplier's delivery performance.
 * No eligible supplier alerts ops and ends; a SKU with an order open already gets no second one (a restock
 * asked for twice). A step failing after its retries before the order went out cancels it; after that the
 * order stays with the supplier and ops is alerted (docs/inventory.md, "Restock workflow").
 *
 * Execution input: `{ sku, correlationId }` (the rule on `RestockRequested`). Every task also gets the
 * execution's name: the purchase order's creation guard. JSONPath only; every task keeps the input and
 * writes its result under its own key.
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { RESTOCK_ERRORS as ERRORS } from '../../shared/domain/workflow-errors';
import { lambdaSteps } from '../lambda-steps';
import { compensateWith, createSaga, type Compensation } from '../saga';

/** The one map of task → entry the stack builds the functions from (test/unit/workflows checks every entry). */
export const restockTaskEntries = {
  computeQuantity: 'functions/inventory/compute-restock-quantity.ts',
  chooseSupplier: 'functions/inventory/choose-restock-supplier.ts',
  createPurchaseOrder: 'functions/inventory/create-purchase-order.ts',
  submitPurchaseOrder: 'functions/inventory/submit-purchase-order.ts',
  requestApproval: 'functions/inventory/request-po-approval.ts',
  remindApprovers: 'functions/inventory/remind-po-approvers.ts',
  expireApproval: 'functions/inventory/expire-po-approval.ts',
  sendPurchaseOrder: 'functions/inventory/send-purchase-order.ts',
  requestGoodsReceipt: 'functions/inventory/request-goods-receipt.ts',
  raisePurchaseOrderOverdue: 'functions/inventory/raise-po-overdue.ts',
  closePurchaseOrder: 'functions/inventory/close-purchase-order.ts',
  cancelPurchaseOrder: 'functions/inventory/cancel-purchase-order.ts',
  raiseRestockAlert: 'functions/inventory/raise-restock-alert.ts',
} as const;

export type RestockTask = keyof typeof restockTaskEntries;

const restockRef = {
  sku: sfn.JsonPath.stringAt('$.sku'),
  correlationId: sfn.JsonPath.stringAt('$.correlationId'),
  executionName: sfn.JsonPath.stringAt('$$.Execution.Name'),
};

/** Until the order is sent a failure cancels it; once the supplier has it, a failure only alerts. */
type Stage = 'ORDERING' | 'RECEIVING';

export function restockDefinition(scope: Construct, fns: Record<RestockTask, lambda.IFunction>): sfn.IChainable {
  const states = new Construct(scope, 'RestockStates');
  const steps = lambdaSteps(states, fns, restockRef);
  const saga = createSaga<RestockTask, Stage>(steps);
  /** Every step writes the purchase order a route may write too: a lost write is decided again. */
  const inStage = <T extends sfn.TaskStateBase>(stage: Stage, state: T, compensation?: Compensation<RestockTask>) => {
    state.addRetry({ errors: [ERRORS.PurchaseOrderChangedConcurrently], interval: Duration.seconds(1), backoffRate: 2, maxAttempts: 5, jitterStrategy: sfn.JitterType.FULL });
    return saga.step(stage, state, ...(compensation ? [compensation] : []));
  };
  const ordering = <T extends sfn.TaskStateBase>(state: T, compensation?: Compensation<RestockTask>) => inStage('ORDERING', state, compensation);
  const receiving = <T extends sfn.TaskStateBase>(state: T) => inStage('RECEIVING', state);
  const done = (name: string) => new sfn.Succeed(states, name);

  /* ---------- the process: each step that changes the world declares what undoes it ---------- */
  // Reads only.
  const computeQuantity = ordering(steps.step('ComputeQuantity', 'computeQuantity', '$.quantity'));
  const chooseSupplier = ordering(steps.step('ChooseSupplier', 'chooseSupplier', '$.supplier'));
  // Nothing to undo: an alert, once per execution.
  const alertNoEligibleSupplier = ordering(
    steps.step('AlertNoEligibleSupplier', 'raiseRestockAlert', sfn.JsonPath.DISCARD, {
      alert: 'NO_ELIGIBLE_SUPPLIER',
      reason: sfn.JsonPath.stringAt('$.supplier.reason'),
      message: sfn.JsonPath.stringAt('$.supplier.message'),
    }),
  );
  const createPurchaseOrder = ordering(
    steps.step('CreatePurchaseOrder', 'createPurchaseOrder', '$.purchaseOrder', {
      quantity: sfn.JsonPath.numberAt('$.quantity.reorderQuantity'),
      supplier: sfn.JsonPath.objectAt('$.supplier'),
    }),
    compensateWith('CancelPurchaseOrder', 'cancelPurchaseOrder'),
  );
  // Undone by CancelPurchaseOrder with the order.
  const submitForApproval = ordering(steps.step('SubmitForApproval', 'submitPurchaseOrder', '$.approval'));

  /* ---------- an operator's approval: remind once, then the order is cancelled (APPROVAL_TIMED_OUT) ---------- */
  const awaitApproval = ordering(steps.awaitTaskToken('AwaitApprovalDecision', 'requestApproval', { timeoutSecondsPath: '$.approval.timing.reminderAfterSeconds' }, '$.decision'));
  // Nothing to undo: a notification, sent at most once.
  const remindApprovers = ordering(steps.step('RemindApprovers', 'remindApprovers', sfn.JsonPath.DISCARD));
  const awaitApprovalAfterReminder = ordering(
    steps.awaitTaskToken('AwaitApprovalDecisionAfterReminder', 'requestApproval', { timeoutSecondsPath: '$.approval.timing.expireAfterReminderSeconds' }, '$.decision'),
  );
  // Final for the order (CANCELLED + PurchaseOrderCancelled, which alerts ops), unless a decision slipped in.
  const expireApproval = ordering(steps.step('ExpireApproval', 'expireApproval', '$.decision'));

  // Nothing to undo: the supplier has the order (PurchaseOrderSent notifies it). The last step a failure cancels.
  const sendToSupplier = ordering(steps.step('SendToSupplier', 'sendPurchaseOrder', '$.receiptWait'));

  /* ---------- the goods: partial receipts and rejected lots wait again; overdue alerts once ---------- */
  const awaitGoods = receiving(steps.awaitTaskToken('AwaitGoodsReceipt', 'requestGoodsReceipt', { timeoutSecondsPath: '$.receiptWait.overdueAfterSeconds' }, '$.receiptWait'));
  // Nothing to undo: an alert, once per order.
  const alertOverdue = receiving(steps.step('AlertPurchaseOrderOverdue', 'raisePurchaseOrderOverdue', sfn.JsonPath.DISCARD));
  const awaitGoodsAfterOverdue = receiving(steps.awaitTaskToken('AwaitGoodsReceiptAfterOverdue', 'requestGoodsReceipt', {}, '$.receiptWait'));
  // Final: CLOSED with the delivery performance.
  const closePurchaseOrder = receiving(steps.step('ClosePurchaseOrder', 'closePurchaseOrder', '$.closed'));

  const isFullyReceived = new sfn.Choice(states, 'IsFullyReceived')
    // An operator cancelled it (nothing came) or closed it short (POST /purchase-orders/{id}/close): already final.
    .when(sfn.Condition.booleanEquals('$.receiptWait.endedByOperator', true), done('EndedByOperator'))
    .when(sfn.Condition.booleanEquals('$.receiptWait.complete', true), closePurchaseOrder.next(done('Restocked')))
    .when(sfn.Condition.booleanEquals('$.receiptWait.overdue', true), awaitGoodsAfterOverdue)
    .otherwise(awaitGoods);
  awaitGoods.addCatch(alertOverdue, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  alertOverdue.next(awaitGoodsAfterOverdue);
  awaitGoods.next(isFullyReceived);
  awaitGoodsAfterOverdue.next(isFullyReceived);

  const isApproved = new sfn.Choice(states, 'IsApproved')
    .when(sfn.Condition.booleanEquals('$.decision.approved', true), sendToSupplier)
    .when(sfn.Condition.booleanEquals('$.decision.expired', true), done('ApprovalTimedOut'))
    .otherwise(done('RejectedByOperator'));
  awaitApproval.addCatch(remindApprovers, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  remindApprovers.next(awaitApprovalAfterReminder);
  awaitApprovalAfterReminder.addCatch(expireApproval, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  awaitApproval.next(isApproved);
  awaitApprovalAfterReminder.next(isApproved);
  expireApproval.next(isApproved);
  sendToSupplier.next(awaitGoods);

  const process = computeQuantity.next(
    new sfn.Choice(states, 'IsReorderDue')
      .when(sfn.Condition.numberEquals('$.quantity.reorderQuantity', 0), done('NothingToReorder'))
      .otherwise(
        chooseSupplier.next(
          new sfn.Choice(states, 'HasEligibleSupplier')
            .when(sfn.Condition.booleanEquals('$.supplier.chosen', false), alertNoEligibleSupplier.next(done('NoEligibleSupplier')))
            .otherwise(
              createPurchaseOrder.next(
                new sfn.Choice(states, 'IsAlreadyOnOrder')
                  .when(sfn.Condition.booleanEquals('$.purchaseOrder.alreadyOnOrder', true), done('AlreadyOnOrder'))
                  .otherwise(
                    submitForApproval.next(
                      new sfn.Choice(states, 'NeedsOperatorApproval')
                        .when(sfn.Condition.stringEquals('$.approval.status', 'PENDING_APPROVAL'), awaitApproval)
                        .otherwise(sendToSupplier),
                    ),
                  ),
              ),
            ),
        ),
      ),
  );

  /* ---------- failure: before sending, cancel the order (the declared compensations); then alert ---------- */
  const compensationFailed = new sfn.Fail(states, 'RestockCompensationFailed', {
    error: 'RestockCompensationFailed',
    cause: 'A compensation or the failure alert still failed after its retries; the failed execution alerts ops',
  });
  const restockFailed = (suffix: string) =>
    steps.compensation(`AlertRestockFailed${suffix}`, 'raiseRestockAlert', sfn.JsonPath.DISCARD, { alert: 'RESTOCK_FAILED', failure: sfn.JsonPath.objectAt('$.failure') });
  const onFailure = saga.compensationChain('OnFailure');
  const alertAfterCancelling = restockFailed('OnFailure');
  for (const state of [...onFailure.states, alertAfterCancelling]) state.addCatch(compensationFailed, { resultPath: '$.compensationFailure' });
  onFailure.end.next(alertAfterCancelling).next(new sfn.Fail(states, 'RestockFailed', { error: 'RestockFailed', cause: 'A step failed after its retries; the purchase order was cancelled if it had not gone out' }));

  const alertWhileReceiving = restockFailed('WhileReceiving');
  alertWhileReceiving.addCatch(compensationFailed, { resultPath: '$.compensationFailure' });
  alertWhileReceiving.next(new sfn.Fail(states, 'RestockFailedAfterSending', { error: 'RestockFailed', cause: 'A step failed after the order was sent; it stays with the supplier and receipts still go on hand' }));

  saga.catchIn(['ORDERING'], [sfn.Errors.ALL], onFailure.start, '$.failure');
  saga.catchIn(['RECEIVING'], [sfn.Errors.ALL], alertWhileReceiving, '$.failure');

  return process;
}
