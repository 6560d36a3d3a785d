/**
 * The unit-cost sync (the inventory value's backfill): every live supplier's stock records get their catalog unit
 * cost where they have none or another, what is on hand revalued in the same transaction; key queries only.
 */
import { describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockedAws } from '../mocked-aws';
import { NOW, stockRow } from '../orders/support';
import { handler } from '../../../functions/inventory/sync-unit-costs';

const { ddb } = mockedAws(NOW);
const EUR = (amount: number) => ({ amount, currency: 'EUR' });

describe('inventory-unit-costs', () => {
  it('sets the catalog cost on stock without one (its on hand starts to count) and on stock at another cost; leaves the rest', async () => {
    const stocks = [
      { ...stockRow('OLD', 'p-1', { onHand: 8, reserved: 0, available: 8 }), unitCost: undefined }, // from before costs were kept
      { ...stockRow('MOVED', 'p-1', { onHand: 20, reserved: 0, available: 20 }), unitCost: EUR(1500) }, // the cost step of a publish was lost
      { ...stockRow('SAME', 'p-1', { onHand: 5, reserved: 0, available: 5 }), unitCost: EUR(900) },
      stockRow('UNLISTED', 'p-2'), // no active product: left as it is
    ];
    const product = { pk: 'PRODUCT#p-1', sk: 'PRODUCT', productId: 'p-1', status: 'ACTIVE', live: { skus: [{ sku: 'OLD', unitCost: EUR(1250) }, { sku: 'MOVED', unitCost: EUR(1800) }, { sku: 'SAME', unitCost: EUR(900) }] } };
    ddb.on(QueryCommand).callsFake((input: { IndexName?: string; ExpressionAttributeValues: Record<string, string> }) => {
      const partition = input.ExpressionAttributeValues[':partition'];
      if (input.IndexName === 'GSI1') return { Items: partition === 'SUPPLIERS#APPROVED' ? [{ pk: 'SUPPLIER#sup-1', sk: 'PROFILE', supplierId: 'sup-1', status: 'APPROVED' }] : [] };
      return { Items: partition === 'SUPPLIER_STOCK#sup-1' ? stocks : partition === 'SUPPLIER_PRODUCTS#sup-1' ? [product] : [] };
    });
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({ Item: stocks.find((stock) => stock.pk === input.Key.pk && stock.sk === input.Key.sk) }));
    ddb.on(TransactWriteCommand).resolves({});

    expect(await handler()).toEqual({ suppliers: 1, skus: 4, set: 2, contention: 0 });
    const writes = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    const summary = writes.map(([stock, ...value]) => [stock!.Update!.Key!.pk, stock!.Update!.ExpressionAttributeValues![':unitCost'], value.map((item) => item.Update!.ExpressionAttributeValues![':change'])]);
    // OLD: 8 × 12.50 = +100.00; MOVED: 20 × (18.00 − 15.00) = +60.00.
    expect(summary).toEqual([
      ['SKU#OLD', EUR(1250), [10_000]],
      ['SKU#MOVED', EUR(1800), [6000]],
    ]);
  });
});
