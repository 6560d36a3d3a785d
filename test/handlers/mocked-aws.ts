/**
 * Handler tests' AWS: DynamoDB and Step Functions clients mocked afresh before every test, and the clock
 * frozen at `now` (restored after). Call once at the top of a test file.
 */
import { afterEach, beforeEach } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { clock, resetClock } from '../../shared/adapters/clock';

export function mockedAws(now: Date) {
  const ddb = mockClient(DynamoDBDocumentClient);
  const sfn = mockClient(SFNClient);
  beforeEach(() => {
    ddb.reset();
    sfn.reset();
    clock.now = () => now;
  });
  afterEach(resetClock);
  return { ddb, sfn };
}
