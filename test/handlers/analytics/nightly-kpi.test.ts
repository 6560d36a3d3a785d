import { BatchWriteCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';

const { ddb } = mockedAws(new Date('2030-06-11T00:30:00.000Z'));
const { handler } = await import('../../../functions/analytics/nightly-kpi');

const DAY = '2030-06-10';
/** The day's counters as shard 3 holds them: two sessions, one order. */
const counters = [
  { pk: `DAY#${DAY}#3`, sk: 'TOTAL', dimension: 'TOTAL', day: DAY, sessions: 2, engagedSessions: 1, orders: 1, revenueMinor: 2000 },
  { pk: `DAY#${DAY}#3`, sk: 'SKU#MUG', dimension: 'SKU#MUG', day: DAY, views: 4, unitsSold: 1, revenueMinor: 2000 },
];

/** The day's ticket facts (customer service): two first responses, one late; a resolution met; a rating. */
const ticketFacts = [
  { pk: `SERVICE_FACTS#${DAY}`, sk: `${DAY}T09:00:00.000Z#t-1#FIRST_RESPONSE`, kind: 'FIRST_RESPONSE', ticketId: 't-1', agentId: 'agent-ana', at: `${DAY}T09:00:00.000Z`, minutes: 2, met: true },
  { pk: `SERVICE_FACTS#${DAY}`, sk: `${DAY}T10:00:00.000Z#t-2#FIRST_RESPONSE`, kind: 'FIRST_RESPONSE', ticketId: 't-2', agentId: 'agent-ana', at: `${DAY}T10:00:00.000Z`, minutes: 300, met: false },
  { pk: `SERVICE_FACTS#${DAY}`, sk: `${DAY}T11:00:00.000Z#t-1#RESOLVED`, kind: 'RESOLVED', ticketId: 't-1', agentId: 'agent-ana', at: `${DAY}T11:00:00.000Z`, minutes: 120, met: true },
  { pk: `SERVICE_FACTS#${DAY}`, sk: `${DAY}T12:00:00.000Z#t-1#RATED`, kind: 'RATED', ticketId: 't-1', agentId: 'agent-ana', at: `${DAY}T12:00:00.000Z`, score: 4 },
];

function tableWith(stored: Record<string, unknown> | undefined, facts: readonly Record<string, unknown>[] = []) {
  ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
    Items: input.ExpressionAttributeValues[':pk'] === `DAY#${DAY}#3` ? counters : input.ExpressionAttributeValues[':pk'] === `SERVICE_FACTS#${DAY}` ? facts : [],
  }));
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({ Item: input.Key.pk === `KPI#${DAY}` && input.Key.sk === 'CARD' ? stored : undefined }));
  ddb.on(BatchWriteCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
}

const readKeys = () => [
  ...ddb.commandCalls(QueryCommand).map((call) => `${call.args[0].input.IndexName ?? 'table'} ${Object.values(call.args[0].input.ExpressionAttributeValues ?? {}).join(' ')}`),
  ...ddb.commandCalls(GetCommand).map((call) => `get ${call.args[0].input.Key?.pk} ${call.args[0].input.Key?.sk}`),
];

describe('the nightly KPI job', () => {
  it("computes yesterday from the day's counters only: a Query per shard, the 28 trailing cards, the card a year before", async () => {
    tableWith(undefined);
    expect(await handler({ time: '2030-06-11T00:30:00Z' })).toMatchObject({ date: DAY, outcome: 'written', sessions: 2, orders: 1 });
    const reads = readKeys();
    expect(reads.filter((read) => read.startsWith('table DAY#'))).toHaveLength(16);
    expect(reads.filter((read) => read.startsWith('table DAY#')).every((read) => read.startsWith(`table DAY#${DAY}#`))).toBe(true);
    expect(reads).toContain('GSI1 KPI_CARDS 2030-05-13 2030-06-09');
    expect(reads).toContain('get KPI#2029-06-11 CARD');
    // Nothing else is read: the reads do not grow with history.
    expect(reads.filter((read) => !/^table DAY#|^GSI1 KPI_CARDS|^get KPI#|^get SKU#MUG STOCK|^table ANALYTICS#SETTINGS|^table RFM#SEGMENTS|^table SERVICE_FACTS#2030-06-10 |^get DEMAND_FORECAST#MUG ANALYTICS|^get ANALYTICS#LIVE_SKUS COUNT$|^get INVENTORY_VALUE#\d+ EUR$/.test(read))).toEqual([]);
    // The inventory's value at cost: a GetItem per shard, whatever the catalogue.
    expect(reads.filter((read) => read.startsWith('get INVENTORY_VALUE#'))).toHaveLength(16);
    const [write] = ddb.commandCalls(TransactWriteCommand);
    const [card, insights, digest] = write!.args[0].input.TransactItems!;
    expect(card?.Put?.Item).toMatchObject({ pk: `KPI#${DAY}`, sk: 'CARD', gsi1pk: 'KPI_CARDS', gsi1sk: DAY, traffic: { sessions: 2, bounceRate: 0.5 }, sales: { orders: 1, averageOrderValueMinor: 2000 } });
    expect(insights?.Put?.Item).toMatchObject({ pk: `KPI#${DAY}`, sk: 'INSIGHTS' });
    expect(digest?.Put?.Item).toMatchObject({ source: 'commerce.analytics', detailType: 'InsightsDigest' });
    expect(ddb.commandCalls(BatchWriteCommand)[0]!.args[0].input.RequestItems!.operations![0]!.PutRequest!.Item).toMatchObject({ pk: `KPI#${DAY}`, sk: 'SKU#MUG', views: 4 });
  });

  it("adds the day's units to each counted SKU's demand history and writes its forecast; a recompute writes the same item", async () => {
    tableWith(undefined);
    const stored = { pk: 'DEMAND_FORECAST#MUG', sk: 'ANALYTICS', sku: 'MUG', throughDay: '2030-06-08', units: Array(55).fill(1) };
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({ Item: input.Key.pk === 'DEMAND_FORECAST#MUG' ? stored : undefined }));
    expect(await handler({ time: '2030-06-11T00:30:00Z' })).toMatchObject({ forecasts: 1 });
    const written = () => ddb.commandCalls(BatchWriteCommand).flatMap((call) => call.args[0].input.RequestItems!.operations!).map((request) => request.PutRequest!.Item!).filter((item) => item.sk === 'ANALYTICS');
    const [item] = written();
    // 55 days of 1, 06-09 without counters (0), 06-10's 1 unit: 56 days, the oldest dropped.
    expect(item).toMatchObject({ pk: 'DEMAND_FORECAST#MUG', entity: 'SkuDemandForecast', throughDay: DAY, units: [...Array(54).fill(1), 0, 1] });
    expect(item).toMatchObject({ forecast: { method: 'HOLT', historyDays: 56 }, error: { evaluationDays: 14 } });
    ddb.reset();
    tableWith(undefined);
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({ Item: input.Key.pk === 'DEMAND_FORECAST#MUG' ? item : undefined }));
    await handler({ detail: { date: DAY } });
    expect(written()).toEqual([item]);
  });

  it('reads the live-SKU count for the SKU activity rate: 1 SKU sold of 4 live → 0.25, kept on a recompute; none counted yet → null', async () => {
    tableWith(undefined);
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({ Item: input.Key.pk === 'ANALYTICS#LIVE_SKUS' ? { live: 4 } : undefined }));
    await handler({ time: '2030-06-11T00:30:00Z' });
    const first = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    expect(first.products).toMatchObject({ skusSold: 1, liveSkus: 4, skuActivityRate: 0.25 });

    // Recomputed later, after more listings: the count the day was first computed with stays (the card is stable).
    ddb.reset();
    tableWith(undefined);
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({ Item: input.Key.pk === 'ANALYTICS#LIVE_SKUS' ? { live: 9 } : input.Key.pk === `KPI#${DAY}` && input.Key.sk === 'CARD' ? { ...first, traffic: { ...(first.traffic as object), sessions: 1 } } : undefined }));
    await handler({ detail: { date: DAY } });
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!.products).toMatchObject({ liveSkus: 4, skuActivityRate: 0.25 });
    ddb.reset();
    tableWith(undefined);
    await handler({ time: '2030-06-11T00:30:00Z' });
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!.products).toMatchObject({ skuActivityRate: null });
  });

  it("puts the day's customer service on the card from its ticket facts, and null on a day without tickets", async () => {
    tableWith(undefined, ticketFacts);
    await handler({ time: '2030-06-11T00:30:00Z' });
    const card = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    // Attainment: 2 of 3 stopped clocks within target; p50 of 2 and 300 minutes by nearest rank is 2, p90 300.
    expect(card.service).toEqual({ firstResponses: 2, firstResponseMinutesP50: 2, firstResponseMinutesP90: 300, resolutions: 1, slaAttainment: 0.667, reopenRate: 0, ratings: 1, csatAverage: 4 });
    ddb.reset();
    tableWith(undefined);
    await handler({ time: '2030-06-11T00:30:00Z' });
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!.service).toBeNull();
  });

  it('writes nothing more when run again on the same counters (the card is already as computed)', async () => {
    tableWith(undefined);
    await handler({ time: '2030-06-11T00:30:00Z' });
    const written = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    ddb.reset();
    tableWith(written);
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({
      Item: input.Key.sk === 'CARD' && input.Key.pk === `KPI#${DAY}` ? written : input.Key.sk === 'INSIGHTS' ? { items: [] } : undefined,
    }));
    expect(await handler({ detail: { date: DAY } })).toMatchObject({ date: DAY, outcome: 'unchanged' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it("records the inventory's value at cost (its shards summed) and computes turnover against the day's average value; a recompute keeps the value", async () => {
    // Cost of goods sold 1,200.00; the shards hold 30,000.00 + 19,000.00 = 49,000.00 at the close; the day before
    // closed at 47,000.00: average 48,000.00 → 1,200 / 48,000 × 365 = 9.125 ≈ 9.13 turns a year, 40 days of inventory.
    const shards: Record<string, number> = { 'INVENTORY_VALUE#2': 3_000_000, 'INVENTORY_VALUE#5': 1_900_000 };
    const dayBefore = { pk: 'KPI#2030-06-09', sk: 'CARD', date: '2030-06-09', traffic: { sessions: 2 }, sales: { orders: 1, revenueMinor: 2000 }, products: { inventoryAtCostMinor: 4_700_000 }, anomalies: [] };
    const table = (stored: Record<string, unknown> | undefined, value: Record<string, number>, before: readonly Record<string, unknown>[] = [dayBefore]) => {
      tableWith(stored);
      ddb.on(QueryCommand).callsFake((input: { IndexName?: string; ExpressionAttributeValues: Record<string, string> }) => ({
        Items: input.IndexName === 'GSI1' ? before : input.ExpressionAttributeValues[':pk'] === `DAY#${DAY}#3` ? [{ ...counters[0], costedRevenueMinor: 200_000, costMinor: 120_000 }, counters[1]] : [],
      }));
      ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({
        Item: input.Key.sk === 'EUR' && value[input.Key.pk] !== undefined ? { valueMinor: value[input.Key.pk] } : input.Key.pk === `KPI#${DAY}` && input.Key.sk === 'CARD' ? stored : undefined,
      }));
    };
    table(undefined, shards);
    await handler({ time: '2030-06-11T00:30:00Z' });
    const card = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    expect(card.products).toMatchObject({ inventoryAtCostMinor: 4_900_000, inventoryTurnover: 9.13, daysOfInventory: 40 });

    // Recomputed a week later, the stock having moved on (the shards now say 60,000.00): the day keeps its value.
    ddb.reset();
    table(card, { 'INVENTORY_VALUE#0': 6_000_000 });
    await handler({ detail: { date: DAY } });
    const again = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems![0]!.Put!.Item!).filter((item) => item.sk === 'CARD');
    expect(again.map((item) => item.products)).toEqual(again.length > 0 ? [card.products] : []);

    // No value known (no shard, or nothing with a cost; no card before): turnover null, not 0.
    ddb.reset();
    table(undefined, {}, []);
    await handler({ time: '2030-06-11T00:30:00Z' });
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!.products).toMatchObject({ inventoryAtCostMinor: 0, inventoryTurnover: null, daysOfInventory: null });
  });

  it('refuses to compute a day that is not over, or not a date', async () => {
    tableWith(undefined);
    await expect(handler({ detail: { date: '2030-06-11' } })).rejects.toMatchObject({ code: 'ValidationFailed' });
    await expect(handler({ detail: { date: 'yesterday' } })).rejects.toMatchObject({ code: 'ValidationFailed' });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('KPI anomalies', () => {
  /** 28 trailing cards of ~100 sessions and ~10 orders a day. */
  const trailing = Array.from({ length: 28 }, (_, i) => {
    const date = new Date(Date.parse(`${DAY}T00:00:00Z`) - (28 - i) * 86_400_000).toISOString().slice(0, 10);
    const sessions = 100 + (i % 3);
    return { pk: `KPI#${date}`, sk: 'CARD', date, traffic: { sessions, bounceRate: 0.5, conversionRate: 0.1 }, sales: { orders: 10, revenueMinor: 20_000, averageOrderValueMinor: 2000, marginRate: null }, anomalies: [] };
  });

  it('raises KpiAnomaly for a KPI outside its trailing-28-day band, once however often the day is recomputed', async () => {
    tableWith(undefined);
    ddb.on(QueryCommand).callsFake((input: { IndexName?: string; ExpressionAttributeValues: Record<string, string> }) => ({
      Items: input.IndexName === 'GSI1' ? trailing : input.ExpressionAttributeValues[':pk'] === `DAY#${DAY}#3` ? counters : [],
    }));
    expect(await handler({ time: '2030-06-11T00:30:00Z' })).toMatchObject({ anomalies: 4 });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const raised = items.filter((item) => item.Put?.Item?.detailType === 'KpiAnomaly').map((item) => item.Put!.Item!.detail as { kpi: string; direction: string });
    // 2 sessions and 1 order against ~100 and 10: sessions, orders and revenue fell below their bands and conversion
    // rose above; bounce (0.5) and the average order (20.00) are where they always are.
    expect(raised.map(({ kpi, direction }) => `${kpi} ${direction}`)).toEqual(['sessions below', 'conversionRate above', 'orders below', 'revenueMinor below']);
    const card = items[0]!.Put!.Item!;

    // Recomputed (say a late event changed a counter): the card is written again, no anomaly raised twice.
    ddb.reset();
    tableWith(undefined);
    ddb.on(QueryCommand).callsFake((input: { IndexName?: string; ExpressionAttributeValues: Record<string, string> }) => ({
      Items: input.IndexName === 'GSI1' ? trailing : input.ExpressionAttributeValues[':pk'] === `DAY#${DAY}#3` ? counters : [],
    }));
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({ Item: input.Key.pk === `KPI#${DAY}` && input.Key.sk === 'CARD' ? { ...card, traffic: { ...(card.traffic as object), sessions: 1 } } : undefined }));
    await handler({ detail: { date: DAY } });
    const again = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(again.filter((item) => item.Put?.Item?.detailType === 'KpiAnomaly')).toEqual([]);
  });

  it('a backfill (the demo seed, a migration) writes the card with its anomalies but raises neither alerts nor the digest', async () => {
    tableWith(undefined);
    ddb.on(QueryCommand).callsFake((input: { IndexName?: string; ExpressionAttributeValues: Record<string, string> }) => ({
      Items: input.IndexName === 'GSI1' ? trailing : input.ExpressionAttributeValues[':pk'] === `DAY#${DAY}#3` ? counters : [],
    }));
    expect(await handler({ detail: { date: DAY, backfill: true } })).toMatchObject({ outcome: 'written', anomalies: 4 });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((item) => item.Put?.Item?.sk)).toEqual(['CARD', 'INSIGHTS']);
    expect(items[0]!.Put!.Item!).toMatchObject({ backfilled: true });
    expect(items[0]!.Put!.Item!.anomalies).toHaveLength(4);

    // The first run after it (the walkthrough's, the schedule's) raises what is due: the anomalies and the digest.
    const backfilled = items[0]!.Put!.Item!;
    ddb.reset();
    tableWith(backfilled);
    ddb.on(QueryCommand).callsFake((input: { IndexName?: string; ExpressionAttributeValues: Record<string, string> }) => ({
      Items: input.IndexName === 'GSI1' ? trailing : input.ExpressionAttributeValues[':pk'] === `DAY#${DAY}#3` ? counters : [],
    }));
    expect(await handler({ detail: { date: DAY } })).toMatchObject({ outcome: 'written' });
    const live = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(live[0]!.Put!.Item!.backfilled).toBeUndefined();
    expect(live.filter((item) => item.Put?.Item?.detailType === 'KpiAnomaly')).toHaveLength(4);
    expect(live.filter((item) => item.Put?.Item?.detailType === 'InsightsDigest')).toHaveLength(1);
  });
});
