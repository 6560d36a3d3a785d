/**
 * A counting DynamoDB proxy for the cost bench: read and write capacity units as DynamoDB reports them,
 * per function, without touching the handlers or the local cloud.
 *
 * Each function's SDK is pointed at it with the standard `AWS_ENDPOINT_URL_DYNAMODB` (it wins over the
 * local cloud's `AWS_ENDPOINT_URL` for DynamoDB only), set through startLocalCloud's
 * `environmentOverrides`, with a path of its own (`/fn/<name>/`) so every unit is attributed. The proxy
 * adds `ReturnConsumedCapacity: INDEXES` to every data-plane request that did not ask for capacity,
 * forwards it to DynamoDB Local, tallies the `ConsumedCapacity` of the answer and strips it again (with
 * the body's `x-amz-crc32` recomputed), so the handler sees exactly the answer it would have had.
 *
 * DynamoDB Local 3.x under-reports multi-item TransactWriteItems: it adds up only the *distinct* per-item
 * costs (two ≤ 1 KB puts report 2 WCU where AWS charges 4; awslabs/amazon-dynamodb-local-samples#31).
 * So every successful transaction is measured again item by item: the items as they were before it are
 * read (consistently, uncounted) and each item then runs alone, as a one-item transaction, on a shadow
 * copy of the table (same keys and indexes) holding just that item, which Local prices right. The sum
 * is the corrected figure; the reported one is kept next to it.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import type { LocalTable } from '../infra/local/model';
import { closeServer, listenOn } from '../infra/local/http-listener';

/** `BENCH_CAPACITY_TRACE=1`: one line per item written, with its units (where the write units of an order go). */
const traceUnits = (caller: string, kind: string, key: Item | undefined, units: { total: number; indexes: number }): void => {
  if (!process.env.BENCH_CAPACITY_TRACE) return;
  const part = (name: string) => String(Object.values((key?.[name] as Item | undefined) ?? {})[0] ?? '').replace(/#[^#]*[0-9][^#]*$/, '#…');
  process.stderr.write(`capacity ${caller} ${kind} ${part('pk')} ${part('sk')} ${units.total} (indexes ${units.indexes})\n`);
};

const READ_ACTIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITE_ACTIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const SHADOW_SUFFIX = '-capacity-shadow';
const UPSTREAM_TIMEOUT_MS = 30_000;
/** DynamoDB Local wants a SigV4-shaped Authorization header (it checks no signature). */
const LOCAL_AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=bench/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';

export interface CapacityCounts {
  requests: number;
  readUnits: number;
  writeUnits: number;
  /** Write units as DynamoDB Local itself answered (multi-item transactions under-reported). */
  reportedWriteUnits: number;
  /** The part of writeUnits spent on global secondary indexes. */
  indexWriteUnits: number;
  /** Requests DynamoDB refused (conditional check failed, transaction cancelled…): Local reports no units for them. */
  refused: number;
}

export interface CapacityTally {
  readonly total: CapacityCounts;
  readonly byFunction: Record<string, CapacityCounts>;
  readonly byAction: Record<string, CapacityCounts>;
  /** `<action> <error type>` → count. */
  readonly refusals: Record<string, number>;
  /** Transactions the item-by-item measure could not redo (their reported units were kept). */
  readonly remeasureFailures: number;
}

type Json = Record<string, unknown>;
type Item = Record<string, unknown>;

interface Upstream {
  readonly endpoint: URL;
  readonly keysOf: Map<string, readonly string[]>;
}

interface TransactionItemImage {
  readonly tableName: string;
  readonly key: Item;
  readonly before: Item | undefined;
}

const emptyCounts = (): CapacityCounts => ({ requests: 0, readUnits: 0, writeUnits: 0, reportedWriteUnits: 0, indexWriteUnits: 0, refused: 0 });

interface ConsumedEntry {
  readonly CapacityUnits?: number;
  readonly GlobalSecondaryIndexes?: Record<string, { readonly CapacityUnits?: number }>;
}

/** Capacity units in a `ConsumedCapacity` value (one object, or one per table): in all, and on global secondary indexes. */
export const capacityUnits = (consumed: unknown): { total: number; indexes: number } => {
  const entries = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as ConsumedEntry[];
  let total = 0;
  let indexes = 0;
  for (const entry of entries) {
    total += entry.CapacityUnits ?? 0;
    for (const index of Object.values(entry.GlobalSecondaryIndexes ?? {})) indexes += index.CapacityUnits ?? 0;
  }
  return { total, indexes };
};

export class DynamoDbCapacityProxy {
  private server?: Server;
  private baseUrl = '';
  private upstream?: Upstream;
  private connected!: () => void;
  private readonly whenConnected = new Promise<void>((resolve) => (this.connected = resolve));
  /** Item-by-item re-measures run one at a time (they share the shadow tables). */
  private remeasures: Promise<void> = Promise.resolve();
  private tally = DynamoDbCapacityProxy.emptyTally();

  private static emptyTally() {
    return { total: emptyCounts(), byFunction: {} as Record<string, CapacityCounts>, byAction: {} as Record<string, CapacityCounts>, refusals: {} as Record<string, number>, remeasureFailures: 0 };
  }

  /** Listens on 127.0.0.1 (random port); requests wait until connect() names the upstream. */
  async listen(): Promise<string> {
    this.server = createServer((request, response) => void this.serve(request, response));
    this.baseUrl = (await listenOn(this.server, 0, '127.0.0.1')).replace('localhost', '127.0.0.1');
    return this.baseUrl;
  }

  /** The endpoint to give one function (`AWS_ENDPOINT_URL_DYNAMODB`). */
  endpointFor(functionName: string): string {
    return `${this.baseUrl}/fn/${encodeURIComponent(functionName)}`;
  }

  /** Points the proxy at DynamoDB Local and creates the shadow tables the transaction re-measure uses. */
  async connect(dynamodbEndpoint: string, tables: readonly LocalTable[]): Promise<void> {
    const endpoint = new URL(dynamodbEndpoint);
    const keysOf = new Map(tables.map((table) => [table.name, (table.createTableInput.KeySchema ?? []).map((key) => key.AttributeName!)]));
    this.upstream = { endpoint, keysOf };
    for (const table of tables) {
      const { StreamSpecification: _stream, TableName: _name, ...definition } = table.createTableInput;
      const created = await this.call('CreateTable', { ...definition, TableName: `${table.name}${SHADOW_SUFFIX}` });
      if (created.status !== 200 && !/ResourceInUse/.test(created.text)) throw new Error(`shadow table for ${table.name}: ${created.text}`);
    }
    this.connected();
  }

  /** Resolves once every transaction seen so far has been re-measured. */
  async settled(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.remeasures;
      await current;
    } while (current !== this.remeasures);
  }

  snapshot(): CapacityTally {
    return structuredClone(this.tally);
  }

  reset(): void {
    this.tally = DynamoDbCapacityProxy.emptyTally();
  }

  async close(): Promise<void> {
    await this.settled().catch(() => undefined);
    await closeServer(this.server);
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const caller = decodeURIComponent(/^\/fn\/([^/]+)/.exec(request.url ?? '')?.[1] ?? '(unattributed)');
      const body = await readAll(request);
      await this.whenConnected;
      const action = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const measured = READ_ACTIONS.has(action) || WRITE_ACTIONS.has(action);
      const input = measured ? (JSON.parse(body.toString('utf8')) as Json) : undefined;
      const asked = input?.ReturnConsumedCapacity === 'TOTAL' || input?.ReturnConsumedCapacity === 'INDEXES';
      const sent = input && !asked ? Buffer.from(JSON.stringify({ ...input, ReturnConsumedCapacity: 'INDEXES' })) : body;
      const images = action === 'TransactWriteItems' && input ? await this.imagesBefore(input.TransactItems as Json[]) : undefined;

      const answer = await this.forward(request.headers, sent);
      let out = answer.body;
      if (input && !answer.headers['content-encoding']) {
        const parsed = JSON.parse(answer.body.toString('utf8') || '{}') as Json;
        if (answer.status === 200) {
          const units = capacityUnits(parsed.ConsumedCapacity);
          this.count(
            caller,
            action,
            READ_ACTIONS.has(action)
              ? { requests: 1, readUnits: units.total }
              : { requests: 1, writeUnits: units.total, reportedWriteUnits: units.total, indexWriteUnits: units.indexes },
          );
          if (images) this.queueRemeasure(caller, input.TransactItems as Json[], images, units);
          else if (WRITE_ACTIONS.has(action)) traceUnits(caller, action, (input.Key ?? input.Item) as Item | undefined, units);
          if (!asked) {
            delete parsed.ConsumedCapacity;
            out = Buffer.from(JSON.stringify(parsed));
          }
        } else {
          const type = String(parsed.__type ?? 'Error').split('#').at(-1) ?? 'Error';
          this.count(caller, action, { requests: 1, refused: 1 });
          this.tally.refusals[`${action} ${type}`] = (this.tally.refusals[`${action} ${type}`] ?? 0) + 1;
        }
      }
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && name !== 'content-length') headers[name] = value;
      if (out !== answer.body && headers['x-amz-crc32']) headers['x-amz-crc32'] = String(crc32(out));
      headers['content-length'] = String(out.length);
      response.writeHead(answer.status, headers);
      response.end(out);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: 'InternalServerError', message: `capacity proxy: ${String(error)}` }));
    }
  }

  private count(caller: string, action: string, delta: Partial<CapacityCounts>): void {
    for (const counts of [this.tally.total, (this.tally.byFunction[caller] ??= emptyCounts()), (this.tally.byAction[action] ??= emptyCounts())]) {
      for (const [field, value] of Object.entries(delta) as [keyof CapacityCounts, number][]) counts[field] += value;
    }
  }

  /** Each transaction item's table, key and current image (consistent read, not counted). */
  private async imagesBefore(items: readonly Json[]): Promise<TransactionItemImage[]> {
    return Promise.all(
      items.map(async (entry) => {
        const [, operation] = Object.entries(entry)[0] as [string, Json];
        const tableName = String(operation.TableName);
        const keyNames = this.upstream?.keysOf.get(tableName) ?? [];
        const key = (operation.Key as Item | undefined) ?? Object.fromEntries(keyNames.map((name) => [name, (operation.Item as Item)[name]]));
        const read = await this.call('GetItem', { TableName: tableName, Key: key, ConsistentRead: true });
        return { tableName, key, before: read.status === 200 ? (read.json.Item as Item | undefined) : undefined };
      }),
    );
  }

  /** Redoes the transaction's items one by one on the shadow tables and books the difference to what Local reported. */
  private queueRemeasure(caller: string, items: readonly Json[], images: readonly TransactionItemImage[], reported: { total: number; indexes: number }): void {
    this.remeasures = this.remeasures.then(async () => {
      let units = 0;
      let indexUnits = 0;
      for (const [at, entry] of items.entries()) {
        const image = images[at]!;
        const shadow = `${image.tableName}${SHADOW_SUFFIX}`;
        const [kind, operation] = Object.entries(entry)[0] as [string, Json];
        try {
          if (image.before) await this.call('PutItem', { TableName: shadow, Item: image.before });
          const alone = await this.call('TransactWriteItems', { TransactItems: [{ [kind]: { ...operation, TableName: shadow } }], ReturnConsumedCapacity: 'INDEXES' });
          if (alone.status !== 200) throw new Error(alone.text);
          const measured = capacityUnits(alone.json.ConsumedCapacity);
          traceUnits(caller, kind, image.key, measured);
          units += measured.total;
          indexUnits += measured.indexes;
        } catch {
          this.tally.remeasureFailures += 1;
          return; // keep what Local reported for this transaction
        } finally {
          await this.call('DeleteItem', { TableName: shadow, Key: image.key }).catch(() => undefined);
        }
      }
      this.count(caller, 'TransactWriteItems', { writeUnits: units - reported.total, indexWriteUnits: indexUnits - reported.indexes });
    });
  }

  private forward(headers: IncomingHttpHeaders, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    const { endpoint } = this.upstream!;
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          hostname: endpoint.hostname,
          port: endpoint.port,
          method: 'POST',
          path: '/',
          headers: { ...headers, host: endpoint.host, 'content-length': String(body.length) },
        },
        (reply) => {
          readAll(reply).then((replyBody) => resolve({ status: reply.statusCode ?? 502, headers: reply.headers, body: replyBody }), reject);
        },
      );
      upstream.setTimeout(UPSTREAM_TIMEOUT_MS, () => upstream.destroy(new Error(`DynamoDB Local did not answer within ${UPSTREAM_TIMEOUT_MS / 1000} s`)));
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  /** One JSON call straight to DynamoDB Local (never counted). */
  private async call(action: string, input: Json): Promise<{ status: number; text: string; json: Json }> {
    const response = await fetch(this.upstream!.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${action}`, authorization: LOCAL_AUTHORIZATION },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    const text = await response.text();
    let json: Json = {};
    try {
      json = text ? (JSON.parse(text) as Json) : {};
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, text, json };
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
