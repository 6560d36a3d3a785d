import { describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockedAws } from '../mocked-aws';
import { context } from '../suppliers/support';
import { NOW, ORDER_ID, orderRow, productRow, serveRows, SKU_L, SKU_M, stockRow, storedOrder } from './support';
import { handler as allocateCarrier } from '../../../functions/orders/allocate-carrier';

const { ddb } = mockedAws(NOW);
const input = { orderId: ORDER_ID, correlationId: 'corr-1' };

/** The order as AllocateCarrier wrote it (one conditional write of the order item). */
const writtenOrder = () => {
  const put = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item ?? ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.find((item) => item.Put)?.Put?.Item;
  return put as Record<string, unknown> | undefined;
};

describe('allocate-carrier', () => {
  it('keeps the carrier the quote chose by the units\' weights and sizes, though another is cheaper by weight alone', async () => {
    // 960 g to Berlin: RheinPost is the cheapest by weight; the quote chose EuroLink (say, for a unit's size).
    serveRows(ddb, orderRow(storedOrder('PAYMENT_AUTHORIZED', { quotedCarrierId: 'eurolink' })));
    ddb.on(PutCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});

    await expect(allocateCarrier(input, context)).resolves.toMatchObject({ allocated: true, carrierId: 'eurolink' });
    expect(writtenOrder()).toMatchObject({ status: 'CARRIER_ALLOCATED', carrierId: 'eurolink' });
    // Nothing read from the catalogue (only the order, for the decision and for the conditional write): the quote's choice stands.
    expect(new Set(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key?.pk))).toEqual(new Set([`ORDER#${ORDER_ID}`]));
  });

  it('plans again from the catalogue when the order has no quoted carrier (placed before quotes kept one)', async () => {
    serveRows(ddb, orderRow(storedOrder('PAYMENT_AUTHORIZED', { quotedCarrierId: undefined })), stockRow(SKU_M), stockRow(SKU_L), productRow());
    ddb.on(PutCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});

    await expect(allocateCarrier(input, context)).resolves.toMatchObject({ allocated: true, carrierId: 'rheinpost' });
    expect(writtenOrder()).toMatchObject({ status: 'CARRIER_ALLOCATED', carrierId: 'rheinpost' });
    expect(writtenOrder()).not.toHaveProperty('plannedParcels');
  });
});
