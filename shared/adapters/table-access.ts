/**
 * What every repository does with the single table: read an item without its key attributes, query an
 * index page by page (refusing a start key from another partition), and run a conditional transaction.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { invalidNextToken } from '../contracts/pagination';
import { writeIfConditionHolds } from './dynamo';
import type { TransactWriteItem } from './outbox';

export type DynamoKey = Record<string, unknown>;

export interface PageRequest {
  readonly limit: number;
  readonly exclusiveStartKey?: DynamoKey;
}

export interface Page<T> {
  readonly items: T[];
  readonly lastEvaluatedKey?: DynamoKey;
}

/** Index names as the table declares them (infra/constructs/operations-table.ts). */
export type IndexName = 'GSI1' | 'GSI2' | 'GSI3';

export interface QueryOptions {
  readonly newestFirst?: boolean;
  /** Attribute equality filters applied after the key condition (e.g. `{ status: 'ACTIVE' }`). */
  readonly filters?: Readonly<Record<string, string | undefined>>;
}

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'] as const;

export const withoutKeys = <T>(item: Record<string, unknown>): T => {
  const copy = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete copy[attribute];
  return copy as T;
};

const errorName = (err: unknown): string | undefined =>
  err !== null && typeof err === 'object' && 'name' in err ? String((err as { name: unknown }).name) : undefined;

export const createTableAccess = (client: DynamoDBDocumentClient, table: () => string) => {
  /** A start key DynamoDB refuses (wrong attributes for the index) is the caller's bad token, never a 500. */
  const sendQuery = async (hasStartKey: boolean, command: QueryCommand) => {
    try {
      return await client.send(command);
    } catch (err) {
      if (hasStartKey && errorName(err) === 'ValidationException') throw invalidNextToken();
      throw err;
    }
  };
  return {
    async getItem<T>(key: DynamoKey): Promise<T | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
      return Item ? withoutKeys<T>(Item) : undefined;
    },

    async query<T>(index: IndexName, partition: string, page: PageRequest, options: QueryOptions = {}): Promise<Page<T>> {
      const pk = `${index.toLowerCase()}pk`;
      // Tokens are signed (shared/http/pagination.ts), so this only catches a token of another partition that
      // a listing's scope failed to tell apart: DynamoDB would fail the query (a 500); it is bad input.
      if (page.exclusiveStartKey && page.exclusiveStartKey[pk] !== partition) throw invalidNextToken();
      const filters = Object.entries(options.filters ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined);
      const { Items = [], LastEvaluatedKey } = await sendQuery(
        page.exclusiveStartKey !== undefined,
        new QueryCommand({
          TableName: table(),
          IndexName: index,
          KeyConditionExpression: `${pk} = :partition`,
          ...(filters.length > 0
            ? {
                FilterExpression: filters.map(([name]) => `#${name} = :${name}`).join(' AND '),
                ExpressionAttributeNames: Object.fromEntries(filters.map(([name]) => [`#${name}`, name])),
              }
            : {}),
          ExpressionAttributeValues: { ':partition': partition, ...Object.fromEntries(filters.map(([name, value]) => [`:${name}`, value])) },
          ScanIndexForward: !options.newestFirst,
          Limit: page.limit,
          ExclusiveStartKey: page.exclusiveStartKey,
        }),
      );
      return { items: Items.map((item) => withoutKeys<T>(item)), lastEvaluatedKey: LastEvaluatedKey };
    },

    /** True when every item's condition held and all were written; false when a condition refused it. */
    transact: (items: readonly TransactWriteItem[]): Promise<boolean> =>
      writeIfConditionHolds(() => client.send(new TransactWriteCommand({ TransactItems: [...items] }))),

    /**
     * Writes `items` together: a lone Put or Update as a plain conditional write (a transaction costs twice
     * the units), more in one transaction. True when every condition held; false when one refused it.
     */
    writeTogether(items: readonly TransactWriteItem[]): Promise<boolean> {
      const [only, ...rest] = items;
      if (only && rest.length === 0 && only.Put) return writeIfConditionHolds(() => client.send(new PutCommand(only.Put!)));
      if (only && rest.length === 0 && only.Update) return writeIfConditionHolds(() => client.send(new UpdateCommand(only.Update!)));
      return writeIfConditionHolds(() => client.send(new TransactWriteCommand({ TransactItems: [...items] })));
    },

    /** The Put of a whole item, conditional on the stored one still being at the version and status it was read at. */
    versionedPut: (item: Record<string, unknown>, read: { readonly version: number; readonly status: string }): TransactWriteItem => ({
      Put: {
        TableName: table(),
        Item: item,
        ConditionExpression: '#version = :version AND #status = :status',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':version': read.version, ':status': read.status },
      },
    }),
  };
};
