/**
 * What every repository does with the single table: read an item without its key attributes, query an
 * index page by page (refusing a start key from another partition), write items together under their
 * conditions, and `update` an item under contention (read, decide, conditional write, retry with jitter).
 * Repositories answer in domain words (`'contention'`, `'out-of-stock'`); SDK errors stop here.
 */
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { invalidNextToken } from '../contracts/pagination';
import { documentClient, tableName, writeRefusal } from './dynamo';
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
  /** Only the entries whose index sort key lies between the two (inclusive): a window of a dated partition. */
  readonly sortKeyBetween?: readonly [string, string];
}

/** How a write under conditions came out: written, refused by the conditions of some items (by position), or lost to another transaction. */
export type WriteOutcome = 'written' | 'contention' | { readonly refused: readonly number[] };

/**
 * What `update` does with the item it read: answer `result` as things stand (no `write`), or write the
 * items together and answer `result`. The first item is the one read, conditional on being as it was read;
 * its refusal means someone wrote it meanwhile, so `update` reads again and decides again. `onRefused`
 * says what a refusal of the other items means in domain words (e.g. out of stock); without it, or when it
 * answers undefined, that refusal is read and decided again too.
 */
export type Decision<R> =
  | { readonly result: R; readonly write?: undefined }
  | { readonly result: R; readonly write: readonly TransactWriteItem[]; readonly onRefused?: (items: readonly number[]) => R | undefined };

export interface UpdateOptions {
  /** Reads (and decisions) at most; then `update` answers `'contention'`. */
  readonly attempts: number;
}

/** Jittered exponential pause before a re-read (5, 10, 20 … ms, at most 200, × 0.5–1.5): racing writers spread out. */
/** A jittered, growing pause before try `attempt` (1, 2, …) of a write that lost to another. */
export const pauseBefore = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random())));

/** DynamoDB's limit of items in one TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;

/** BatchGetItem takes 100 keys a call; unprocessed keys are asked again this many times in all. */
const BATCH_GET_KEYS = 100;
const BATCH_GET_ATTEMPTS = 5;

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'] as const;

export const withoutKeys = <T>(item: Record<string, unknown>): T => {
  const copy = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete copy[attribute];
  return copy as T;
};

const errorName = (err: unknown): string | undefined =>
  err !== null && typeof err === 'object' && 'name' in err ? String((err as { name: unknown }).name) : undefined;

export function createTableAccess(client: DynamoDBDocumentClient, table: () => string) {
  /** A start key DynamoDB refuses (wrong attributes for the index) is the caller's bad token, never a 500. */
  const sendQuery = async (hasStartKey: boolean, command: QueryCommand) => {
    try {
      return await client.send(command);
    } catch (err) {
      if (hasStartKey && errorName(err) === 'ValidationException') throw invalidNextToken();
      throw err;
    }
  };
  /** A lone Put, Update or Delete as a plain conditional write (a transaction costs twice the units), more in one transaction. */
  const send = (items: readonly TransactWriteItem[]) => {
    const [only, ...rest] = items;
    if (only && rest.length === 0 && only.Put) return client.send(new PutCommand(only.Put));
    if (only && rest.length === 0 && only.Update) return client.send(new UpdateCommand(only.Update));
    if (only && rest.length === 0 && only.Delete) return client.send(new DeleteCommand(only.Delete));
    return client.send(new TransactWriteCommand({ TransactItems: [...items] }));
  };

  async function getItem<T>(key: DynamoKey): Promise<T | undefined> {
    const { Item } = await client.send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
    return Item ? withoutKeys<T>(Item) : undefined;
  }

  /** Writes `items` together under their conditions; any failure other than a refusal or a lost race is thrown. */
  async function write(items: readonly TransactWriteItem[]): Promise<WriteOutcome> {
    try {
      await send(items);
      return 'written';
    } catch (err) {
      const refusal = writeRefusal(err);
      if (refusal === undefined) throw err;
      return refusal;
    }
  }

  /**
   * The one way to write under contention: read the item at `key`, let `decide` choose (it may throw a
   * domain error), write conditionally; when someone wrote the item meanwhile, pause with jitter, read
   * again and decide again, `attempts` times at most. `'contention'` when the item kept changing, or when
   * the write lost to another transaction (the caller, or its workflow's retry, decides when to try again).
   */
  async function update<T, R>(
    key: DynamoKey,
    decide: (current: T | undefined) => Decision<R> | Promise<Decision<R>>,
    options: UpdateOptions,
  ): Promise<R | 'contention'> {
    for (let attempt = 0; attempt < options.attempts; attempt++) {
      if (attempt > 0) await pauseBefore(attempt);
      const decision = await decide(await getItem<T>(key));
      if (!decision.write) return decision.result;
      const outcome = await write(decision.write);
      if (outcome === 'written') return decision.result;
      if (outcome === 'contention') return 'contention';
      const meant = outcome.refused.includes(0) ? undefined : decision.onRefused?.(outcome.refused);
      if (meant !== undefined) return meant;
    }
    return 'contention';
  }

  return {
    /** The table's name, for the items a repository builds. */
    tableName: table,
    getItem,
    write,
    update,

    async query<T>(index: IndexName, partition: string, page: PageRequest, options: QueryOptions = {}): Promise<Page<T>> {
      const pk = `${index.toLowerCase()}pk`;
      // Tokens are signed (shared/http/pagination.ts), so this only catches a token of another partition that
      // a listing's scope failed to tell apart: DynamoDB would fail the query (a 500); it is bad input.
      if (page.exclusiveStartKey && page.exclusiveStartKey[pk] !== partition) throw invalidNextToken();
      const filters = Object.entries(options.filters ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined);
      const between = options.sortKeyBetween;
      const { Items = [], LastEvaluatedKey } = await sendQuery(
        page.exclusiveStartKey !== undefined,
        new QueryCommand({
          TableName: table(),
          IndexName: index,
          KeyConditionExpression: `${pk} = :partition${between ? ` AND ${index.toLowerCase()}sk BETWEEN :sortFrom AND :sortTo` : ''}`,
          ...(filters.length > 0
            ? {
                FilterExpression: filters.map(([name]) => `#${name} = :${name}`).join(' AND '),
                ExpressionAttributeNames: Object.fromEntries(filters.map(([name]) => [`#${name}`, name])),
              }
            : {}),
          ExpressionAttributeValues: {
            ':partition': partition,
            ...(between ? { ':sortFrom': between[0], ':sortTo': between[1] } : {}),
            ...Object.fromEntries(filters.map(([name, value]) => [`:${name}`, value])),
          },
          ScanIndexForward: !options.newestFirst,
          Limit: page.limit,
          ExclusiveStartKey: page.exclusiveStartKey,
        }),
      );
      return { items: Items.map((item) => withoutKeys<T>(item)), lastEvaluatedKey: LastEvaluatedKey };
    },

    /**
     * The items at `keys`, in their order, those that exist (BatchGetItem, eventually consistent as a list's read
     * is: 100 keys a call, the keys DynamoDB left unprocessed asked again after a pause).
     */
    async batchGet<T>(keys: readonly DynamoKey[]): Promise<T[]> {
      const idOf = (key: DynamoKey) => `${String(key.pk)}|${String(key.sk)}`;
      const found = new Map<string, Record<string, unknown>>();
      for (let from = 0; from < keys.length; from += BATCH_GET_KEYS) {
        let pending: DynamoKey[] = keys.slice(from, from + BATCH_GET_KEYS);
        for (let attempt = 1; pending.length > 0; attempt++) {
          if (attempt > BATCH_GET_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${BATCH_GET_ATTEMPTS} attempts`);
          if (attempt > 1) await pauseBefore(attempt);
          const { Responses, UnprocessedKeys } = await client.send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: pending } } }));
          for (const item of Responses?.[table()] ?? []) found.set(idOf(item), item);
          pending = (UnprocessedKeys?.[table()]?.Keys ?? []) as DynamoKey[];
        }
      }
      return keys.flatMap((key) => {
        const item = found.get(idOf(key));
        return item ? [withoutKeys<T>(item)] : [];
      });
    },

    /** The items of one partition of the table itself whose sort key lies between `from` and `to` (inclusive), in key order (or the reverse: `newestFirst`). */
    async queryRange<T>(pk: string, from: string, to: string, page: PageRequest, options: Pick<QueryOptions, 'newestFirst'> = {}): Promise<Page<T>> {
      const { Items = [], LastEvaluatedKey } = await sendQuery(
        page.exclusiveStartKey !== undefined,
        new QueryCommand({
          TableName: table(),
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
          ...(options.newestFirst ? { ScanIndexForward: false } : {}),
          Limit: page.limit,
          ExclusiveStartKey: page.exclusiveStartKey,
        }),
      );
      return { items: Items.map((item) => withoutKeys<T>(item)), lastEvaluatedKey: LastEvaluatedKey };
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
}

export type TableAccess = ReturnType<typeof createTableAccess>;

/** The table as product code reaches it: the module-scope client and the table named by TABLE_NAME. */
export const tableAccess: TableAccess = createTableAccess(documentClient, tableName);

/** Every item of a paged key query, page after page (a listing's paging, not a scan). */
export async function allPages<T>(read: (page: PageRequest) => Promise<Page<T>>, limit = 100): Promise<T[]> {
  const all: T[] = [];
  let exclusiveStartKey: DynamoKey | undefined;
  do {
    const page = await read({ limit, exclusiveStartKey });
    all.push(...page.items);
    exclusiveStartKey = page.lastEvaluatedKey;
  } while (exclusiveStartKey);
  return all;
}

/**
 * `each` over `items`, `atOnce` in flight at a time (a job's reads and writes: a few at once keep it fast
 * without throttling the table), the results in the items' order.
 */
export async function inBatches<T, R>(items: readonly T[], each: (item: T) => Promise<R>, atOnce = 10): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += atOnce) results.push(...(await Promise.all(items.slice(start, start + atOnce).map(each))));
  return results;
}
