/** The real local cloud on the real synthesized template: tables, HTTP, JWT, the AWS endpoint, clean stop. */
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { forgedToken } from '../support/tokens';

let cloud: TestCloud;
const sdkConfig = () => ({ endpoint: cloud.awsUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

beforeAll(async () => {
  cloud = await sharedTestCloud();
});

afterAll(async () => {
  await cloud?.stop();
});

describe('local cloud on the synthesized template', () => {
  it('creates every table of the template, with its GSIs and stream', async () => {
    const dynamodb = new DynamoDBClient(sdkConfig());
    const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
    expect(cloud.model.tables.length).toBeGreaterThan(0);
    expect(TableNames).toEqual(expect.arrayContaining(cloud.model.tables.map((table) => table.name)));
    const [table] = cloud.model.tables;
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table!.name }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(
      (table!.createTableInput.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort(),
    );
    expect(Table?.StreamSpecification).toMatchObject({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('answers GET /health over HTTP without a token', async () => {
    const response = await cloud.api('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
  });

  it.each([
    ['no token', async () => undefined],
    ['an expired token', async () => cloud.tokenFor('operator', { expiresIn: -60 })],
    ['a forged token', async () => forgedToken(cloud.issuer)],
  ])('rejects %s on a JWT-protected route with 401', async (_what, token) => {
    const response = await cloud.api('GET', '/suppliers', { token: await token() });
    expect(response).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('lets a valid local token through to the function', async () => {
    const response = await cloud.api('GET', '/suppliers', { token: await cloud.tokenFor('operator') });
    expect(response.status).toBe(200);
  });

  it('answers Step Functions and DynamoDB on the AWS endpoint through the SDK v3 clients', async () => {
    const { stateMachines } = await new SFNClient(sdkConfig()).send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map((machine) => machine.name)).toEqual(cloud.model.stateMachines.map((machine) => machine.name));
    expect(stateMachines?.map((machine) => machine.name)).toContain('supplier-onboarding');
  });

  it('stops cleanly: no DynamoDB Local JVM is left behind', async () => {
    const other = await startTestCloud();
    const pid = other.dynamodb.pid!;
    expect(() => process.kill(pid, 0)).not.toThrow();
    await other.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
