/**
 * What the restock tests share: a low SKU (a live product of the demo supplier Nordwind, no stock, its safety
 * stock set to size the order), a RestockRequested event published through the outbox as the low-stock job
 * publishes it, deciding and receiving over HTTP as operators and the warehouse do, and reading purchase
 * orders, stock and executions as they are stored.
 */
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { restockRequested } from '../../shared/domain/inventory/events';
import type { TestCloud } from '../support/local-cloud';
import { WORKFLOW_WAIT, workflowProbe, type StoredRow } from '../support/workflow-probe';
import { apparelBody, listingHarness, NORDWIND } from './listing-harness';

type Row = StoredRow & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type RestockHarness = ReturnType<typeof restockHarness>;

export function restockHarness(cloud: TestCloud) {
  const probe = workflowProbe(cloud, 'restock');
  const listing = listingHarness(cloud);
  const readStock = async (sku: string) => (await probe.readRow(`SKU#${sku}`, 'STOCK')) as Row | undefined;
  // An execution's input never changes: each is described once.
  const skuOfExecution = new Map<string, string | undefined>();
  const readPurchaseOrder = async (purchaseOrderId: string) => (await probe.readRow(`PURCHASE_ORDER#${purchaseOrderId}`, 'PURCHASE_ORDER')) as Row | undefined;

  const harness = {
    ...probe,
    readStock,
    readPurchaseOrder,
    operatorToken: () => cloud.tokenFor('operator', { sub: 'buyer-bea' }),
    warehouseToken: () => cloud.tokenFor('warehouse', { sub: 'picker-pia' }),

    /**
     * A live Nordwind SKU (35.00 EUR a unit, MOQ 100, 21 days' lead time, AQL 2.5) with nothing on hand.
     * Its safety stock sizes the order: 10 (the default) orders the MOQ, 100 units = 3,500.00 EUR, within the
     * auto-approval limit; 200 orders 286 units = 10,010.00 EUR, for an operator to approve.
     */
    async lowSku(safetyStock = 10): Promise<string> {
      const body = apparelBody();
      const { productId } = await listing.list(NORDWIND, body);
      await listing.waitForRevision(productId, 1, 'PUBLISHED');
      const sku = body.skus[0]!.sku;
      await cloud.waitFor(() => readStock(sku), { ...WORKFLOW_WAIT, message: `the stock record of ${sku}` });
      await probe.documents.send(
        new UpdateCommand({ TableName: probe.tableName, Key: { pk: `SKU#${sku}`, sk: 'STOCK' }, UpdateExpression: 'SET safetyStock = :s', ExpressionAttributeValues: { ':s': safetyStock } }),
      );
      return sku;
    },

    /** A low SKU whose only supplier is SUSPENDED (a copy of Nordwind under a new id and owner, so the demo supplier and its owner's list stay as they are). */
    async suspendedSupplierSku(): Promise<string> {
      const sku = await harness.lowSku();
      const nordwind = await probe.readRow(`SUPPLIER#${NORDWIND.supplierId}`, 'PROFILE');
      const supplierId = ulid();
      await probe.documents.send(new PutCommand({ TableName: probe.tableName, Item: { ...nordwind, pk: `SUPPLIER#${supplierId}`, gsi1pk: 'SUPPLIERS#SUSPENDED', gsi2pk: `SUPPLIER_OWNER#suspended-${supplierId}`, ownerSub: `suspended-${supplierId}`, supplierId, status: 'SUSPENDED' } }));
      await probe.documents.send(
        new UpdateCommand({ TableName: probe.tableName, Key: { pk: `SKU#${sku}`, sk: 'STOCK' }, UpdateExpression: 'SET supplierId = :s', ExpressionAttributeValues: { ':s': supplierId } }),
      );
      return sku;
    },

    /** RestockRequested through the outbox, as the low-stock job writes it; the stream publishes it. */
    async requestRestock(sku: string): Promise<void> {
      const draft = restockRequested(sku);
      const eventId = ulid();
      await probe.documents.send(
        new PutCommand({
          TableName: probe.tableName,
          Item: {
            pk: `OUTBOX#${eventId}`,
            sk: 'OUTBOX',
            entity: 'OutboxEvent',
            source: draft.source,
            detailType: draft.detailType,
            detail: { ...draft.detail, eventId, occurredAt: new Date().toISOString(), correlationId: `restock-test-${eventId}` },
          },
        }),
      );
    },

    /** The purchase order the restock of `sku` raised, once it is `status` (and its wait, if any, holds a token). */
    purchaseOrderOf(sku: string, status: string, token?: 'approvalToken' | 'receiptToken'): Promise<Row> {
      return cloud.waitFor(
        async () => {
          const execution = await harness.executionOf(sku);
          const guard = (await probe.readRow(`RESTOCK#${execution.split(':').at(-1)}`, 'RESTOCK')) as Row | undefined;
          const order = guard && (await readPurchaseOrder(guard.purchaseOrderId));
          return order?.status === status && (!token || order[token]) ? order : undefined;
        },
        { ...WORKFLOW_WAIT, message: `the purchase order for ${sku} to be ${status}${token ? ` with its ${token}` : ''}` },
      );
    },

    /** The restock executions of `sku` (their input names the SKU), as an operator finds them with the CLI. */
    async executionsOf(sku: string): Promise<string[]> {
      const page = await probe.sfn.send(new ListExecutionsCommand({ stateMachineArn: probe.machine.arn, maxResults: 1000 }));
      const mine: string[] = [];
      for (const { executionArn } of page.executions ?? []) {
        if (!skuOfExecution.has(executionArn!)) {
          const described = await probe.sfn.send(new DescribeExecutionCommand({ executionArn }));
          skuOfExecution.set(executionArn!, JSON.parse(described.input ?? '{}').sku);
        }
        if (skuOfExecution.get(executionArn!) === sku) mine.push(executionArn!);
      }
      return mine;
    },

    /** The (first) restock execution of `sku`. */
    executionOf(sku: string): Promise<string> {
      return cloud.waitFor(async () => (await harness.executionsOf(sku))[0], { ...WORKFLOW_WAIT, message: `the restock execution of ${sku}` });
    },

    async decide(purchaseOrderId: string, approve: boolean, note?: string) {
      return cloud.api('POST', `/purchase-orders/${purchaseOrderId}/decision`, {
        token: await harness.operatorToken(),
        body: { approve, ...(note ? { note } : {}) },
        headers: { 'idempotency-key': ulid() },
      });
    },

    async receive(purchaseOrderId: string, lines: readonly { sku: string; quantity: number; defectsFound: number }[]) {
      return cloud.api('POST', `/purchase-orders/${purchaseOrderId}/receipts`, {
        token: await harness.warehouseToken(),
        body: { lines },
        headers: { 'idempotency-key': ulid() },
      });
    },

    /** An operator ends an order waiting for goods: cancelled (nothing came) or closed short. */
    async close(purchaseOrderId: string, reason: string) {
      return cloud.api('POST', `/purchase-orders/${purchaseOrderId}/close`, {
        token: await harness.operatorToken(),
        body: { reason },
        headers: { 'idempotency-key': ulid() },
      });
    },

    async finishedAs(executionArn: string) {
      const described = await probe.finished(executionArn);
      return { status: described.status, path: await probe.statePath(executionArn) };
    },
  };
  return harness;
}
