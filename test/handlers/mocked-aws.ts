/**
 * Handler tests' AWS, the one way every handler test gets it: the DynamoDB, Step Functions, EventBridge and SQS
 * clients mocked afresh before every test (DynamoDB failing any Scan) and, when `now` is given, the clock frozen at it (restored after).
 * Call once at the top of a test file.
 */
import { afterEach, beforeEach } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { clock, resetClock } from '../../shared/adapters/clock';

export function mockedAws(now?: Date) {
  const ddb = mockClient(DynamoDBDocumentClient);
  const sfn = mockClient(SFNClient);
  const eventBridge = mockClient(EventBridgeClient);
  const sqs = mockClient(SQSClient);
  beforeEach(() => {
    ddb.reset();
    sfn.reset();
    eventBridge.reset();
    sqs.reset();
    // The Scan spy: no handler may read the whole table (DESIGN §3); one that tries fails its test.
    ddb.on(ScanCommand).callsFake((input: { TableName?: string }) => {
      throw new Error(`Scan of ${input.TableName ?? 'the table'} attempted: every access pattern is a GetItem or a Query (docs/data-model.md)`);
    });
    if (now) clock.now = () => now;
  });
  afterEach(resetClock);
  return { ddb, sfn, eventBridge, sqs };
}
