/**
 * The three workflows in the synthesized template: how each starts, what its states are called, who may
 * resume its task tokens, and the settings its task functions get.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../shared/contracts/routes';
import { only, referencedId, synthesizedTemplate, type SynthesizedTemplate } from './synth';
import { templateQueries } from './template-queries';

let synth: SynthesizedTemplate;
beforeAll(() => {
  synth = synthesizedTemplate();
});

const { resource, named, functions, functionByEntry, statementsOfRole } = templateQueries(() => synth.json);

describe('the supplier-onboarding workflow', () => {
  it('is a STANDARD machine with ALL logging and tracing', () => {
    const [, machine] = named('AWS::StepFunctions::StateMachine', 'supplier-onboarding');
    expect(machine.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
    });
  });

  it('lets the decision route and the request-decision task resume task tokens on it', () => {
    const [machineId] = named('AWS::StepFunctions::StateMachine', 'supplier-onboarding');
    const decide = only(allRoutes.filter((r) => r.operationId === 'decideSupplierApplication'), 'decision route');
    const holders = [functionByEntry(decide.handlerEntry)[1], functionByEntry('functions/suppliers/request-decision.ts')[1]];
    for (const fn of holders) {
      const statements = statementsOfRole(referencedId(fn.Properties?.Role) ?? '');
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Action: expect.arrayContaining(['states:SendTaskSuccess']), Resource: { Ref: machineId } }),
        ]),
      );
    }
  });

  it('gives its task functions the decision window (defaults 72 h / 24 h)', () => {
    const [, machine] = named('AWS::StepFunctions::StateMachine', 'supplier-onboarding');
    const invoked = new Set(JSON.stringify(machine.Properties?.DefinitionString).match(/[A-Za-z0-9]+Function[A-F0-9]{8}/g));
    expect(invoked.size).toBeGreaterThan(0);
    for (const fnId of invoked) {
      expect(resource(fnId).Properties?.Environment.Variables, fnId).toMatchObject({
        DECISION_WINDOW_HOURS: '72',
        DECISION_REMINDER_HOURS: '24',
      });
    }
  });
});

describe('the product-listing workflow', () => {
  it('starts on ProductSubmittedForReview with productId, a numeric revision and correlationId', () => {
    const [machineId] = named('AWS::StepFunctions::StateMachine', 'product-listing');
    const [, rule] = named('AWS::Events::Rule', 'start-product-listing');
    expect(rule.Properties?.EventPattern).toEqual({ source: ['commerce.catalog'], 'detail-type': ['ProductSubmittedForReview'] });
    const target = only(rule.Properties?.Targets as Record<string, any>[], 'start target'); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(target.Arn).toEqual({ Ref: machineId });
    // Unquoted placeholders: the revision arrives as a number, as the task input schema wants.
    expect(target.InputTransformer.InputTemplate).toBe('{"productId":<detail-productId>,"revision":<detail-revision>,"correlationId":<detail-correlationId>}');
  });

  it('is a STANDARD machine whose states name the listing process', () => {
    const [, machine] = named('AWS::StepFunctions::StateMachine', 'product-listing');
    expect(machine.Properties).toMatchObject({ StateMachineType: 'STANDARD', TracingConfiguration: { Enabled: true } });
    const definition = JSON.stringify(machine.Properties?.DefinitionString);
    for (const state of ['StartListingReview', 'CheckContent', 'ChooseListingPath', 'AwaitOperatorReview', 'RemindReviewers', 'ExpireReview', 'PublishProduct', 'RejectProduct', 'SendBackOnFailure']) {
      expect(definition).toContain(`\\"${state}\\"`);
    }
  });

  it('lets the review route and the request-review task resume task tokens on it', () => {
    const [machineId] = named('AWS::StepFunctions::StateMachine', 'product-listing');
    const review = only(allRoutes.filter((r) => r.operationId === 'reviewProduct'), 'review route');
    for (const fn of [functionByEntry(review.handlerEntry)[1], functionByEntry('functions/catalog/request-review.ts')[1]]) {
      expect(statementsOfRole(referencedId(fn.Properties?.Role) ?? '')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Action: expect.arrayContaining(['states:SendTaskSuccess']), Resource: { Ref: machineId } }),
        ]),
      );
    }
  });

  it('gives its task functions the review window and listing thresholds', () => {
    const [, machine] = named('AWS::StepFunctions::StateMachine', 'product-listing');
    const invoked = new Set(JSON.stringify(machine.Properties?.DefinitionString).match(/[A-Za-z0-9]+Function[A-F0-9]{8}/g));
    expect(invoked.size).toBe(8);
    for (const fnId of invoked) {
      expect(resource(fnId).Properties?.Environment.Variables, fnId).toMatchObject({
        REVIEW_WINDOW_HOURS: '72',
        REVIEW_REMINDER_HOURS: '24',
        LISTING_QUALITY_THRESHOLD: '70',
        LISTING_AUTO_APPROVE_THRESHOLD: '90',
      });
    }
  });
});

describe('the order-fulfilment workflow', () => {
  it('starts on OrderPlaced with orderId and correlationId, as a STANDARD machine', () => {
    const [machineId, machine] = named('AWS::StepFunctions::StateMachine', 'order-fulfilment');
    expect(machine.Properties).toMatchObject({ StateMachineType: 'STANDARD', TracingConfiguration: { Enabled: true } });
    const [, rule] = named('AWS::Events::Rule', 'start-order-fulfilment');
    expect(rule.Properties?.EventPattern).toEqual({ source: ['commerce.orders'], 'detail-type': ['OrderPlaced'] });
    expect(rule.Properties?.Targets[0].Arn).toEqual({ Ref: machineId });
  });

  it('names every step and its compensation in the definition', () => {
    const [, machine] = named('AWS::StepFunctions::StateMachine', 'order-fulfilment');
    const definition = JSON.stringify(machine.Properties?.DefinitionString);
    for (const state of ['AwaitPacking', 'AlertPackingOverdue', 'AwaitPackingAfterAlert', 'ShipOrder', 'ReleaseStockOnFailure', 'VoidPaymentOnFailure', 'ReleaseStockOnCancel', 'VoidPaymentOnCancel']) {
      expect(definition).toContain(`\\"${state}\\"`);
    }
    // The checkout runs inside POST /orders: the execution starts at the warehouse's wait, 24 h then 24 h more (the defaults).
    expect(definition).toContain('\\"StartAt\\":\\"AwaitPacking\\"');
    expect(definition.match(/\\"HeartbeatSeconds\\":86400/g)).toHaveLength(2);
    expect(definition).not.toContain('ReserveStock');
  });

  it.each([
    ['order-shipping', ['CreateShipment', 'CapturePayment', 'MarkShipped']],
  ])('runs %s as an Express child, synchronously — logged in full, at most five minutes', (name, states) => {
    const [childId, child] = named('AWS::StepFunctions::StateMachine', name);
    expect(child.Properties).toMatchObject({ StateMachineType: 'EXPRESS', LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: true }, TracingConfiguration: { Enabled: true } });
    const childDefinition = JSON.stringify(child.Properties?.DefinitionString);
    for (const state of states) expect(childDefinition).toContain(`\\"${state}\\"`);
    expect(childDefinition).toContain('\\"TimeoutSeconds\\":300');
    const [, parent] = named('AWS::StepFunctions::StateMachine', 'order-fulfilment');
    const parentDefinition = JSON.stringify(parent.Properties?.DefinitionString);
    expect(parentDefinition).toContain('states:startExecution.sync:2');
    expect(parentDefinition).toContain(childId);
    for (const state of states) expect(parentDefinition).not.toContain(`\\"${state}\\"`);
  });

  it('lets cancel and packed resume its task tokens (the carrier webhook has none to resume: the workflow ends at shipment)', () => {
    const [machineId, machine] = named('AWS::StepFunctions::StateMachine', 'order-fulfilment');
    expect(JSON.stringify(machine.Properties?.DefinitionString)).not.toContain('AwaitDelivery');
    for (const operationId of ['cancelOrder', 'markOrderPacked']) {
      const route = only(allRoutes.filter((r) => r.operationId === operationId), operationId);
      expect(statementsOfRole(referencedId(functionByEntry(route.handlerEntry)[1].Properties?.Role) ?? ''), operationId).toEqual(
        expect.arrayContaining([expect.objectContaining({ Action: expect.arrayContaining(['states:SendTaskSuccess']), Resource: { Ref: machineId } })]),
      );
    }
  });

  it('gives the carriers\' webhook secrets to the carrier webhook function only', () => {
    const holders = functions().filter(([, fn]) => fn.Properties?.Environment?.Variables?.CARRIER_WEBHOOK_SECRETS !== undefined);
    const webhook = only(allRoutes.filter((r) => r.operationId === 'receiveCarrierWebhook'), 'webhook route');
    expect(holders.map(([id]) => id)).toEqual([functionByEntry(webhook.handlerEntry)[0]]);
  });
});

