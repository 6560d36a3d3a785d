import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';
import { setMetadataName } from './repo';

export interface NotificationTopicsProps {
  /** Subscribes this address to `ops-alerts` (confirmation mail from SNS). @default - no subscription */
  readonly alertEmail?: string;
  /**
   * Agent id → email: each address gets the `ops-alerts` messages that name that agent in `detail.notify` (a
   * ticket's SLA warning or breach while it is assigned to them), by a filter on the message body.
   * @default - no agent subscriptions
   */
  readonly agentAlertEmails?: Readonly<Record<string, string>>;
}

/**
 * The two audiences of DESIGN §3: `ops-alerts` (people running the business) and
 * `customer-notifications`. Both are TLS-only and encrypted with one customer-managed key that
 * EventBridge (rule targets) and CloudWatch (alarm actions) may use to publish.
 */
export class NotificationTopics extends Construct {
  readonly key: kms.Key;
  readonly opsAlerts: sns.Topic;
  readonly customerNotifications: sns.Topic;
  /** Where SNS parks alerts the email subscriptions could not take; only with `alertEmail` or `agentAlertEmails`. */
  readonly subscriptionDeadLetterQueue?: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: NotificationTopicsProps = {}) {
    super(scope, id);

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the Commerce Ops notification topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // SNS encrypts with the publisher's rights: the publishing services need the data key.
    for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      this.key.grant(new iam.ServicePrincipal(service), 'kms:Decrypt', 'kms:GenerateDataKey*');
    }

    this.opsAlerts = this.topic('OpsAlerts', 'ops-alerts', 'Commerce Ops alerts');
    this.customerNotifications = this.topic(
      'CustomerNotifications',
      'customer-notifications',
      'Commerce Ops customer notifications',
    );

    const agents = Object.entries(props.agentAlertEmails ?? {});
    if (props.alertEmail || agents.length > 0) {
      this.subscriptionDeadLetterQueue = new DeadLetterQueue(this, 'SubscriptionDeadLetters', {
        shortName: 'alert-subscription-dlq',
      });
    }
    const deadLetterQueue = this.subscriptionDeadLetterQueue?.queue;
    if (props.alertEmail) this.opsAlerts.addSubscription(new subscriptions.EmailSubscription(props.alertEmail, { deadLetterQueue }));
    for (const [agentId, email] of agents) {
      this.opsAlerts.addSubscription(
        new subscriptions.EmailSubscription(email, {
          deadLetterQueue,
          filterPolicyWithMessageBody: {
            detail: sns.FilterOrPolicy.policy({ notify: sns.FilterOrPolicy.filter(sns.SubscriptionFilter.stringFilter({ allowlist: [agentId] })) }),
          },
        }),
      );
    }
  }

  private topic(id: string, shortName: string, displayName: string): sns.Topic {
    const topic = new sns.Topic(this, id, { displayName, masterKey: this.key, enforceSSL: true });
    setMetadataName(topic.node.defaultChild as sns.CfnTopic, shortName);
    // The explicit topic policy (TLS-only) replaces the default one, so CloudWatch alarms need a grant.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': topic.stack.account } },
      }),
    );
    return topic;
  }
}
