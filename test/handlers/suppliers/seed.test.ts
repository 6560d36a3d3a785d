import { beforeEach, describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DEMO_SUPPLIERS, seedDemoData } from '../../../infra/local/seed';
import { ulidSchema } from '../../../shared/contracts/common';
import { supplierViewSchema } from '../../../shared/contracts/suppliers';
import { DEMO_CATEGORIES } from '../../../shared/domain/catalog/category';
import { DEMO_CARRIERS, DEMO_WAREHOUSES } from '../../../infra/local/seed-shipping';

const { ddb } = mockedAws();
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
beforeEach(() => ddb.reset());

describe('seedDemoData', () => {
  it('writes two approved suppliers and the demo categories through the repositories, then the marker', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const result = await seedDemoData(client, 'ops-table');

    expect(result.seeded).toBe(true);
    expect(result.summary).toHaveLength(4);
    const puts = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts.map((put) => put.Item!.pk)).toEqual([
      'SUPPLIER#01JDEM0SVPP11ER00000000001',
      'SUPPLIER#01JDEM0SVPP11ER00000000002',
      ...DEMO_CATEGORIES.map(({ categoryId }) => `CATEGORY#${categoryId}`),
      ...DEMO_CARRIERS.map(({ id }) => `CARRIER#${id}`),
      ...DEMO_WAREHOUSES.map(({ id }) => `WAREHOUSE#${id}`),
      'SEED#demo',
    ]);
    expect(puts[0]).toMatchObject({ TableName: 'ops-table', Item: { gsi1pk: 'SUPPLIERS#APPROVED', gsi2pk: 'SUPPLIER_OWNER#demo-supplier-1' } });
  });

  it('does nothing once the marker exists', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'SEED#demo', sk: 'SEED', seededAt: '2030-01-01T00:00:00.000Z' } });
    expect((await seedDemoData(client, 'ops-table')).seeded).toBe(false);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('uses valid ULIDs and the public supplier shape', () => {
    for (const supplier of DEMO_SUPPLIERS) {
      expect(ulidSchema.safeParse(supplier.supplierId).success).toBe(true);
      expect(ulidSchema.safeParse(supplier.applicationId).success).toBe(true);
      expect(supplierViewSchema.safeParse(supplier).success).toBe(true);
    }
  });
});
