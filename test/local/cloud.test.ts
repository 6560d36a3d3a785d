import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, waitFor, type TestCloud } from '../support/local-cloud';
import { forgedToken } from '../support/tokens';
import { fixtureTemplate } from './fixtures';

const recordFile = join(mkdtempSync(join(tmpdir(), 'stream-records-')), 'batches.jsonl');
let cloud: TestCloud;
const clientConfig = () => ({ endpoint: cloud.awsUrl, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

beforeAll(async () => {
  cloud = await startTestCloud({
    template: { template: fixtureTemplate(), stackName: 'CommerceOps' },
    environmentOverrides: { 'publish-outbox': { RECORD_FILE: recordFile } },
  });
});

afterAll(async () => {
  const pid = cloud?.dynamodb.pid;
  await cloud?.stop();
  // No orphan JVM: the DynamoDB Local process is gone.
  expect(() => process.kill(pid!, 0)).toThrow();
});

describe('local cloud on the fixture template', () => {
  it('creates the template tables and forwards DynamoDB calls through the endpoint', async () => {
    const dynamodb = new DynamoDBClient(clientConfig());
    const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
    expect(TableNames).toEqual(['commerce-ops']);
  });

  it('answers Step Functions on the endpoint with the SDK client', async () => {
    const sfn = new SFNClient(clientConfig());
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map((machine) => machine.name)).toEqual(['supplier-onboarding']);
  });

  it('serves an open route and maps the 2.0 result (status, cookies, request id headers)', async () => {
    const response = await cloud.api('GET', '/health?x=1');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ path: '/health', claims: null });
    expect(response.headers.get('apigw-requestid')).toMatch(/=$/);
    expect(response.headers.get('x-correlation-id')).toBe(response.headers.get('apigw-requestid'));
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('answers 404 for an unknown route', async () => {
    const response = await cloud.api('GET', '/nowhere');
    expect(response).toMatchObject({ status: 404, body: { message: 'Not Found' } });
  });

  it('passes verified claims to the function the way API Gateway does', async () => {
    const token = await cloud.tokenFor('supplier', { sub: 'user-1', supplierId: 'SUP1' });
    const response = await cloud.api('GET', '/suppliers/applications/abc', { token });
    expect(response.status).toBe(200);
    expect(response.body.claims).toMatchObject({ sub: 'user-1', 'cognito:groups': '[supplier]', 'custom:supplierId': 'SUP1', token_use: 'id' });
    expect(typeof response.body.claims.exp).toBe('string');
  });

  it.each([
    ['missing', async () => undefined],
    ['expired', async () => cloud.tokenFor('operator', { expiresIn: -60 })],
    ['forged', async () => forgedToken(cloud.issuer)],
  ])('rejects a %s token with 401 and a challenge', async (_kind, makeToken) => {
    const response = await cloud.api('GET', '/suppliers/applications/abc', { token: await makeToken() });
    expect(response).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('enforces route authorization scopes', async () => {
    const withoutScope = await cloud.api('POST', '/admin/a/b', { token: await cloud.tokenFor('operator'), body: {} });
    expect(withoutScope.status).toBe(403);
    const withScope = await cloud.api('POST', '/admin/a/b', { token: await cloud.tokenFor('operator', { scopes: ['ops/admin'] }), body: {} });
    expect(withScope.status).toBe(200);
  });

  it('runs event → rule → state machine → SNS end to end', async () => {
    const events = new EventBridgeClient(clientConfig());
    const result = await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'commerce-ops', Source: 'commerce.suppliers', DetailType: 'SupplierApplicationSubmitted', Detail: JSON.stringify({ applicationId: 'APP1' }) }],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    const [message] = await waitFor(() => cloud.snsMessages('ops-alerts').filter((m) => m.message.includes('APP1')), { message: 'ops-alerts message' });
    expect(JSON.parse(message!.message)).toMatchObject({ event: { applicationId: 'APP1' }, functionName: 'echo' });
  });

  it('feeds filtered table-stream records to the mapped function in Lambda format', async () => {
    const dynamodb = new DynamoDBClient(clientConfig());
    const put = (pk: string) => dynamodb.send(new PutItemCommand({ TableName: 'commerce-ops', Item: { pk: { S: pk }, sk: { S: 'OUTBOX' } } }));
    await put('NOT-AN-OUTBOX#1');
    await put('OUTBOX#1');
    const batches = await waitFor(() => readLines(recordFile), { message: 'stream batch' });
    const records = batches.flatMap((batch) => (batch as { Records: StreamRecordView[] }).Records);
    expect(records.map((record) => record.dynamodb.Keys.pk.S)).toEqual(['OUTBOX#1']);
    expect(records[0]).toMatchObject({
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: expect.stringMatching(/^arn:aws:dynamodb:us-east-1:000000000000:table\/commerce-ops\/stream\//),
      dynamodb: { NewImage: { pk: { S: 'OUTBOX#1' }, sk: { S: 'OUTBOX' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(typeof records[0]!.dynamodb.ApproximateCreationDateTime).toBe('number');
  });

  it('fires a schedule by name through the control route and lists known ones for an unknown name', async () => {
    const fired = await fetch(`${cloud.awsUrl}/_local/schedules/nightly-kpi/fire`, { method: 'POST' });
    expect(fired.status).toBe(200);
    const unknown = await fetch(`${cloud.awsUrl}/_local/schedules/nope/fire`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ schedules: ['nightly-kpi'] });
  });
});

interface StreamRecordView {
  dynamodb: { Keys: { pk: { S: string } }; ApproximateCreationDateTime: unknown };
}

function readLines(file: string): unknown[] | undefined {
  try {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    return lines.length ? lines.map((line) => JSON.parse(line) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
