import { describe, expect, it } from 'vitest';
import { buildLocalModel } from '../../infra/local/template/model';
import { TemplateResolver } from '../../infra/local/template/resolve';
import { fixtureTemplate, repoRoot } from './fixtures';

const options = { stackName: 'CommerceOps', region: 'eu-west-1', accountId: '000000000000', repoRoot };
const model = buildLocalModel(fixtureTemplate(), options);
const arn = (service: string, rest: string) => `arn:aws:${service}:eu-west-1:000000000000:${rest}`;

describe('TemplateResolver', () => {
  const resolver = new TemplateResolver(fixtureTemplate(), options);

  it.each([
    [{ 'Fn::Sub': '${AWS::Region}/${AWS::AccountId}/${AWS::StackName}/${AWS::Partition}' }, 'eu-west-1/000000000000/CommerceOps/aws'],
    [{ 'Fn::Sub': ['${OpsTable}-${Extra}', { Extra: { Ref: 'Stage' } }] }, 'commerce-ops-local'],
    [{ 'Fn::Sub': '${!Literal} ${OpsTable}' }, '${Literal} commerce-ops'],
    [{ 'Fn::Sub': '${OpsBus.Arn}' }, arn('events', 'event-bus/commerce-ops')],
    [{ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] }, 'b'],
    [{ 'Fn::Join': [':', ['x', { Ref: 'OpsAlerts' }]] }, `x:${arn('sns', 'ops-alerts')}`],
    [{ 'Fn::If': ['IsNotProd', 'dev', 'prod'] }, 'dev'],
    [{ Ref: 'RulesDlq' }, 'http://sqs.eu-west-1.localhost/000000000000/rules-dlq'],
    [{ 'Fn::GetAtt': ['OpsTable', 'StreamArn'] }, `${arn('dynamodb', 'table/commerce-ops')}/stream/local`],
    [{ 'Fn::GetAtt': 'StreamDlq.Arn' }, arn('sqs', 'stream-dlq')],
    [{ Ref: 'OnboardingMachine' }, arn('states', 'stateMachine:supplier-onboarding')],
    [{ Ref: 'EchoFunction' }, 'echo'],
  ])('resolves %j', (input, expected) => {
    expect(resolver.resolve(input)).toEqual(expected);
  });

  it('drops AWS::NoValue from objects and lists', () => {
    expect(resolver.resolve({ a: { Ref: 'AWS::NoValue' }, b: [1, { Ref: 'AWS::NoValue' }] })).toEqual({ b: [1] });
  });

  it('rejects a Ref to an unknown resource', () => {
    expect(() => resolver.resolve({ Ref: 'Nope' })).toThrow(/Nope/);
  });
});

describe('buildLocalModel', () => {
  it('keeps only functions that carry a source entry, with their own resolved environment', () => {
    expect(model.functions.map((fn) => fn.name).sort()).toEqual(['consume', 'echo', 'fail', 'http', 'other-echo', 'produce', 'publish-outbox', 'slow']);
    const echo = model.functions.find((fn) => fn.name === 'echo')!;
    expect(echo).toMatchObject({
      arn: arn('lambda', 'function:echo'),
      entry: `${repoRoot.replace(/\/$/, '')}/test/local/fixtures/functions/echo.ts`,
      handlerExport: 'handler',
      timeoutSeconds: 2,
      memoryMb: 256,
    });
    expect(echo.environment).toEqual({
      TABLE_NAME: 'commerce-ops',
      GREETING: 'hello from eu-west-1 in CommerceOps',
      STAGE_LABEL: 'not-local',
      BUS_ARN: arn('events', 'event-bus/commerce-ops'),
    });
    expect(model.functions.find((fn) => fn.name === 'fail')).toMatchObject({ handlerExport: 'fail', timeoutSeconds: 1, memoryMb: 128 });
  });

  it('turns the table into a CreateTable input with GSIs, stream and TTL', () => {
    const [table] = model.tables;
    expect(table).toMatchObject({ name: 'commerce-ops', ttlAttribute: 'expiresAt', streamArn: `${arn('dynamodb', 'table/commerce-ops')}/stream/local` });
    expect(table!.createTableInput).toMatchObject({
      TableName: 'commerce-ops',
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: [{ IndexName: 'gsi1', Projection: { ProjectionType: 'ALL' } }],
    });
    expect(table!.createTableInput.GlobalSecondaryIndexes![0]!.ProvisionedThroughput).toBeUndefined();
  });

  it('parses the state machine definition with intrinsics and substitutions resolved', () => {
    const [machine] = model.stateMachines;
    expect(machine).toMatchObject({ name: 'supplier-onboarding', type: 'STANDARD' });
    expect(machine!.definition).toMatchObject({
      StartAt: 'Check',
      States: {
        Check: { Resource: arn('lambda', 'function:echo') },
        Notify: { Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: arn('sns', 'ops-alerts') } },
      },
    });
  });

  it('reads buses, pattern and schedule rules with their targets', () => {
    expect(model.buses.map((bus) => bus.name)).toEqual(['default', 'commerce-ops']);
    const submitted = model.rules.find((rule) => rule.logicalId === 'SubmittedRule')!;
    expect(submitted).toMatchObject({
      name: 'SubmittedRule',
      busName: 'commerce-ops',
      enabled: true,
      eventPattern: { source: ['commerce.suppliers'] },
      targets: [
        {
          arn: arn('states', 'stateMachine:supplier-onboarding'),
          inputTransformer: { inputPathsMap: { id: '$.detail.applicationId' }, inputTemplate: '{"applicationId":<id>}' },
          deadLetterArn: arn('sqs', 'rules-dlq'),
          maxRetries: 3,
        },
      ],
    });
    expect(model.rules.find((rule) => rule.name === 'nightly-kpi')).toMatchObject({
      busName: 'default',
      enabled: false,
      scheduleExpression: 'cron(0 2 * * ? *)',
      targets: [{ input: '{"kind":"nightly"}' }],
    });
  });

  it('collects inline and standalone topic subscriptions and skips resources whose condition is false', () => {
    expect(model.topics.map((topic) => topic.name)).toEqual(['ops-alerts']);
    expect(model.topics[0]!.subscriptions).toEqual([
      { protocol: 'email', endpoint: 'ops@example.com', filterPolicy: undefined, rawMessageDelivery: false },
      { protocol: 'lambda', endpoint: arn('lambda', 'function:echo'), filterPolicy: { severity: ['high'] }, rawMessageDelivery: false },
    ]);
    expect(model.queues.map((queue) => queue.name).sort()).toEqual(['ingest', 'ingest-dlq', 'rules-dlq', 'stream-dlq', 'work']);
  });

  it('maps HTTP API routes to functions and reads the JWT authorizer', () => {
    expect(model.api.routes).toEqual([
      // timeoutSeconds: the function's Timeout, which the local gateway keeps calls inside.
      { routeKey: 'GET /health', functionArn: arn('lambda', 'function:http'), authorization: 'NONE', authorizationScopes: undefined, timeoutSeconds: 5 },
      { routeKey: 'GET /suppliers/applications/{id}', functionArn: arn('lambda', 'function:http'), authorization: 'JWT', authorizationScopes: undefined, timeoutSeconds: 5 },
      { routeKey: 'POST /admin/{proxy+}', functionArn: arn('lambda', 'function:http'), authorization: 'JWT', authorizationScopes: ['ops/admin'], timeoutSeconds: 5 },
    ]);
    expect(model.api.jwtAuthorizer?.issuer).toMatch(/^https:\/\/cognito-idp\.eu-west-1\.amazonaws\.com\//);
    expect(model.api.jwtAuthorizer?.audience).toHaveLength(1);
  });

  it('reads the table stream event source mapping with its parsed filter', () => {
    expect(model.eventSourceMappings.filter((mapping) => mapping.kind === 'stream')).toEqual([
      {
        kind: 'stream',
        logicalId: 'OutboxMapping',
        functionArn: arn('lambda', 'function:publish-outbox'),
        tableLogicalId: 'OpsTable',
        batchSize: 10,
        filterPatterns: [{ eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'OUTBOX#' }] } } } }],
        startingPosition: 'TRIM_HORIZON',
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 5,
        onFailureArn: arn('sqs', 'stream-dlq'),
        reportBatchItemFailures: true,
      },
    ]);
  });

  it('reads a queue mapping with its batching and a queue with its visibility, retention and redrive policy', () => {
    expect(model.eventSourceMappings.filter((mapping) => mapping.kind === 'queue')).toEqual([
      {
        kind: 'queue',
        logicalId: 'IngestMapping',
        functionArn: arn('lambda', 'function:consume'),
        queueLogicalId: 'IngestQueue',
        batchSize: 5,
        maximumBatchingWindowSeconds: 0,
        reportBatchItemFailures: true,
        enabled: true,
      },
    ]);
    expect(model.queues.find((queue) => queue.name === 'ingest')).toEqual({
      logicalId: 'IngestQueue',
      name: 'ingest',
      arn: arn('sqs', 'ingest'),
      url: 'http://sqs.eu-west-1.localhost/000000000000/ingest',
      visibilityTimeoutSeconds: 1,
      messageRetentionSeconds: 3600,
      redrivePolicy: { maxReceiveCount: 2, deadLetterTargetArn: arn('sqs', 'ingest-dlq') },
    });
    // SQS's defaults: 30 s visibility, 4 days' retention, no redrive.
    expect(model.queues.find((queue) => queue.name === 'work')).toMatchObject({ visibilityTimeoutSeconds: 30, messageRetentionSeconds: 345_600 });
    expect(model.queues.find((queue) => queue.name === 'work')?.redrivePolicy).toBeUndefined();
  });

  it('puts queue URLs on the endpoint it is given, where the SQS client sends a queue its requests', () => {
    const onEndpoint = buildLocalModel(fixtureTemplate(), { ...options, queueUrlOrigin: 'http://127.0.0.1:4566' });
    expect(onEndpoint.queues.find((queue) => queue.name === 'ingest')?.url).toBe('http://127.0.0.1:4566/000000000000/ingest');
    expect(onEndpoint.functions.find((fn) => fn.name === 'produce')?.environment.QUEUE_URL).toBe('http://127.0.0.1:4566/000000000000/ingest');
  });
});
