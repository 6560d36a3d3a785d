import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTableAccess } from '../../../shared/adapters/table-access';

const ddb = mockClient(DynamoDBDocumentClient);
const access = createTableAccess(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })), () => 'ops-table');
const validation = () => Object.assign(new Error('The provided starting key is invalid'), { name: 'ValidationException' });

describe('table access: start keys', () => {
  it('turns DynamoDB refusing a start key into 400 InvalidNextToken, never a 500', async () => {
    ddb.reset();
    ddb.on(QueryCommand).rejects(validation());
    await expect(access.query('GSI1', 'ORDERS#PENDING', { limit: 5, exclusiveStartKey: { gsi1pk: 'ORDERS#PENDING' } })).rejects.toMatchObject({
      code: 'InvalidNextToken',
      kind: 'validation',
    });
  });

  it('refuses a start key of another partition before querying', async () => {
    ddb.reset();
    await expect(access.query('GSI2', 'CUSTOMER_ORDERS#a', { limit: 5, exclusiveStartKey: { gsi2pk: 'CUSTOMER_ORDERS#b' } })).rejects.toMatchObject({ code: 'InvalidNextToken' });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('leaves our own query mistakes (no start key) as the failures they are', async () => {
    ddb.reset();
    ddb.on(QueryCommand).rejects(validation());
    await expect(access.query('GSI1', 'ORDERS#PENDING', { limit: 5 })).rejects.toThrow('The provided starting key is invalid');
  });
});
