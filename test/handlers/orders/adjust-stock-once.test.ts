import { describe, expect, it } from 'vitest';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { context, httpEvent, parse, type Caller } from '../suppliers/support';
import { NOW, serveRows, SKU_M, stockRow } from './support';
import { handler as adjustStock } from '../../../functions/inventory/adjust-stock';
import { requestHash } from '../../../shared/http/idempotency';
import { mockedAws } from '../mocked-aws';

const { ddb } = mockedAws(NOW);
const picker: Caller = { sub: 'picker-pia', role: 'warehouse' };
const body = { quantity: 5, reason: 'RECEIVED' };
const adjust = () => {
  const event = httpEvent(picker, { method: 'POST', path: `/inventory/${SKU_M}/adjustments`, pathParameters: { sku: SKU_M }, body });
  event.headers = { ...event.headers, 'idempotency-key': 'receipt-1' };
  return adjustStock(event, context).then(parse);
};
const guardKey = { pk: `CREATED#adjustStock#${picker.sub}#receipt-1`, sk: 'CREATED' };

describe('POST /inventory/{sku}/adjustments exactly once per key', () => {
  it('writes the key\'s creation guard in the adjustment\'s transaction', async () => {
    serveRows(ddb, stockRow(SKU_M));
    ddb.on(PutCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const { status } = await adjust();
    expect(status).toBe(200);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.at(-1)?.Put?.Item).toMatchObject({ ...guardKey, entity: 'CreationGuard' });
  });

  it('a retry whose first request adjusted and then died does not adjust again', async () => {
    serveRows(ddb, stockRow(SKU_M), { ...guardKey, resourceId: 'adj-1', requestHash: requestHash({ path: { sku: SKU_M }, body }), expiresAt: NOW.getTime() / 1000 + 3600 });
    ddb.on(PutCommand).resolves({});
    const { status } = await adjust();
    expect(status).toBe(200);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
