/**
 * Cycle counts end to end on the local cloud: the cycle-count-plan job lists today's SKUs (every live SKU of
 * an approved or probation supplier, classed by its year of sales, on its class's day), GET /inventory/counts shows them,
 * a count within tolerance adjusts the stock with its audit record, one far off asks ops for a recount
 * (RecountRequested on SNS ops-alerts) and changes nothing, and a negative count is refused writing nothing.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyAbc, dailyCountList } from '../../shared/domain/inventory/cycle-count';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { expectProblem, refusals } from '../support/refusals';
import { orderHarness, type OrderHarness } from '../workflows/order-harness';

let cloud: TestCloud;
let orders: OrderHarness;
let warehouse: string;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
  warehouse = await orders.warehouseToken();
});

const count = (lines: unknown) => ({ token: warehouse, body: { lines }, headers: { 'idempotency-key': ulid() } });

async function countList(date: string): Promise<{ sku: string; abcClass: string; counted: boolean; outcome?: string }[]> {
  const items = [];
  let nextToken: string | undefined;
  do {
    const page = await cloud.api('GET', `/inventory/counts?date=${date}&limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`, { token: warehouse });
    expect(page.status, page.text).toBe(200);
    items.push(...page.body.items);
    nextToken = page.body.nextToken;
  } while (nextToken);
  return items;
}

/** What the planner should list today, worked out from the whole table (a Scan is fine in a test). */
async function expectedList(date: string): Promise<string[]> {
  const items = await refusals(cloud).tableItems();
  const approved = new Set(items.filter((item) => item.entity === 'Supplier' && ['APPROVED', 'PROBATION'].includes(String(item.status))).map((item) => item.supplierId));
  const skus = items.filter((item) => item.sk === 'STOCK' && approved.has(item.supplierId)).map((item) => String(item.sku));
  const from = new Date(Date.parse(`${date}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  const valueOf = (sku: string) =>
    items.filter((item) => item.pk === `SKU#${sku}` && String(item.sk) >= `SALES#${from}` && String(item.sk) <= `SALES#${date}`).reduce((sum, item) => sum + Number(item.valueMinor ?? 0), 0);
  return dailyCountList(classifyAbc(skus.map((sku) => ({ sku, annualSalesValue: valueOf(sku) }))), date);
}

describe('cycle counts', () => {
  it("plans today's list, adjusts a count within tolerance with its audit, asks for a recount of one far off, and refuses a negative count", async () => {
    const sku = await orders.stockedSku(30);

    const firedAt = new Date().toISOString();
    await cloud.fireSchedule('cycle-count-plan');
    const run = await cloud.waitFor(
      async () => (await refusals(cloud).tableItems()).find((item) => item.sk === 'PLAN' && String(item.plannedAt) >= firedAt),
      { timeoutMs: 30_000, message: "the planner's run record" },
    );
    const date = String(run.date);
    const expected = await expectedList(date);
    expect(run).toMatchObject({ skus: expect.any(Number), listed: expected.length });
    expect(Number(run.skus)).toBeGreaterThan(0);
    // Most days nothing of a small catalogue is due (class C is counted once a year): the list then stays empty.
    const { listed } = await cloud.waitFor(async () => {
      const list = await countList(date);
      return expected.every((planned) => list.some((entry) => entry.sku === planned)) ? { listed: list } : undefined;
    }, { timeoutMs: 30_000, message: `today's count list to hold ${expected.join(', ')}` });
    for (const entry of listed) expect(['A', 'B', 'C']).toContain(entry.abcClass);

    const adjusted = await cloud.api('POST', '/inventory/counts', count([{ sku, counted: 29 }]));
    expect(adjusted.status, adjusted.text).toBe(200);
    expect(adjusted.body.lines).toMatchObject([{ sku, outcome: 'ADJUSTED', variance: -1, before: { onHand: 30, available: 30 }, after: { onHand: 29, available: 29 } }]);
    expect((await cloud.api('GET', `/inventory/${sku}`, { token: warehouse })).body).toMatchObject({ onHand: 29, available: 29 });
    const audits = (await refusals(cloud).tableItems()).filter((item) => item.pk === `SKU#${sku}` && String(item.sk).startsWith('AUDIT#') && item.kind === 'COUNT');
    expect(audits).toEqual([expect.objectContaining({ kind: 'COUNT', warehouseId: 'wh-berlin', before: { onHand: 30, reserved: 0 }, after: { onHand: 29, reserved: 0 }, delta: { onHand: -1, reserved: 0 }, actor: expect.any(String) })]);

    const farOff = await cloud.api('POST', '/inventory/counts', count([{ sku, counted: 5 }]));
    expect(farOff.status, farOff.text).toBe(200);
    expect(farOff.body.lines).toMatchObject([{ sku, outcome: 'RECOUNT', before: { onHand: 29 }, after: { onHand: 29 } }]);
    const recount = await cloud.waitFor(
      async () => cloud.snsMessages('ops-alerts').map((record) => JSON.parse(record.message) as { type: string; detail: { sku?: string } }).find((message) => message.type === 'RecountRequested' && message.detail.sku === sku),
      { timeoutMs: 30_000, message: `RecountRequested for ${sku} on ops-alerts` },
    );
    expect(recount.detail).toMatchObject({ sku, counted: 5, expected: 29 });
    expect((await cloud.api('GET', `/inventory/${sku}`, { token: warehouse })).body).toMatchObject({ onHand: 29 });

    const negative = await refusals(cloud).refusedWithoutWriting('POST', '/inventory/counts', count([{ sku, counted: 28 }, { sku: 'NW-MER-NAVY-M', counted: -1 }]));
    expectProblem(negative, 400, 'ValidationFailed');
  });
});
