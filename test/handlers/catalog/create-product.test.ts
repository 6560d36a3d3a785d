import { beforeEach, describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { context, httpEvent, operator, parse, type Caller } from '../suppliers/support';
import { apparel, categoryRow, COSTA, nordwindUser, NORDWIND, NOW, serveRows, supplierRow } from './support';
import { handler as createProduct } from '../../../functions/catalog/create-product';
import { apparelBody } from '../../workflows/listing-harness';

const { ddb } = mockedAws(NOW);

const createAs = (caller: Caller, body: unknown) =>
  createProduct(httpEvent(caller, { method: 'POST', path: '/products', body }), context).then(parse);

const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand));

describe('POST /products', () => {
  beforeEach(() => serveRows(ddb, supplierRow(NORDWIND), supplierRow(COSTA), categoryRow(apparel)));

  it('stores the DRAFT product, a SKU and a barcode guard per SKU and ProductSubmittedForReview in ONE transaction (202)', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const body = apparelBody();
    const { status, body: view } = await createAs(nordwindUser, body);

    expect(status).toBe(202);
    expect(view).toMatchObject({
      supplierId: NORDWIND.supplierId,
      categoryId: 'apparel',
      status: 'DRAFT',
      latest: { revision: 1, status: 'DRAFT', reason: 'NEW_PRODUCT', submittedBy: NORDWIND.ownerSub, content: body.content },
      createdAt: NOW.toISOString(),
    });
    expect(view).not.toHaveProperty('version');
    const productId = String(view.productId);
    expect(productId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(writes()).toHaveLength(1);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const [sku0, sku1] = body.skus;
    expect(items).toHaveLength(6);

    expect(items[0]!.Put).toMatchObject({
      TableName: 'operations',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `PRODUCT#${productId}`,
        sk: 'PRODUCT',
        version: 1,
        status: 'DRAFT',
        supplierId: NORDWIND.supplierId,
        gsi2pk: `SUPPLIER_PRODUCTS#${NORDWIND.supplierId}`,
        latest: { revision: 1, status: 'DRAFT', skus: body.skus },
      },
    });
    const guards = items.slice(1, 5).map((item) => ({
      key: `${String(item.Put!.Item!.pk)}|${String(item.Put!.Item!.sk)}`,
      condition: item.Put!.ConditionExpression,
      productId: item.Put!.Item!.productId,
    }));
    expect(guards).toEqual([
      { key: `SKU#${sku0!.sku}|SKU`, condition: 'attribute_not_exists(pk)', productId },
      { key: `BARCODE#${sku0!.barcode}|BARCODE`, condition: 'attribute_not_exists(pk)', productId },
      { key: `SKU#${sku1!.sku}|SKU`, condition: 'attribute_not_exists(pk)', productId },
      { key: `BARCODE#${sku1!.barcode}|BARCODE`, condition: 'attribute_not_exists(pk)', productId },
    ]);
    expect(items[5]!.Put!.Item).toMatchObject({
      pk: expect.stringMatching(/^OUTBOX#/),
      source: 'commerce.catalog',
      detailType: 'ProductSubmittedForReview',
      detail: { productId, supplierId: NORDWIND.supplierId, categoryId: 'apparel', revision: 1, reason: 'NEW_PRODUCT', correlationId: 'corr-1' },
    });
  });

  it('lets an operator list on a supplier’s behalf', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const { status, body } = await createAs(operator, { ...apparelBody(), supplierId: COSTA.supplierId });
    expect(status).toBe(202);
    expect(body.supplierId).toBe(COSTA.supplierId);
  });

  it('answers 400 with field errors for a bad body, without touching DynamoDB', async () => {
    const body = apparelBody();
    const { status, body: problem } = await createAs(nordwindUser, {
      ...body,
      skus: [{ ...body.skus[0]!, barcode: '4006381333932' }, body.skus[0]],
      surprise: true,
    });
    expect(status).toBe(400);
    const fields = (problem.errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['skus.0.barcode', 'skus.1.sku']));
    expect(JSON.stringify(problem.errors)).toContain('surprise');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 422 UnknownCategory when the category does not exist, writing nothing', async () => {
    const { status, body } = await createAs(nordwindUser, { ...apparelBody(), categoryId: 'garden' });
    expect(status).toBe(422);
    expect(body).toMatchObject({ code: 'UnknownCategory', errors: [{ field: 'categoryId' }] });
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toContainEqual({ pk: 'CATEGORY#garden', sk: 'CATEGORY' });
    expect(writes()).toHaveLength(0);
  });

  it('answers 422 MissingRequiredSpecs with a field error per missing spec (blank counts), writing nothing', async () => {
    const body = apparelBody();
    const { status, body: problem } = await createAs(nordwindUser, {
      ...body,
      content: { ...body.content, specs: { material: '100% merino wool', care: '  ' } },
    });
    expect(status).toBe(422);
    expect(problem.code).toBe('MissingRequiredSpecs');
    expect((problem.errors as { field: string }[]).map((error) => error.field)).toEqual(['content.specs.care', 'content.specs.fit']);
    expect(writes()).toHaveLength(0);
  });

  it('refuses (403) a supplier user listing for another supplier, writing nothing', async () => {
    const { status, body } = await createAs(nordwindUser, { ...apparelBody(), supplierId: COSTA.supplierId });
    expect(status).toBe(403);
    expect(body.code).toBe('Forbidden');
    expect(writes()).toHaveLength(0);
  });

  it('refuses (403) to list for a suspended supplier', async () => {
    serveRows(ddb, supplierRow({ ...NORDWIND, status: 'SUSPENDED' }), categoryRow(apparel));
    expect((await createAs(nordwindUser, apparelBody())).status).toBe(403);
    expect(writes()).toHaveLength(0);
  });

  it('answers 409 DuplicateSku on the field whose guard tripped (the 2nd SKU’s barcode)', async () => {
    const cancelled = Object.assign(new Error('Transaction cancelled'), {
      name: 'TransactionCanceledException',
      // [product, sku 0, barcode 0, sku 1, barcode 1, outbox]
      CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
    });
    ddb.on(TransactWriteCommand).rejects(cancelled);
    const body = apparelBody();
    const { status, body: problem } = await createAs(nordwindUser, body);
    expect(status).toBe(409);
    expect(problem).toMatchObject({ code: 'DuplicateSku', errors: [{ field: 'skus.1.barcode' }] });
    expect(String(problem.detail)).toContain(body.skus[1]!.barcode);
  });
});
