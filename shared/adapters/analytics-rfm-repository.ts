/**
 * RFM cells and segments (shared/domain/analytics/rfm.ts): `RFM#<week>` / `F<f>#M<m>` (customers in the cell, `ADD`ed
 * in the transaction of the order that moves them), and the weekly job's `RFM#SEGMENTS` / `<weekStart>` items.
 */
import type { cellMoves, RfmCell, Segment } from '../domain/analytics/rfm';
import type { TransactWriteItem } from './outbox';
import { allPages, inBatches, tableAccess as table } from './table-access';

/** The `ADD`s of a customer's move between cells (in the functions' table unless named: the demo seed's). */
export const rfmCellUpdates = (moves: ReturnType<typeof cellMoves>, tableName = table.tableName()): TransactWriteItem[] =>
  moves.map(({ cell, add }) => ({
    Update: {
      TableName: tableName,
      Key: { pk: `RFM#${cell.week}`, sk: `F${cell.f}#M${cell.m}` },
      UpdateExpression: 'SET entity = :entity, week = :week, f = :f, m = :m ADD customers :add',
      ExpressionAttributeValues: { ':entity': 'RfmCell', ':week': cell.week, ':f': cell.f, ':m': cell.m, ':add': add },
    },
  }));

/** The cells of the weeks given (a key Query each). */
export async function rfmCells(weeks: readonly string[]): Promise<(RfmCell & { customers: number })[]> {
  const perWeek = await inBatches(weeks, (week) => allPages((page) => table.queryRange<RfmCell & { customers: number }>(`RFM#${week}`, 'F', 'F~', page)));
  return perWeek.flat();
}

export interface StoredSegments {
  readonly weekStart: string;
  readonly customers: Record<Segment, number>;
  /** Each week's recency score, to place one customer (absent on items written before segment offers). */
  readonly recencyByWeek?: Readonly<Record<string, number>>;
}

export async function saveSegments(segments: StoredSegments): Promise<void> {
  await table.write([{ Put: { TableName: table.tableName(), Item: { pk: 'RFM#SEGMENTS', sk: segments.weekStart, entity: 'RfmSegments', ...segments } } }]);
}

/** The newest segments computed on or before `weekStart`. */
export async function latestSegments(weekStart: string): Promise<StoredSegments | undefined> {
  return (await table.queryRange<StoredSegments>('RFM#SEGMENTS', '0000', weekStart, { limit: 1 }, { newestFirst: true })).items[0];
}
