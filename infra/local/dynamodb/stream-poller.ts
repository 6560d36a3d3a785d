/**
 * Lambda's DynamoDB-stream event source, locally: polls the table streams of DynamoDB Local, builds the
 * records exactly as Lambda does, applies FilterCriteria, invokes in batches and honours
 * ReportBatchItemFailures, bisect-on-error, maximum retries and the on-failure destination.
 */
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { matchesPattern } from '../events/pattern';
import type { LambdaInvoker, LocalModel, LocalStreamMapping, TargetDispatcher } from '../model';
import { StreamCheckpoints, type ShardPosition } from './checkpoints';
import { toLambdaRecord, type LambdaStreamRecord } from './stream-record';

export interface StreamPollerOptions {
  readonly model: LocalModel;
  readonly dynamodb: DynamoDBClient;
  readonly dynamodbEndpoint: string;
  readonly lambda: LambdaInvoker;
  /** Delivers exhausted batches to the mapping's on-failure destination. */
  readonly dispatch: TargetDispatcher;
  readonly checkpointFile: string;
  readonly pollIntervalMs?: number;
  readonly logger?: { warn(message: string, data?: object): void };
}

interface ShardState {
  iterator?: string;
  finished: boolean;
}

const SHARD_REFRESH_MS = 1_000;

export class StreamPoller {
  private readonly streams: DynamoDBStreamsClient;
  private readonly checkpoints: StreamCheckpoints;
  private readonly loops: Promise<void>[] = [];
  private stopped = false;
  private readonly wakeUps = new Set<() => void>();

  constructor(private readonly options: StreamPollerOptions) {
    this.streams = new DynamoDBStreamsClient({
      endpoint: options.dynamodbEndpoint,
      region: options.model.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    this.checkpoints = new StreamCheckpoints(options.checkpointFile);
  }

  start(): void {
    for (const mapping of this.options.model.eventSourceMappings) {
      if (mapping.kind === 'stream') this.loops.push(this.pollMapping(mapping));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of [...this.wakeUps]) wake();
    await Promise.allSettled(this.loops);
    this.checkpoints.close();
    this.streams.destroy();
  }

  private async pollMapping(mapping: LocalStreamMapping): Promise<void> {
    const table = this.options.model.tables.find((candidate) => candidate.logicalId === mapping.tableLogicalId)!;
    let stream: { arn: string; positions: Record<string, ShardPosition> } | undefined;
    // The mapping's starting position applies to the shards open when it first ran; later shards start at their beginning.
    let initialShardIds: Set<string> | undefined;
    const shards = new Map<string, ShardState>();
    let knownShards: Shard[] = [];
    let refreshedAt = 0;
    while (!this.stopped) {
      try {
        if (!stream) {
          const { Table } = await this.options.dynamodb.send(new DescribeTableCommand({ TableName: table.name }));
          if (!Table?.LatestStreamArn) {
            this.options.logger?.warn(`table ${table.name} has no stream: mapping ${mapping.logicalId} is idle`);
            return;
          }
          const positions = this.checkpoints.shardsFor(mapping.logicalId, Table.LatestStreamArn);
          stream = { arn: Table.LatestStreamArn, positions };
          initialShardIds = Object.keys(positions).length === 0 ? undefined : new Set();
        }
        const { arn: streamArn, positions } = stream;
        if (Date.now() - refreshedAt > SHARD_REFRESH_MS) {
          knownShards = await this.listShards(streamArn);
          refreshedAt = Date.now();
          initialShardIds ??= new Set(knownShards.map((shard) => shard.ShardId!));
        }
        for (const shard of knownShards) {
          const shardId = shard.ShardId!;
          const state = shards.get(shardId) ?? { finished: positions[shardId]?.finished === true };
          shards.set(shardId, state);
          const parentPending = shard.ParentShardId && shards.has(shard.ParentShardId) && !shards.get(shard.ParentShardId)!.finished;
          if (state.finished || parentPending) continue;
          state.iterator ??= await this.iteratorFor(streamArn, shardId, positions[shardId]?.sequenceNumber, initialShardIds?.has(shardId) ? mapping.startingPosition : 'TRIM_HORIZON');
          await this.pollShard(mapping, table.arn, streamArn, shardId, state);
        }
      } catch (error) {
        // An iterator may be expired or ahead of what was delivered: start again from the checkpoint.
        for (const state of shards.values()) state.iterator = undefined;
        if (!this.stopped) this.options.logger?.warn(`stream poll for ${mapping.logicalId} failed`, { error: String(error) });
      }
      await this.sleep(this.options.pollIntervalMs ?? 100);
    }
  }

  /**
   * Delivers one GetRecords page. The checkpoint moves after each delivered batch and the iterator only
   * once the whole page is done, so a failure or a stop mid-page resumes right after the last batch handed over.
   */
  private async pollShard(mapping: LocalStreamMapping, tableArn: string, streamArn: string, shardId: string, state: ShardState): Promise<void> {
    const { Records = [], NextShardIterator } = await this.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }));
    const label = streamArn.split('/stream/')[1] ?? 'local';
    const records = Records.map((record) => toLambdaRecord(record as StreamRecord, `${tableArn}/stream/${label}`, this.options.model.region));
    const maxRetries = mapping.maximumRetryAttempts < 0 ? Number.POSITIVE_INFINITY : mapping.maximumRetryAttempts;
    let batch: LambdaStreamRecord[] = [];
    let delivered: string | undefined;
    for (const [index, record] of records.entries()) {
      const matches = mapping.filterPatterns.length === 0 || mapping.filterPatterns.some((pattern) => matchesPattern(pattern, record));
      if (matches) batch.push(record);
      const pageEnds = index === records.length - 1;
      if (batch.length === mapping.batchSize || (pageEnds && batch.length > 0)) {
        await this.deliver(mapping, shardId, batch, maxRetries, 1);
        if (this.stopped) return;
        batch = [];
        delivered = record.dynamodb.SequenceNumber;
        this.checkpoints.record(mapping.logicalId, shardId, { sequenceNumber: delivered });
      }
    }
    // Records filtered out at the page's end count as handled too (re-reading them after a crash delivers nothing).
    const lastSequence = records.at(-1)?.dynamodb.SequenceNumber;
    if (lastSequence && lastSequence !== delivered && !this.stopped) {
      this.checkpoints.record(mapping.logicalId, shardId, { sequenceNumber: lastSequence }, { lazily: true });
    }
    if (this.stopped) return;
    state.iterator = NextShardIterator;
    if (!NextShardIterator) {
      state.finished = true;
      this.checkpoints.record(mapping.logicalId, shardId, { finished: true });
    }
  }

  private async deliver(mapping: LocalStreamMapping, shardId: string, batch: LambdaStreamRecord[], retriesLeft: number, attempt: number): Promise<void> {
    if (this.stopped || batch.length === 0) return;
    let failedFrom = -1;
    let functionError: string | undefined;
    try {
      const result = await this.options.lambda.invoke(mapping.functionArn, { Records: batch });
      if (mapping.reportBatchItemFailures) failedFrom = firstReportedFailure(batch, result);
    } catch (error) {
      if (this.stopped) return;
      failedFrom = 0;
      functionError = error instanceof Error ? error.name : 'Unhandled';
    }
    if (failedFrom < 0) return;
    const remaining = batch.slice(failedFrom);
    if (retriesLeft <= 0) {
      await this.sendToOnFailure(mapping, shardId, remaining, attempt, functionError);
      return;
    }
    await this.sleep(Math.min(100 * 2 ** (attempt - 1), 2_000));
    if (mapping.bisectBatchOnFunctionError && functionError && remaining.length > 1) {
      const middle = Math.ceil(remaining.length / 2);
      await this.deliver(mapping, shardId, remaining.slice(0, middle), retriesLeft - 1, attempt + 1);
      await this.deliver(mapping, shardId, remaining.slice(middle), retriesLeft - 1, attempt + 1);
      return;
    }
    await this.deliver(mapping, shardId, remaining, retriesLeft - 1, attempt + 1);
  }

  private async sendToOnFailure(mapping: LocalStreamMapping, shardId: string, records: LambdaStreamRecord[], attempts: number, functionError?: string): Promise<void> {
    this.options.logger?.warn(`stream batch for ${mapping.functionArn} exhausted its retries`, { records: records.length });
    if (!mapping.onFailureArn) return;
    const first = records[0]!;
    const last = records.at(-1)!;
    // The invocation record Lambda sends to an on-failure destination for stream sources.
    const invocationRecord = {
      requestContext: { requestId: randomUUID(), functionArn: mapping.functionArn, condition: 'RetryAttemptsExhausted', approximateInvokeCount: attempts },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: functionError ?? 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: first.dynamodb.SequenceNumber,
        endSequenceNumber: last.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: new Date(first.dynamodb.ApproximateCreationDateTime * 1000).toISOString(),
        approximateArrivalOfLastRecord: new Date(last.dynamodb.ApproximateCreationDateTime * 1000).toISOString(),
        batchSize: records.length,
        streamArn: first.eventSourceARN,
      },
    };
    await this.options.dispatch(mapping.onFailureArn, JSON.stringify(invocationRecord));
  }

  private async listShards(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }));
      shards.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  private async iteratorFor(streamArn: string, shardId: string, afterSequence: string | undefined, start: 'TRIM_HORIZON' | 'LATEST'): Promise<string | undefined> {
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand(
        afterSequence
          ? { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: afterSequence }
          : { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: start },
      ),
    );
    return ShardIterator;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUps.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUps.add(done);
    });
  }
}

/** Index of the first record the function reported as failed (`batchItemFailures`), or -1. */
function firstReportedFailure(batch: LambdaStreamRecord[], result: unknown): number {
  const failures = (result as { batchItemFailures?: { itemIdentifier?: string }[] } | null)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return -1;
  const ids = new Set(failures.map((failure) => failure.itemIdentifier));
  const index = batch.findIndex((record) => ids.has(record.dynamodb.SequenceNumber));
  // An identifier that matches no record makes Lambda treat the whole batch as failed.
  return index < 0 ? 0 : index;
}
