import * as events from 'aws-cdk-lib/aws-events';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { OperationsTable } from '../../../infra/constructs/operations-table';
import { OUTBOX_PUBLISHER_ENTRY, OutboxPublisher } from '../../../infra/constructs/outbox-publisher';
import { bareStack, onlyResource, resourcesOf, templateOf } from './construct-stack';

describe('OutboxPublisher', () => {
  let template: Template;
  beforeAll(() => {
    const stack = bareStack();
    const { table } = new OperationsTable(stack, 'Table');
    new OutboxPublisher(stack, 'Outbox', { table, bus: new events.EventBus(stack, 'Bus'), batchSize: 7 });
    template = templateOf(stack);
  });

  it('is the publish-outbox function, told the table and the bus, allowed to put events on it', () => {
    const [, fn] = onlyResource(template, 'AWS::Lambda::Function');
    expect(fn.Metadata?.['CommerceOps::Entry']).toBe(OUTBOX_PUBLISHER_ENTRY);
    expect(Object.keys((fn.Properties?.Environment as { Variables: object }).Variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVENT_BUS_NAME']));
    const actions = resourcesOf(template, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      ((policy.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement).flatMap((statement) => [statement.Action].flat()),
    );
    expect(actions).toContain('events:PutEvents');
  });

  it('reads outbox INSERTs only, in batches of its batchSize, reporting failed items, with bisect, retries and a dead-letter queue', () => {
    const [, mapping] = onlyResource(template, 'AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({
      BatchSize: 7,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'TRIM_HORIZON',
    });
    const filter = JSON.parse((mapping.Properties?.FilterCriteria as { Filters: { Pattern: string }[] }).Filters[0]!.Pattern);
    expect(filter).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'OUTBOX#' }] } } } });
    expect((mapping.Properties?.FilterCriteria as { Filters: unknown[] }).Filters).toHaveLength(1);
    const dlqNames = resourcesOf(template, 'AWS::SQS::Queue').map(([, queue]) => queue.Metadata?.['CommerceOps::Name']);
    expect(dlqNames).toEqual(['outbox-publisher-dlq']);
  });

  it('also reads every write of the entities that carry their own events, when told them', () => {
    const stack = bareStack();
    const { table } = new OperationsTable(stack, 'Table');
    new OutboxPublisher(stack, 'Outbox', { table, bus: new events.EventBus(stack, 'Bus'), eventCarryingEntities: ['Order'] });
    const [, mapping] = onlyResource(templateOf(stack), 'AWS::Lambda::EventSourceMapping');
    const filters = (mapping.Properties?.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((entry) => JSON.parse(entry.Pattern));
    expect(filters).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'OUTBOX#' }] } } } },
      { dynamodb: { NewImage: { entity: { S: ['Order'] } } } },
    ]);
  });
});
