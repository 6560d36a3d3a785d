import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNag } from './nag';
import { setMetadataName } from './repo';

export interface DeadLetterQueueProps {
  /** Short name, e.g. `notification-delivery-dlq`; locally the file `.local/dlq/<name>.jsonl`. */
  readonly shortName: string;
  /** @default Duration.days(14) (the SQS maximum: time to investigate and redrive) */
  readonly retentionPeriod?: Duration;
}

/** An encrypted, TLS-only queue that keeps what a rule target, stream or task could not deliver. */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly shortName: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.shortName = props.shortName;
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? Duration.days(14),
    });
    setMetadataName(this.queue.node.defaultChild as sqs.CfnQueue, props.shortName);
    acknowledgeNag(
      this.queue,
      'SQS3',
      'This queue IS a dead-letter queue (for EventBridge targets / stream failures); a DLQ of a DLQ adds nothing. Its depth raises an alarm instead.',
    );
  }
}
