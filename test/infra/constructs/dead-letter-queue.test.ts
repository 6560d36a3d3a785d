import { Duration } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { DeadLetterQueue } from '../../../infra/constructs/dead-letter-queue';
import { bareStack, resourcesOf, templateOf } from './construct-stack';

describe('DeadLetterQueue', () => {
  let template: Template;
  beforeAll(() => {
    const stack = bareStack();
    new DeadLetterQueue(stack, 'Default', { shortName: 'some-dlq' });
    new DeadLetterQueue(stack, 'Short', { shortName: 'short-dlq', retentionPeriod: Duration.days(2) });
    template = templateOf(stack);
  });

  it('is an SSE, TLS-only queue named for the local cloud, keeping messages 14 days unless told otherwise', () => {
    const queues = Object.fromEntries(resourcesOf(template, 'AWS::SQS::Queue').map(([, queue]) => [queue.Metadata?.['CommerceOps::Name'], queue.Properties]));
    expect(queues['some-dlq']).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    expect(queues['short-dlq']).toMatchObject({ MessageRetentionPeriod: 2 * 24 * 3600 });
    const policies = resourcesOf(template, 'AWS::SQS::QueuePolicy').map(([, policy]) => JSON.stringify(policy.Properties));
    expect(policies).toHaveLength(2);
    for (const policy of policies) expect(policy).toContain('"aws:SecureTransport":"false"');
  });
});
