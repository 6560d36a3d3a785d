/**
 * The restock workflow and the purchase-order routes in the synthesized template: how it starts, the
 * states the process is made of, who may resume its task tokens, and where its events are heard.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../shared/contracts/routes';
import { NOTIFICATION_ROUTES } from '../../infra/constructs/notification-rules';
import { only, referencedId, resourcesOfType, synthesizedTemplate, type SynthesizedTemplate } from './synth';
import { templateQueries } from './template-queries';

let synth: SynthesizedTemplate;
beforeAll(() => {
  synth = synthesizedTemplate();
});

const { resource, named, functionByEntry, statementsOfRole } = templateQueries(() => synth.json);

/** The machine's ASL as the template carries it (Fn::Join of strings and function ARNs). */
const definitionOf = (machine: { Properties?: Record<string, unknown> }): { States: Record<string, Record<string, unknown>> } => {
  const parts = (machine.Properties?.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'arn')).join(''));
};

describe('the restock workflow', () => {
  it('is a STANDARD machine started by RestockRequested from commerce.inventory with sku and correlationId', () => {
    const [machineId, machine] = named('AWS::StepFunctions::StateMachine', 'restock');
    expect(machine.Properties?.StateMachineType).toBe('STANDARD');
    const [, rule] = named('AWS::Events::Rule', 'start-restock');
    expect(rule.Properties?.EventPattern).toEqual({ source: ['commerce.inventory'], 'detail-type': ['RestockRequested'] });
    const target = only(rule.Properties?.Targets as Record<string, any>[], 'start target'); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(target.Arn).toEqual({ Ref: machineId });
    expect(target.DeadLetterConfig).toBeDefined();
    expect(target.InputTransformer.InputPathsMap).toEqual({ 'detail-sku': '$.detail.sku', 'detail-correlationId': '$.detail.correlationId' });
  });

  it('reads like the process: quantity, supplier, order, approval, sending, goods, closing; each wait on a task token', () => {
    const [, machine] = named('AWS::StepFunctions::StateMachine', 'restock');
    const { States: states } = definitionOf(machine);
    for (const name of ['ComputeQuantity', 'ChooseSupplier', 'CreatePurchaseOrder', 'SubmitForApproval', 'SendToSupplier', 'ClosePurchaseOrder', 'AlertPurchaseOrderOverdue', 'ExpireApproval', 'CancelPurchaseOrderOnFailure']) {
      expect(states, name).toHaveProperty(name);
    }
    for (const wait of ['AwaitApprovalDecision', 'AwaitApprovalDecisionAfterReminder', 'AwaitGoodsReceipt', 'AwaitGoodsReceiptAfterOverdue']) {
      expect(states[wait]?.Resource, wait).toMatch(/:states:::lambda:invoke\.waitForTaskToken$/);
    }
    expect(states.AwaitGoodsReceipt?.TimeoutSecondsPath).toBe('$.receiptWait.overdueAfterSeconds');
    // An operator's close or cancel ends the wait for goods on its own branch, before the workflow would close the order.
    expect((states.IsFullyReceived?.Choices as { Variable: string; Next: string }[])[0]).toMatchObject({ Variable: '$.receiptWait.endedByOperator', Next: 'EndedByOperator' });
    expect(states.EndedByOperator?.Type).toBe('Succeed');
    expect((states.AwaitGoodsReceipt?.Catch as { ErrorEquals: string[]; Next: string }[])[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'AlertPurchaseOrderOverdue' });
    // A failure before sending cancels the order; after it, only alerts.
    expect((states.SubmitForApproval?.Catch as { Next: string }[]).at(-1)?.Next).toBe('CancelPurchaseOrderOnFailure');
    expect((states.ClosePurchaseOrder?.Catch as { Next: string }[]).at(-1)?.Next).toBe('AlertRestockFailedWhileReceiving');
  });

  it('gives its task functions the approval settings (defaults 5,000.00 EUR, 48 h, reminded 24 h before)', () => {
    const [, machine] = named('AWS::StepFunctions::StateMachine', 'restock');
    const invoked = new Set(JSON.stringify(machine.Properties?.DefinitionString).match(/[A-Za-z0-9]+Function[A-F0-9]{8}/g));
    expect(invoked.size).toBeGreaterThan(0);
    for (const fnId of invoked) {
      expect(resource(fnId).Properties?.Environment.Variables, fnId).toMatchObject({ PO_AUTO_APPROVAL_LIMIT: '500000', PO_APPROVAL_WINDOW_HOURS: '48', PO_APPROVAL_REMINDER_HOURS: '24' });
    }
  });

  it('lets the decision, receipt and close routes and the two waiting tasks resume its task tokens', () => {
    const [machineId] = named('AWS::StepFunctions::StateMachine', 'restock');
    const routeEntries = ['decidePurchaseOrder', 'receiveGoods', 'closePurchaseOrder'].map((id) => only(allRoutes.filter((r) => r.operationId === id), id).handlerEntry);
    for (const entry of [...routeEntries, 'functions/inventory/request-po-approval.ts', 'functions/inventory/request-goods-receipt.ts']) {
      const statements = statementsOfRole(referencedId(functionByEntry(entry)[1].Properties?.Role) ?? '');
      expect(statements, entry).toEqual(
        expect.arrayContaining([expect.objectContaining({ Action: expect.arrayContaining(['states:SendTaskSuccess']), Resource: { Ref: machineId } })]),
      );
    }
  });

  it('serves the five purchase-order routes, each by its own function', () => {
    const routeKeys = resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties?.RouteKey);
    expect(routeKeys).toEqual(
      expect.arrayContaining(['GET /purchase-orders', 'GET /purchase-orders/{id}', 'POST /purchase-orders/{id}/decision', 'POST /purchase-orders/{id}/receipts', 'POST /purchase-orders/{id}/close']),
    );
  });

  it('tells ops of approvals, reminders, cancellations, overdue orders, rejected lots and stuck restocks; the supplier of its order', () => {
    const ops = NOTIFICATION_ROUTES.filter((r) => r.audience === 'opsAlerts' && r.source === 'commerce.inventory').flatMap((r) => r.detailTypes);
    expect(ops).toEqual(expect.arrayContaining(['PurchaseOrderAwaitingApproval', 'PurchaseOrderApprovalReminderDue', 'PurchaseOrderCancelled', 'PurchaseOrderOverdue', 'LotRejected', 'RestockNotPossible', 'RestockFailed']));
    const suppliers = NOTIFICATION_ROUTES.filter((r) => r.audience === 'customerNotifications' && r.source === 'commerce.inventory').flatMap((r) => r.detailTypes);
    expect(suppliers).toContain('PurchaseOrderSent');
    named('AWS::Events::Rule', 'restock-ops-alerts');
  });
});
