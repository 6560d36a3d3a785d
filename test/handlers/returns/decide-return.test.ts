import { describe, expect, it } from 'vitest';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { context, httpEvent, parse, type Caller } from '../suppliers/support';
import { customer, NOW, orderRow, serveRows, SKU_M, storedOrder } from '../orders/support';
import { handler as decideReturn } from '../../../functions/returns/decide-return';
import { requestReturn } from '../../../shared/domain/returns/request';
import { DEFAULT_RETURN_RULES } from '../../../shared/domain/returns/rules';
import { emptyTally } from '../../../shared/domain/returns/tally';
import { mockedAws } from '../mocked-aws';

const { ddb, sfn } = mockedAws(NOW);

const RETURN_ID = '01J0000000000000000000000T';
const operator: Caller = { sub: 'op-olga', role: 'operator' };
const order = storedOrder('DELIVERED', { timeline: [{ at: '2030-07-01T18:00:00.000Z', status: 'DELIVERED' }] });
const waiting = requestReturn(order, { returnId: RETURN_ID, lines: [{ sku: SKU_M, quantity: 2 }], reason: 'DEFECTIVE', resolution: { type: 'REFUND' }, requestedBy: customer.sub, now: NOW }, { skus: new Map([[SKU_M, { categoryId: 'apparel', productId: 'prod-1', supplierId: 'sup-1' }]]), tally: emptyTally(order.orderId), customerReturnCount: 9, rules: DEFAULT_RETURN_RULES });
const returnRow = (waitToken?: string) => ({ pk: `RETURN#${RETURN_ID}`, sk: 'RETURN', entity: 'Return', ...waiting.next, version: 1, ...(waitToken ? { waitToken } : {}) });
const decide = (body: unknown, caller: Caller = operator) => decideReturn(httpEvent(caller, { method: 'POST', path: `/returns/${RETURN_ID}/decision`, pathParameters: { id: RETURN_ID }, body }), context).then(parse);

describe('POST /returns/{id}/decision', () => {
  it('rejects a waiting return in one transaction (the return, its tally letting the units go, the lists, ReturnRejected) and wakes the workflow with the status', async () => {
    serveRows(ddb, orderRow(order), returnRow('wait-token-1'), { pk: `ORDER_RETURNS#${order.orderId}`, sk: 'TALLY', ...waiting.tally, version: 1 });
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});

    const { status, body } = await decide({ decision: 'REJECT', reason: 'Worn and washed' });

    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'REJECTED', rejection: { by: 'op-olga', reason: 'Worn and washed' } });
    expect(JSON.stringify(body)).not.toContain('wait-token-1');
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((item) => item.Put?.Item ?? item.Delete?.Key)).toEqual(expect.arrayContaining([
      expect.objectContaining({ sk: 'RETURN', status: 'REJECTED', version: 2 }),
      expect.objectContaining({ sk: 'TALLY', heldUnits: { [SKU_M]: 0 } }),
      expect.objectContaining({ pk: 'RETURNS#REJECTED' }),
      expect.objectContaining({ pk: 'RETURNS#PENDING_APPROVAL' }),
      expect.objectContaining({ detailType: 'ReturnRejected' }),
    ]));
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input)).toEqual([{ taskToken: 'wait-token-1', output: JSON.stringify({ status: 'REJECTED' }) }]);
  });

  it('refuses a rejection without a reason (400) and a customer (403), writing nothing', async () => {
    serveRows(ddb, orderRow(order), returnRow('wait-token-1'));
    expect((await decide({ decision: 'REJECT' })).status).toBe(400);
    expect((await decide({ decision: 'APPROVE' }, customer)).status).toBe(403);
    expect(ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand))).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });
});
