/**
 * The inventory's value at cost moves with every movement that changes a SKU's on hand, in the movement's own
 * transaction (shared/adapters/stock-ledger.ts, inventory-value.ts), against mocked DynamoDB: receipts, manual
 * adjustments and write-offs, cycle-count corrections, shipments, restocked returns (the receipts' path), and
 * revaluations when the unit cost changes; reservations and transfers move nothing.
 */
import { describe, expect, it } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { NOW, serveRows, SKU_L, SKU_M, stockRow } from '../orders/support';
import { mockedAws } from '../mocked-aws';
import { orderMovementItems, setUnitCost, startTransfer } from '../../../shared/adapters/stock-ledger';
import { adjustStock, receiveStockItems } from '../../../shared/adapters/inventory-repository';
import { recordCount } from '../../../shared/adapters/counts-repository';
import { valueShardOf } from '../../../shared/domain/inventory/inventory-value';
import type { TransactWriteItem } from '../../../shared/adapters/outbox';

const { ddb } = mockedAws(NOW);
const OLD_SKU = 'NW-OLD-1';
const EUR = (amount: number) => ({ amount, currency: 'EUR' });

/** A placed total with its Berlin record: M valued at 15.00, L at 20.00, OLD written before costs were kept. */
const rows = (m = { onHand: 20, reserved: 5 }) => [
  { ...stockRow(SKU_M, undefined, { ...m, available: m.onHand - m.reserved }), placed: true, unitCost: EUR(1500) },
  { ...stockRow(SKU_L, undefined, { onHand: 10, reserved: 2, available: 8 }), placed: true, unitCost: EUR(2000) },
  { ...stockRow(OLD_SKU, undefined, { onHand: 8, reserved: 0, available: 8 }), placed: true },
  ...[[SKU_M, m.onHand, m.reserved], [SKU_L, 10, 2], [OLD_SKU, 8, 0]].map(([sku, onHand, reserved]) => ({
    pk: `SKU#${sku}`, sk: 'STOCK#wh-berlin', entity: 'WarehouseStock', sku, warehouseId: 'wh-berlin', onHand, reserved, available: Number(onHand) - Number(reserved), inTransitIn: 0, updatedAt: NOW.toISOString(),
  })),
];

const isValueItem = (item: TransactWriteItem) => String(item.Update?.Key?.pk ?? '').startsWith('INVENTORY_VALUE#');
/** The value items of a list of items: `<pk> <currency> <change>`. */
const valueChanges = (items: readonly TransactWriteItem[]) => items.filter(isValueItem).map((item) => `${String(item.Update!.Key!.pk)} ${String(item.Update!.Key!.sk)} ${String(item.Update!.ExpressionAttributeValues![':change'])}`);
const written = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems as TransactWriteItem[]);
const shard = (ref: string) => `INVENTORY_VALUE#${valueShardOf(ref)}`;
const totalOf = (items: readonly TransactWriteItem[], sku: string) => items.find((item) => item.Update?.Key?.pk === `SKU#${sku}` && item.Update.Key.sk === 'STOCK')!.Update!;
const event = { source: 'commerce.inventory', detailType: 'StockAdjusted', detail: { summary: 'adjusted' } };

describe("the inventory's value at cost, in each movement's transaction", () => {
  it('a receipt or manual adjustment up adds Δ × unit cost, a write-off takes it away; the total is conditional on the cost read', async () => {
    serveRows(ddb, ...rows());
    ddb.on(TransactWriteCommand).resolves({});
    await adjustStock(SKU_M, 'wh-berlin', 4, { kind: 'ADJUST', actor: 'op-1', reason: 'FOUND', ref: 'adj-1' }, NOW, event, 'c-1');
    await adjustStock(SKU_M, 'wh-berlin', -3, { kind: 'ADJUST', actor: 'op-1', reason: 'DAMAGED', ref: 'adj-2' }, NOW, event, 'c-2');
    const [up, down] = written();
    expect(valueChanges(up!)).toEqual([`${shard('adj-1')} EUR 6000`]);
    expect(valueChanges(down!)).toEqual([`${shard('adj-2')} EUR -4500`]);
    expect(totalOf(up!, SKU_M)).toMatchObject({ ConditionExpression: expect.stringContaining('unitCost.amount = :costAmount AND unitCost.currency = :costCurrency'), ExpressionAttributeValues: { ':costAmount': 1500, ':costCurrency': 'EUR' } });
    // The event still follows the stock items (the route's refusal positions depend on it).
    expect(up!.at(-1)!.Put!.Item).toMatchObject({ detailType: 'StockAdjusted' });
  });

  it("a purchase order's receipt (and a return's restock, the same items) of several SKUs adds one merged change", async () => {
    serveRows(ddb, ...rows());
    const items = await receiveStockItems([{ sku: SKU_M, quantity: 2 }, { sku: SKU_L, quantity: 3 }], 'wh-berlin', { kind: 'RECEIVE', actor: 'picker', reason: 'purchase order po-1', ref: 'po-1/r-1' }, NOW);
    // 2 × 15.00 + 3 × 20.00 = 90.00, one item (a transaction may touch the value item once).
    expect(valueChanges(items as TransactWriteItem[])).toEqual([`${shard('po-1/r-1')} EUR 9000`]);
  });

  it("an order's shipment takes its lines' value away in the order's transaction; a reservation moves none", async () => {
    serveRows(ddb, ...rows());
    const ship = await orderMovementItems({ movement: 'ship', warehouseId: 'wh-berlin', lines: [{ sku: SKU_M, quantity: 2 }, { sku: SKU_L, quantity: 1 }, { sku: SKU_M, quantity: 1 }] }, 'order-1', NOW);
    expect('items' in ship && valueChanges(ship.items)).toEqual([`${shard('order-1')} EUR -6500`]);
    const reserve = await orderMovementItems({ movement: 'reserve', warehouseId: 'wh-berlin', lines: [{ sku: SKU_M, quantity: 2 }] }, 'order-2', NOW);
    expect('items' in reserve && valueChanges(reserve.items)).toEqual([]);
    // A reservation does not contend with a revaluation: no cost condition on it.
    expect('items' in reserve && totalOf(reserve.items, SKU_M).ConditionExpression).not.toContain('unitCost');
  });

  it('a cycle-count correction moves the value by its variance', async () => {
    serveRows(ddb, ...rows());
    ddb.on(TransactWriteCommand).resolves({});
    await recordCount(SKU_M, { warehouseId: 'wh-berlin', wholeSku: false }, undefined, () => ({ outcome: 'ADJUSTED', variance: -2, reason: 'counted 18', events: [] }), 'counter', undefined, NOW, 'c-3');
    expect(valueChanges(written()[0]!)).toEqual([`${shard(`count ${NOW.toISOString().slice(0, 10)}`)} EUR -3000`]);
  });

  it('a transfer between warehouses changes no total on hand: no value item', async () => {
    serveRows(ddb, ...rows());
    ddb.on(TransactWriteCommand).resolves({});
    const transfer = { transferId: 't-1', sku: SKU_M, from: 'wh-berlin', to: 'wh-lisbon', quantity: 4, reason: 'same-day', status: 'IN_TRANSIT' as const, requestedBy: 'op-1', requestedAt: NOW.toISOString() };
    expect(await startTransfer(transfer, NOW, 'c-4')).toBe('started');
    expect(valueChanges(written()[0]!)).toEqual([]);
  });

  it('stock written before costs were kept counts nothing (its movements move no value) until a cost is set', async () => {
    serveRows(ddb, ...rows());
    ddb.on(TransactWriteCommand).resolves({});
    await adjustStock(OLD_SKU, 'wh-berlin', 5, { kind: 'ADJUST', actor: 'op-1', reason: 'FOUND', ref: 'adj-3' }, NOW, event, 'c-5');
    expect(valueChanges(written()[0]!)).toEqual([]);
    expect(totalOf(written()[0]!, OLD_SKU).ConditionExpression).toContain('attribute_not_exists(unitCost)');
  });

  it('setting the unit cost revalues what is on hand, conditional on the on hand and cost read; the same cost again writes nothing', async () => {
    serveRows(ddb, ...rows());
    ddb.on(TransactWriteCommand).resolves({});
    expect(await setUnitCost(SKU_M, EUR(1800), NOW)).toBe('set');
    const [update, ...value] = written()[0]!;
    // 20 on hand × (18.00 − 15.00) = 60.00.
    expect(value.map((item) => item.Update!.ExpressionAttributeValues![':change'])).toEqual([6000]);
    expect(update!.Update).toMatchObject({ ConditionExpression: 'onHand = :onHand AND unitCost.amount = :costAmount AND unitCost.currency = :costCurrency', ExpressionAttributeValues: { ':onHand': 20, ':unitCost': EUR(1800) } });
    // A record without a cost gets one: its 8 units now count, 8 × 12.50 = 100.00.
    expect(await setUnitCost(OLD_SKU, EUR(1250), NOW)).toBe('set');
    expect(valueChanges(written()[1]!).map((change) => change.split(' ')[2])).toEqual(['10000']);
    expect(written()[1]![0]!.Update!.ConditionExpression).toBe('onHand = :onHand AND attribute_not_exists(unitCost)');
    expect(await setUnitCost(SKU_L, EUR(2000), NOW)).toBe('unchanged');
    expect(written()).toHaveLength(2);
  });
});
