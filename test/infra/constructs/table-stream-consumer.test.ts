import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { OperationsTable } from '../../../infra/constructs/operations-table';
import { TableStreamConsumer } from '../../../infra/constructs/table-stream-consumer';
import { bareStack, onlyResource, templateOf } from './construct-stack';

describe('TableStreamConsumer', () => {
  let template: Template;
  beforeAll(() => {
    const stack = bareStack();
    const { table } = new OperationsTable(stack, 'Table');
    new TableStreamConsumer(stack, 'Watcher', {
      table,
      entry: 'functions/inventory/watch-stock.ts',
      description: 'Watches stock',
      filters: [{ eventName: lambda.FilterRule.isEqual('MODIFY'), dynamodb: { NewImage: { sk: { S: lambda.FilterRule.isEqual('STOCK') } } } }],
    });
    template = templateOf(stack);
  });

  it('feeds its entry from the table stream, filtered, from the stream start, with bisect, retries and a dead-letter queue named after it', () => {
    const [fnId, fn] = onlyResource(template, 'AWS::Lambda::Function');
    expect(fn.Metadata?.['CommerceOps::Entry']).toBe('functions/inventory/watch-stock.ts');
    expect(Object.keys((fn.Properties?.Environment as { Variables: object }).Variables)).toContain('TABLE_NAME');
    const [, mapping] = onlyResource(template, 'AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({
      FunctionName: { Ref: fnId },
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'TRIM_HORIZON',
    });
    const filter = JSON.parse((mapping.Properties?.FilterCriteria as { Filters: { Pattern: string }[] }).Filters[0]!.Pattern);
    expect(filter).toEqual({ eventName: ['MODIFY'], dynamodb: { NewImage: { sk: { S: ['STOCK'] } } } });
    const [, queue] = onlyResource(template, 'AWS::SQS::Queue');
    expect(queue.Metadata?.['CommerceOps::Name']).toBe('inventory-watch-stock-dlq');
  });
});
