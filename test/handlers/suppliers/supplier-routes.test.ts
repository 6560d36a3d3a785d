import { beforeEach, describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { context, httpEvent, operator, parse, SUPPLIER_ID, type Caller } from './support';
import { handler as getSupplier } from '../../../functions/suppliers/get-supplier';
import { handler as getScorecard } from '../../../functions/suppliers/get-scorecard';
import { handler as listSuppliers } from '../../../functions/suppliers/list-suppliers';
import { handler as setStanding } from '../../../functions/suppliers/set-standing';
import { DEMO_SUPPLIERS } from '../../../infra/local/seed';

const { ddb } = mockedAws();

const supplier = { ...DEMO_SUPPLIERS[0]!, supplierId: SUPPLIER_ID, ownerSub: 'owner-1' };
const owner: Caller = { sub: 'owner-1', role: 'supplier' };
const member: Caller = { sub: 'colleague', role: 'supplier', supplierId: SUPPLIER_ID };
const otherSupplier: Caller = { sub: 'owner-2', role: 'supplier', supplierId: '01J0000000000000000000000T' };
const customer: Caller = { sub: 'c-1', role: 'customer' };

const get = (fn: typeof getSupplier, caller: Caller, suffix = '') =>
  fn(httpEvent(caller, { method: 'GET', path: `/suppliers/${SUPPLIER_ID}${suffix}`, pathParameters: { id: SUPPLIER_ID } }), context).then(parse);

describe('GET /suppliers/{id} and /scorecard', () => {
  beforeEach(() => {
    ddb.on(GetCommand).resolves({ Item: { pk: `SUPPLIER#${SUPPLIER_ID}`, sk: 'PROFILE', ...supplier } });
    // The scorecard's weekly history: none scored yet.
    ddb.on(QueryCommand).resolves({ Items: [] });
  });

  it.each([
    ['operator', operator, 200],
    ['owner (same sub)', owner, 200],
    ['member (supplierId claim)', member, 200],
    ['another supplier (404, not 403)', otherSupplier, 404],
    ['a customer (role refused)', customer, 403],
  ] as const)('%s → %d', async (_name, caller, expected) => {
    expect((await get(getSupplier, caller)).status).toBe(expected);
    expect((await get(getScorecard, caller, '/scorecard')).status).toBe(expected);
  });

  it('shows terms but not the owner sub', async () => {
    const { body } = await get(getSupplier, owner);
    expect(body).toMatchObject({ supplierId: SUPPLIER_ID, terms: supplier.terms, status: 'APPROVED' });
    expect(body).not.toHaveProperty('ownerSub');
  });

  it('grades the supplier on its performance', async () => {
    const { body } = await get(getScorecard, operator, '/scorecard');
    expect(body).toMatchObject({ supplierId: SUPPLIER_ID, basis: 'PERFORMANCE', ordersCount: 48 });
    expect(['A', 'B', 'C', 'D']).toContain(body.grade);
  });
});

describe('GET /suppliers', () => {
  const listAs = (caller: Caller, query?: Record<string, string>) =>
    listSuppliers(httpEvent(caller, { method: 'GET', path: '/suppliers', query }), context).then(parse);

  it('lists approved suppliers by name for operators (GSI1)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [supplier] });
    const { status, body } = await listAs(operator);
    expect(status).toBe(200);
    expect(body.items).toHaveLength(1);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI1',
      ExpressionAttributeValues: { ':partition': 'SUPPLIERS#APPROVED' },
      ScanIndexForward: true,
    });
  });

  it('lists only their own for supplier users (GSI2 by owner)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await listAs(owner, { status: 'PROBATION' });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI2',
      ExpressionAttributeValues: { ':partition': 'SUPPLIER_OWNER#owner-1', ':status': 'PROBATION' },
    });
  });

  const supplierItem = { pk: `SUPPLIER#${SUPPLIER_ID}`, sk: 'PROFILE', ...supplier };
  const ids = (body: Record<string, unknown>) => (body.items as { supplierId: string }[]).map((item) => item.supplierId);

  it('includes the supplier a member user belongs to (GetItem by its custom:supplierId)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({ Item: supplierItem });
    const { status, body } = await listAs(member);
    expect(status).toBe(200);
    expect(ids(body)).toEqual([SUPPLIER_ID]);
    expect(body.items).toEqual([expect.not.objectContaining({ ownerSub: expect.anything() })]);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ pk: `SUPPLIER#${SUPPLIER_ID}`, sk: 'PROFILE' });
  });

  it('lists a supplier both owned and named in the token once', async () => {
    ddb.on(QueryCommand).resolves({ Items: [supplierItem] });
    ddb.on(GetCommand).resolves({ Item: supplierItem });
    const { body } = await listAs({ ...owner, supplierId: SUPPLIER_ID });
    expect(ids(body)).toEqual([SUPPLIER_ID]);
  });

  it("applies the status filter to the member's supplier too", async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({ Item: supplierItem });
    const { body } = await listAs(member, { status: 'SUSPENDED' });
    expect(body.items).toEqual([]);
  });

  it("adds the member's supplier after the last owned page, never before it", async () => {
    const lastKey = { pk: 'SUPPLIER#X', sk: 'PROFILE', gsi2pk: 'SUPPLIER_OWNER#colleague', gsi2sk: 'X' };
    ddb.on(QueryCommand).resolves({ Items: [], LastEvaluatedKey: lastKey });
    ddb.on(GetCommand).resolves({ Item: supplierItem });
    const first = await listAs(member, { limit: '1' });
    expect(first.body.items).toEqual([]);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);

    ddb.on(QueryCommand).resolves({ Items: [] });
    const last = await listAs(member, { limit: '1', nextToken: first.body.nextToken as string });
    expect(ids(last.body)).toEqual([SUPPLIER_ID]);
    expect(last.body.nextToken).toBeUndefined();
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(lastKey);
  });

  it('ignores a supplierId claim that names no supplier', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({});
    const { status, body } = await listAs(member);
    expect(status).toBe(200);
    expect(body.items).toEqual([]);
  });
});

describe('POST /suppliers/{id}/standing', () => {
  const post = (caller: Caller, body: unknown) => {
    const event = httpEvent(caller, { method: 'POST', path: `/suppliers/${SUPPLIER_ID}/standing`, pathParameters: { id: SUPPLIER_ID }, body });
    event.headers = { ...event.headers, 'idempotency-key': `standing-${Math.random()}` };
    return setStanding(event, context).then(parse);
  };
  const review = { openedAt: '2030-06-01T00:00:00.000Z', incidents: 10, windowDays: 30, skus: ['CC-BOWL-SAND'], lots: [] };

  it('closes a probation review by hand: APPROVED, the review marked, SupplierStandingChanged, conditional on the record read', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: `SUPPLIER#${SUPPLIER_ID}`, sk: 'PROFILE', ...supplier, status: 'PROBATION', standing: 'PROBATION', probationReview: review } });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const { status, body } = await post(operator, { standing: 'APPROVED', note: 'Batches replaced; QC passed twice' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ supplierId: SUPPLIER_ID, status: 'APPROVED' });
    const [put, event] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(put!.Put!.Item).toMatchObject({ status: 'APPROVED', standing: 'APPROVED', probationReview: { closedBy: operator.sub, outcome: 'APPROVED' } });
    expect(put!.Put!.ConditionExpression).toEqual(expect.any(String));
    expect(event!.Put!.Item).toMatchObject({ detailType: 'SupplierStandingChanged', detail: { from: 'PROBATION', to: 'APPROVED', manual: true, reviewClosed: true } });
  });

  it('refuses the same standing with no review open (409), a bad body (400) and anyone but an operator (403), writing nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: `SUPPLIER#${SUPPLIER_ID}`, sk: 'PROFILE', ...supplier } });
    ddb.on(PutCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    expect((await post(operator, { standing: 'APPROVED', note: 'nothing to do' })).body).toMatchObject({ status: 409, code: 'StandingUnchanged' });
    expect((await post(operator, { standing: 'PREFERRED', note: 'earned, not given' })).status).toBe(400);
    expect((await post(operator, { standing: 'SUSPENDED', note: '' })).status).toBe(400);
    expect((await post(owner, { standing: 'APPROVED', note: 'let me out' })).status).toBe(403);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
