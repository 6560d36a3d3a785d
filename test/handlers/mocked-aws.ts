/**
 * Handler tests' AWS, the one way every handler test gets it: the DynamoDB, Step Functions and EventBridge
 * clients mocked afresh before every test and, when `now` is given, the clock frozen at it (restored after).
 * Call once at the top of a test file.
 */
import { afterEach, beforeEach } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { clock, resetClock } from '../../shared/adapters/clock';

export function mockedAws(now?: Date) {
  const ddb = mockClient(DynamoDBDocumentClient);
  const sfn = mockClient(SFNClient);
  const eventBridge = mockClient(EventBridgeClient);
  beforeEach(() => {
    ddb.reset();
    sfn.reset();
    eventBridge.reset();
    if (now) clock.now = () => now;
  });
  afterEach(resetClock);
  return { ddb, sfn, eventBridge };
}
