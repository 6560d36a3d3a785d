import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { setMetadataName } from './repo';

/** Index names the repositories query (docs/data-model.md). */
export const TABLE_INDEXES = {
  /** Listings by status / kind, newest first. */
  byStatus: 'GSI1',
  /** Listings by owner (applicant `sub`, supplier id). */
  byOwner: 'GSI2',
  /** Listings by a second facet (products by category and status). */
  byFacet: 'GSI3',
} as const;

export interface OperationsTableProps {
  /** @default 'operations' */
  readonly shortName?: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The single table of docs/data-model.md: pk/sk, three GSIs, TTL on `expiresAt`, and a
 * NEW_AND_OLD_IMAGES stream that carries outbox items to the event bus.
 */
export class OperationsTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: OperationsTableProps = {}) {
    super(scope, id);
    const stringKey = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey('pk'),
      sortKey: stringKey('sk'),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: 'expiresAt',
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_INDEXES.byStatus,
      partitionKey: stringKey('gsi1pk'),
      sortKey: stringKey('gsi1sk'),
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_INDEXES.byOwner,
      partitionKey: stringKey('gsi2pk'),
      sortKey: stringKey('gsi2sk'),
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_INDEXES.byFacet,
      partitionKey: stringKey('gsi3pk'),
      sortKey: stringKey('gsi3sk'),
      projectionType: dynamodb.ProjectionType.ALL,
    });

    setMetadataName(this.table.node.defaultChild as dynamodb.CfnTable, props.shortName ?? 'operations');
  }
}

