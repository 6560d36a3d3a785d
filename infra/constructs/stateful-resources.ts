import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { NotificationTopics } from './notification-topics';
import { OperationsTable } from './operations-table';
import { setMetadataName } from './repo';

export interface StatefulResourcesProps {
  /** @default - no email subscription on ops-alerts */
  readonly alertEmail?: string;
  /** Agent id → email for the alerts that name the agent (NotificationTopicsProps). @default - none */
  readonly agentAlertEmails?: Readonly<Record<string, string>>;
}

/** Everything that holds data or routes it: the table, the `commerce-ops` bus and the two topics. */
export class StatefulResources extends Construct {
  readonly table: OperationsTable;
  readonly bus: events.EventBus;
  readonly topics: NotificationTopics;

  constructor(scope: Construct, id: string, props: StatefulResourcesProps = {}) {
    super(scope, id);
    this.table = new OperationsTable(this, 'Operations');
    this.bus = new events.EventBus(this, 'Bus', { description: 'Commerce Ops domain events' });
    setMetadataName(this.bus.node.defaultChild as events.CfnEventBus, 'commerce-ops');
    this.topics = new NotificationTopics(this, 'Notifications', { alertEmail: props.alertEmail, agentAlertEmails: props.agentAlertEmails });
  }
}
