import { RemovalPolicy } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { OperationsTable } from '../../../infra/constructs/operations-table';
import { bareStack, onlyResource, templateOf } from './construct-stack';

describe('OperationsTable', () => {
  let template: Template;
  // Built once, in a hook: the first template of a file pays for loading aws-cdk-lib.
  beforeAll(() => {
    const stack = bareStack();
    new OperationsTable(stack, 'Table');
    template = templateOf(stack);
  });

  it('is one on-demand table with the data-model keys, three GSIs, TTL, a stream, PITR and deletion protection, kept on stack deletion', () => {
    const [, table] = onlyResource(template, 'AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Metadata?.['CommerceOps::Name']).toBe('operations');
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect((table.Properties?.GlobalSecondaryIndexes as { IndexName: string }[]).map((index) => index.IndexName)).toEqual(['GSI1', 'GSI2', 'GSI3']);
  });

  it('takes its short name and removal policy from its props', () => {
    const stack = bareStack();
    new OperationsTable(stack, 'Table', { shortName: 'scratch', removalPolicy: RemovalPolicy.DESTROY });
    const [, table] = onlyResource(templateOf(stack), 'AWS::DynamoDB::Table');
    expect(table.Metadata?.['CommerceOps::Name']).toBe('scratch');
    expect(table.DeletionPolicy).toBe('Delete');
  });
});
