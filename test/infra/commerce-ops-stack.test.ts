import { existsSync } from 'node:fs';
import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../shared/contracts/routes';
import { orderRoutes } from '../../shared/contracts/orders';
import { buildLocalModel } from '../../infra/local/template/model';
import { REPO_ROOT } from '../../infra/constructs/repo';
import { NOTIFICATION_ROUTES } from '../../infra/constructs/notification-rules';
import { only, referencedId, resourcesOfType, synthesizedTemplate, type SynthesizedTemplate } from './synth';
import { templateQueries } from './template-queries';

let synth: SynthesizedTemplate;
beforeAll(() => {
  synth = synthesizedTemplate();
});

const { resource, named, functions, functionByEntry, statementsOfRole } = templateQueries(() => synth.json);
const actionsOf = (statements: { Action: string | string[] }[]) => statements.flatMap((s) => [s.Action].flat());

describe('the operations table', () => {
  it('has the data-model keys, both GSIs, TTL, a NEW_AND_OLD_IMAGES stream, PITR and deletion protection', () => {
    synth.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'GSI1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }),
          Match.objectLike({
            IndexName: 'GSI2',
            KeySchema: [
              { AttributeName: 'gsi2pk', KeyType: 'HASH' },
              { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
            ],
          }),
          Match.objectLike({
            IndexName: 'GSI3',
            KeySchema: [
              { AttributeName: 'gsi3pk', KeyType: 'HASH' },
              { AttributeName: 'gsi3sk', KeyType: 'RANGE' },
            ],
          }),
        ],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      },
    });
    synth.template.resourceCountIs('AWS::DynamoDB::Table', 1);
  });
});

describe('every function', () => {
  it('runs Node.js 22 on arm64 with X-Ray, its own log group and the Powertools defaults', () => {
    expect(functions().length).toBeGreaterThan(3);
    for (const [id, fn] of functions()) {
      expect(fn.Properties?.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties?.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties?.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(resource(referencedId(fn.Properties?.LoggingConfig?.LogGroup) ?? '').Type, id).toBe('AWS::Logs::LogGroup');
      expect(fn.Properties?.Environment?.Variables, id).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'commerce-ops',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        TABLE_NAME: { Ref: only(resourcesOfType(synth.json, 'AWS::DynamoDB::Table'), 'table')[0] },
      });
    }
  });

  it('carries metadata pointing at an existing source file, its handler export and a unique short name', () => {
    const names = new Set<string>();
    for (const [id, fn] of functions()) {
      const entry = fn.Metadata?.['CommerceOps::Entry'] as string;
      expect(entry, id).toMatch(/^functions\/[a-z-]+\/[a-z0-9-]+\.ts$/);
      expect(existsSync(path.join(REPO_ROOT, entry)), `${id}: ${entry} exists`).toBe(true);
      expect(fn.Metadata?.['CommerceOps::Handler'], id).toBe('handler');
      const name = fn.Metadata?.['CommerceOps::Name'] as string;
      expect(name, id).toMatch(/^[a-z0-9-]+$/);
      expect(names.has(name), `duplicate name ${name}`).toBe(false);
      names.add(name);
    }
  });

  it('is never granted Scan, and read-only route functions get no write actions', () => {
    for (const [id, fn] of functions()) {
      const actions = actionsOf(statementsOfRole(referencedId(fn.Properties?.Role) ?? ''));
      expect(actions, id).not.toContain('dynamodb:Scan');
      expect(actions.some((a) => a.endsWith('*') && a.startsWith('dynamodb')), id).toBe(false);
    }
    for (const route of allRoutes) {
      const servedOnlyGets = allRoutes.filter((r) => r.handlerEntry === route.handlerEntry).every((r) => r.method === 'GET');
      const [, fn] = functionByEntry(route.handlerEntry);
      const actions = actionsOf(statementsOfRole(referencedId(fn.Properties?.Role) ?? ''));
      expect(actions, route.operationId).toContain('dynamodb:Query');
      expect(actions.includes('dynamodb:PutItem'), route.operationId).toBe(!servedOnlyGets);
    }
  });
});

describe('the HTTP API', () => {
  const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

  it('has exactly one route per route spec, served by the function built from its handlerEntry', () => {
    const routes = resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Route');
    expect(routes.map(([, r]) => r.Properties?.RouteKey).sort()).toEqual(allRoutes.map(routeKey).sort());
    for (const spec of allRoutes) {
      const [, route] = only(routes.filter(([, r]) => r.Properties?.RouteKey === routeKey(spec)), routeKey(spec));
      const integrationId = String(route.Properties?.Target['Fn::Join'][1][1].Ref);
      const integration = resource(integrationId);
      const [functionId] = functionByEntry(spec.handlerEntry);
      expect(referencedId(integration.Properties?.IntegrationUri), spec.operationId).toBe(functionId);
      expect(integration.Properties?.PayloadFormatVersion).toBe('2.0');
    }
  });

  it('puts the Cognito JWT authorizer on jwt routes and no authorizer on none/hmac routes', () => {
    const [authorizerId, authorizer] = only(resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Authorizer'), 'authorizer');
    const [poolId] = only(resourcesOfType(synth.json, 'AWS::Cognito::UserPool'), 'user pool');
    const [clientId] = only(resourcesOfType(synth.json, 'AWS::Cognito::UserPoolClient'), 'client');
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: { 'Fn::GetAtt': [poolId, 'ProviderURL'] }, Audience: [{ Ref: clientId }] },
    });
    for (const spec of allRoutes) {
      const [, route] = only(
        resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties?.RouteKey === routeKey(spec)),
        routeKey(spec),
      );
      if (spec.auth.type === 'jwt') {
        expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      } else {
        expect(route.Properties?.AuthorizationType ?? 'NONE', spec.operationId).toBe('NONE');
        expect(route.Properties?.AuthorizerId, spec.operationId).toBeUndefined();
      }
    }
    expect(allRoutes.some((r) => r.auth.type === 'none')).toBe(true);
  });

  it('has a user pool with the five role groups (agent for customer service), supplierId attribute, strong passwords and optional MFA', () => {
    const groups = resourcesOfType(synth.json, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties?.GroupName);
    expect(groups.sort()).toEqual(['agent', 'customer', 'operator', 'supplier', 'warehouse']);
    synth.template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'supplierId', AttributeDataType: 'String', Mutable: true })]),
    });
    const pool = only(resourcesOfType(synth.json, 'AWS::Cognito::UserPool'), 'pool')[1];
    expect(pool.Properties?.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(8);
  });

  it('lets users rewrite only harmless attributes of their own: never custom:supplierId, which scopes their data', () => {
    const [, client] = only(resourcesOfType(synth.json, 'AWS::Cognito::UserPoolClient'), 'client');
    const writable = client.Properties?.WriteAttributes as string[] | undefined;
    expect(writable).toBeDefined();
    expect(writable).not.toContain('custom:supplierId');
  });

  it('logs access to a log group and throttles the default stage', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
    });
  });
});

describe('back-pressure', () => {
  it('reserves POST /orders its concurrency and throttles its route on the stage; the local model carries the limit', () => {
    const [, placeOrder] = functionByEntry('functions/orders/place-order.ts');
    expect(placeOrder.Properties?.ReservedConcurrentExecutions).toBe(orderRoutes.placeOrder.concurrency);
    const [, stage] = only(resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Stage'), 'stage');
    expect(stage.Properties?.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    expect(stage.Properties?.RouteSettings['POST /orders']).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });

    const model = buildLocalModel(synth.json as never, { stackName: synth.stackName, region: 'eu-central-1', accountId: '000000000000', repoRoot: process.cwd() });
    expect(model.api.routes.find((route) => route.routeKey === 'POST /orders')?.maxConcurrency).toBe(20);
    expect(model.api.routes.find((route) => route.routeKey === 'GET /orders')?.maxConcurrency).toBeUndefined();
  });
});

describe('events', () => {
  it('relays outbox INSERTs (and the events orders carry) from the table stream to the bus, with bisect, retries, partial failures and a DLQ', () => {
    const [publisherId, publisher] = functionByEntry('functions/platform/publish-outbox.ts');
    const [busId] = named('AWS::Events::EventBus', 'commerce-ops');
    const [dlqId] = named('AWS::SQS::Queue', 'outbox-publisher-dlq');
    const [tableId] = only(resourcesOfType(synth.json, 'AWS::DynamoDB::Table'), 'table');
    expect(publisher.Properties?.Environment.Variables.EVENT_BUS_NAME).toEqual({ Ref: busId });
    const mappings = resourcesOfType(synth.json, 'AWS::Lambda::EventSourceMapping');
    const [, mapping] = only(mappings.filter(([, candidate]) => candidate.Properties?.FunctionName?.Ref === publisherId), 'outbox event source mapping');
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
    const patterns = mapping.Properties?.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([{ eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'OUTBOX#' }] } } } }, { dynamodb: { NewImage: { entity: { S: ['Order'] } } } }]);
    const actions = actionsOf(statementsOfRole(referencedId(publisher.Properties?.Role) ?? ''));
    expect(actions).toContain('events:PutEvents');
  });

  it('keeps the table stream at two readers (the relay, which also projects orders\' index items, and the stock watcher)', () => {
    const [tableId] = only(resourcesOfType(synth.json, 'AWS::DynamoDB::Table'), 'table');
    const readers = resourcesOfType(synth.json, 'AWS::Lambda::EventSourceMapping').filter(([, mapping]) => JSON.stringify(mapping.Properties?.EventSourceArn) === JSON.stringify({ 'Fn::GetAtt': [tableId, 'StreamArn'] }));
    expect(readers).toHaveLength(2);
    const [publisherId, publisher] = functionByEntry('functions/platform/publish-outbox.ts');
    expect(readers.map(([, mapping]) => mapping.Properties?.FunctionName?.Ref)).toContain(publisherId);
    expect(actionsOf(statementsOfRole(referencedId(publisher.Properties?.Role) ?? ''))).toEqual(expect.arrayContaining(['dynamodb:PutItem']));
  });

  it('watches stock records for low stock (MODIFYs of sk = STOCK only) and runs the low-stock alert job every 15 minutes', () => {
    const [watcherId] = functionByEntry('functions/inventory/watch-stock.ts');
    const [, mapping] = only(
      resourcesOfType(synth.json, 'AWS::Lambda::EventSourceMapping').filter(([, candidate]) => candidate.Properties?.FunctionName?.Ref === watcherId),
      'stock watcher event source mapping',
    );
    expect(mapping.Properties?.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['MODIFY'], dynamodb: { NewImage: { sk: { S: ['STOCK'] } } } },
    ]);
    expect(JSON.stringify(mapping.Properties?.EventSourceArn)).toContain('StreamArn');
    const [alertJobId] = functionByEntry('functions/inventory/alert-low-stock.ts');
    const [, schedule] = named('AWS::Events::Rule', 'inventory-alerts');
    expect(schedule.Properties?.ScheduleExpression).toBe('rate(15 minutes)');
    expect(JSON.stringify(schedule.Properties?.Targets)).toContain(alertJobId);
  });

  it('recomputes the reorder policy nightly at 01:00 UTC, fanned out to one invocation per supplier, and counts what ships for it', () => {
    const [policyJobId, policyJob] = functionByEntry('functions/inventory/recompute-reorder-policy.ts');
    expect(policyJob.Properties?.Timeout).toBe(900);
    const [, schedule] = named('AWS::Events::Rule', 'reorder-policy');
    expect(schedule.Properties?.ScheduleExpression).toBe('cron(0 1 * * ? *)');
    expect(JSON.stringify(schedule.Properties?.Targets)).toContain(policyJobId);
    const [perSupplierId, perSupplier] = functionByEntry('functions/inventory/recompute-supplier-reorder-policy.ts');
    expect(perSupplier.Properties?.Timeout).toBe(900);
    const [, onRequested] = named('AWS::Events::Rule', 'inventory-recompute-supplier-reorder-policy-on-ReorderPolicyRequested');
    expect(onRequested.Properties?.EventPattern).toEqual({ source: ['commerce.inventory'], 'detail-type': ['ReorderPolicyRequested'] });
    expect(JSON.stringify(onRequested.Properties?.Targets)).toContain(perSupplierId);
    const [recorderId] = functionByEntry('functions/inventory/record-sales.ts');
    const [, onShipped] = named('AWS::Events::Rule', 'inventory-record-sales-on-OrderShipped');
    expect(onShipped.Properties?.EventPattern).toEqual({ source: ['commerce.orders'], 'detail-type': ['OrderShipped'] });
    expect(JSON.stringify(onShipped.Properties?.Targets)).toContain(recorderId);
  });

  it('plans the day\'s cycle counts at 03:00 UTC, and routes RecountRequested to ops-alerts', () => {
    const [planJobId, planJob] = functionByEntry('functions/inventory/plan-cycle-counts.ts');
    expect(planJob.Properties?.Timeout).toBe(900);
    const [, schedule] = named('AWS::Events::Rule', 'cycle-count-plan');
    expect(schedule.Properties?.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(JSON.stringify(schedule.Properties?.Targets)).toContain(planJobId);
    const recountRules = resourcesOfType(synth.json, 'AWS::Events::Rule').filter(([, rule]) => (rule.Properties?.EventPattern?.['detail-type'] ?? []).includes('RecountRequested'));
    expect(recountRules.map(([, rule]) => rule.Properties?.EventPattern?.source)).toEqual([['commerce.inventory']]);
  });

  it('starts supplier-onboarding on SupplierApplicationSubmitted with applicationId and correlationId', () => {
    const [machineId] = named('AWS::StepFunctions::StateMachine', 'supplier-onboarding');
    const [, rule] = only(
      resourcesOfType(synth.json, 'AWS::Events::Rule').filter(([, r]) =>
        (r.Properties?.EventPattern?.['detail-type'] ?? []).includes('SupplierApplicationSubmitted'),
      ),
      'start rule',
    );
    expect(rule.Properties?.EventPattern).toEqual({ source: ['commerce.suppliers'], 'detail-type': ['SupplierApplicationSubmitted'] });
    const target = only(rule.Properties?.Targets as Record<string, any>[], 'start target'); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(target.Arn).toEqual({ Ref: machineId });
    const { InputPathsMap, InputTemplate } = target.InputTransformer;
    const rendered = JSON.parse(
      (InputTemplate as string).replace(/<([^>]+)>/g, (_m, key: string) => JSON.stringify(InputPathsMap[key])),
    );
    expect(rendered).toEqual({ applicationId: '$.detail.applicationId', correlationId: '$.detail.correlationId' });
  });

  it('gives every rule target a dead-letter queue and a retry policy', () => {
    const rules = resourcesOfType(synth.json, 'AWS::Events::Rule');
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const [id, rule] of rules) {
      for (const target of rule.Properties?.Targets ?? []) {
        expect(resource(referencedId(target.DeadLetterConfig?.Arn) ?? '').Type, id).toBe('AWS::SQS::Queue');
        expect(target.RetryPolicy?.MaximumRetryAttempts, id).toBeGreaterThan(0);
      }
    }
  });

  it('sends each notification event to its topic as {type, summary, detail}', () => {
    for (const route of NOTIFICATION_ROUTES) {
      const topicName = route.audience === 'opsAlerts' ? 'ops-alerts' : 'customer-notifications';
      const [topicId] = named('AWS::SNS::Topic', topicName);
      const [, rule] = named('AWS::Events::Rule', route.name);
      expect(rule.Properties?.EventPattern).toEqual({ source: [route.source], 'detail-type': [...route.detailTypes], ...(route.detail ? { detail: route.detail } : {}) });
      const target = rule.Properties?.Targets[0];
      expect(target.Arn).toEqual({ Ref: topicId });
      expect(target.InputTransformer.InputTemplate).toBe('{"type":<detail-type>,"summary":<detail-summary>,"detail":<detail>}');
      expect(target.InputTransformer.InputPathsMap).toEqual({
        'detail-type': '$.detail-type',
        'detail-summary': '$.detail.summary',
        detail: '$.detail',
      });
    }
    const toOps = NOTIFICATION_ROUTES.filter((r) => r.audience === 'opsAlerts').flatMap((r) => r.detailTypes);
    const toCustomers = NOTIFICATION_ROUTES.filter((r) => r.audience === 'customerNotifications').flatMap((r) => r.detailTypes);
    expect(toOps).toEqual(
      expect.arrayContaining([
        'SupplierApplicationAwaitingDecision',
        'SupplierDecisionReminderDue',
        'SupplierApplicationExpired',
        'SupplierOnboardingFailed',
      ]),
    );
    expect(toCustomers).toEqual(expect.arrayContaining(['SupplierApproved', 'SupplierRejected', 'SupplierApplicationExpired']));
  });

  it('alerts operators when a workflow execution fails, times out or is aborted (default bus)', () => {
    const [onboardingId] = named('AWS::StepFunctions::StateMachine', 'supplier-onboarding');
    const [listingId] = named('AWS::StepFunctions::StateMachine', 'product-listing');
    const [ordersId] = named('AWS::StepFunctions::StateMachine', 'order-fulfilment');
    const [restockId] = named('AWS::StepFunctions::StateMachine', 'restock');
    const [returnLifecycleId] = named('AWS::StepFunctions::StateMachine', 'return-lifecycle');
    const [groupBuyId] = named('AWS::StepFunctions::StateMachine', 'group-buy');
    const [opsId] = named('AWS::SNS::Topic', 'ops-alerts');
    const [, rule] = named('AWS::Events::Rule', 'workflow-failure-alerts');
    expect(rule.Properties?.EventBusName).toBeUndefined();
    expect(rule.Properties?.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: onboardingId }, { Ref: listingId }, { Ref: ordersId }, { Ref: restockId }, { Ref: returnLifecycleId }, { Ref: groupBuyId }] },
    });
    expect(rule.Properties?.Targets[0].Arn).toEqual({ Ref: opsId });
    expect(rule.Properties?.Targets[0].InputTransformer.InputTemplate).toMatch(/^\{"type":<detail-type>,"summary":"Workflow execution/);
  });
});

describe('notification topics', () => {
  it.each(['ops-alerts', 'customer-notifications'])('%s is KMS-encrypted and refuses non-TLS publishing', (name) => {
    const [topicId, topic] = named('AWS::SNS::Topic', name);
    const [keyId] = only(resourcesOfType(synth.json, 'AWS::KMS::Key'), 'key');
    expect(topic.Properties?.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const [, policy] = only(
      resourcesOfType(synth.json, 'AWS::SNS::TopicPolicy').filter(([, p]) =>
        p.Properties?.Topics.some((t: unknown) => referencedId(t) === topicId),
      ),
      `policy of ${name}`,
    );
    expect(policy.Properties?.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    );
  });

  it('with alertEmail, subscribes it to ops-alerts with a dead-letter queue that has its own alarm', () => {
    const withEmailApp = synthesizedTemplate({ alertEmail: 'ops@example.com' });
    const withEmail = withEmailApp.json;
    const [opsId] = only(
      resourcesOfType(withEmail, 'AWS::SNS::Topic').filter(([, t]) => t.Metadata?.['CommerceOps::Name'] === 'ops-alerts'),
      'ops-alerts',
    );
    const [, subscription] = only(resourcesOfType(withEmail, 'AWS::SNS::Subscription'), 'email subscription');
    expect(subscription.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: opsId } });
    const [dlqId] = only(
      resourcesOfType(withEmail, 'AWS::SQS::Queue').filter(([, q]) => q.Metadata?.['CommerceOps::Name'] === 'alert-subscription-dlq'),
      'subscription DLQ',
    );
    expect(subscription.Properties?.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] } });
    const dlqAlarms = resourcesOfType(withEmail, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
      (a.Properties?.Dimensions ?? []).some((d: { Value: unknown }) => JSON.stringify(d.Value).includes(dlqId)),
    );
    expect(dlqAlarms).toHaveLength(1);
  });

  it('lets EventBridge and CloudWatch use the key, which rotates', () => {
    const [, key] = only(resourcesOfType(synth.json, 'AWS::KMS::Key'), 'key');
    expect(key.Properties?.EnableKeyRotation).toBe(true);
    const principals = (key.Properties?.KeyPolicy.Statement as { Principal?: { Service?: string } }[]).map(
      (s) => s.Principal?.Service,
    );
    expect(principals).toEqual(expect.arrayContaining(['events.amazonaws.com', 'cloudwatch.amazonaws.com']));
  });
});

describe('alarms', () => {
  // Each context's alarms sit in its stack, the shared part's in the parent: read here as one template.
  const alarms = () => resourcesOfType(synth.json, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});

  it('notify ops-alerts, on failed executions, DLQ depth, API 5xx and Lambda errors/throttles', () => {
    const [opsId] = named('AWS::SNS::Topic', 'ops-alerts');
    for (const alarm of alarms()) expect(alarm.AlarmActions, alarm.AlarmDescription).toEqual([{ Ref: opsId }]);
    const metrics = alarms().map((a) => `${a.Namespace}/${a.MetricName}`);
    expect(metrics).toContain('AWS/States/ExecutionsFailed');
    expect(metrics).toContain('AWS/ApiGateway/5xx');
    // Every dead-letter queue's depth; every work queue's oldest message (a consumer behind or failing).
    const queueNames = resourcesOfType(synth.json, 'AWS::SQS::Queue').map(([, queue]) => String(queue.Metadata?.['CommerceOps::Name']));
    expect(metrics.filter((m) => m === 'AWS/SQS/ApproximateNumberOfMessagesVisible')).toHaveLength(queueNames.filter((name) => name.endsWith('-dlq')).length);
    expect(metrics.filter((m) => m === 'AWS/SQS/ApproximateAgeOfOldestMessage')).toHaveLength(queueNames.filter((name) => !name.endsWith('-dlq')).length);
    expect(queueNames.filter((name) => !name.endsWith('-dlq'))).toEqual(['storefront-events']);
    // One alarm per function, on errors + throttles (metric math).
    const perFunction = alarms().filter((a) => JSON.stringify(a.Metrics ?? []).includes('errors + throttles'));
    expect(perFunction).toHaveLength(functions().length);
    for (const alarm of perFunction) {
      const metricNames = (alarm.Metrics as { MetricStat?: { Metric: { MetricName: string } } }[]).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : []));
      expect(metricNames.sort()).toEqual(['Errors', 'Throttles']);
    }
  });
});
