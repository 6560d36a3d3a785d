/**
 * What the order tests share: a stocked SKU (a preferred supplier's product, auto-published, then units
 * received over HTTP), placing orders as customers, packing as the warehouse, signed carrier webhooks,
 * and reading orders, stock and executions as they are stored.
 */
import { DescribeExecutionCommand, ListExecutionsCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { ulid } from 'ulid';
import { signTimestamped } from '../../shared/http/auth';
import { localCarrierWebhookSecret } from '../../infra/stacks/settings';
import type { TestCloud } from '../support/local-cloud';
import { WORKFLOW_WAIT, workflowProbe, type StoredRow } from '../support/workflow-probe';
import { apparelBody, listingHarness, NORDWIND } from './listing-harness';
import { withBodyExpanded } from '../../shared/adapters/compressed-body';

/** Sandbox payment tokens (docs/orders.md, "Sandbox test tokens"). */
export const CARDS = {
  approve: 'tok_approve',
  decline: 'tok_decline',
  insufficientFunds: 'tok_insufficient_funds',
  timeout: 'tok_timeout',
  processorError: 'tok_processor_error',
} as const;

export const BERLIN = { name: 'Ada Lovelace', line1: 'Invalidenstraße 116', city: 'Berlin', postalCode: '10115', country: 'DE' };

export type OrderHarness = ReturnType<typeof orderHarness>;

export interface PlaceOptions {
  readonly card?: string;
  readonly token?: string;
  readonly key?: string;
  readonly serviceLevel?: string;
  readonly address?: typeof BERLIN;
}
type Row = StoredRow & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function orderHarness(cloud: TestCloud) {
  const probe = workflowProbe(cloud, 'order-fulfilment');
  const listing = listingHarness(cloud);
  /** The order item as the repository reads it (its compressed body expanded). */
  const readOrder = async (orderId: string) => {
    const row = await probe.readRow(`ORDER#${orderId}`, 'ORDER');
    return (row ? withBodyExpanded(row) : undefined) as Row | undefined;
  };
  const readStock = async (sku: string) => (await probe.readRow(`SKU#${sku}`, 'STOCK')) as Row | undefined;
  // An execution's input never changes: each is described once, however many orders the cloud has run.
  const orderOfExecution = new Map<string, string | undefined>();

  const harness = {
    ...probe,
    readOrder,
    readStock,
    customerToken: (sub = `customer-${ulid().toLowerCase()}`) => cloud.tokenFor('customer', { sub }),
    warehouseToken: () => cloud.tokenFor('warehouse', { sub: 'picker-pia' }),

    /** A live SKU with `units` on hand (its product listed by the preferred demo supplier). */
    async stockedSku(units: number): Promise<string> {
      const body = apparelBody();
      const { productId } = await listing.list(NORDWIND, body);
      await listing.waitForRevision(productId, 1, 'PUBLISHED');
      const sku = body.skus[0]!.sku;
      await harness.adjustStock(sku, units, 'RECEIVED');
      return sku;
    },

    /** POST /inventory/{sku}/adjustments as the warehouse: `quantity` units in (or out, negative) for `reason`. */
    async adjustStock(sku: string, quantity: number, reason: string): Promise<void> {
      const adjusted = await cloud.api('POST', `/inventory/${sku}/adjustments`, {
        token: await harness.warehouseToken(),
        body: { quantity, reason },
        headers: { 'idempotency-key': ulid() },
      });
      if (adjusted.status !== 200) throw new Error(`adjusting ${sku} answered ${adjusted.status}: ${adjusted.text}`);
    },

    /**
     * POST /orders as a customer (an Idempotency-Key of its own unless given). Pushed back with 429 (the
     * gateway's back-pressure: nothing was done), it waits `Retry-After` and sends the same request again,
     * as docs/api.md tells clients to.
     */
    async place(
      lines: readonly { sku: string; quantity: number }[],
      options: PlaceOptions = {},
    ) {
      const request = {
        token: options.token ?? (await harness.customerToken()),
        body: { lines, shippingAddress: options.address ?? BERLIN, serviceLevel: options.serviceLevel ?? 'STANDARD', paymentMethod: options.card ?? CARDS.approve },
        headers: { 'idempotency-key': options.key ?? ulid() },
      };
      for (let attempt = 1; ; attempt++) {
        const response = await cloud.api('POST', '/orders', request);
        if (response.status !== 429 || attempt >= 30) return response;
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000 * Math.random()));
      }
    },

    async placed(lines: readonly { sku: string; quantity: number }[], options: PlaceOptions = {}): Promise<string> {
      const response = await harness.place(lines, options);
      if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}: ${response.text}`);
      return response.body.orderId as string;
    },

    waitForStatus(orderId: string, status: string): Promise<Row> {
      return cloud.waitFor(
        async () => {
          const row = await readOrder(orderId);
          return row?.status === status ? row : undefined;
        },
        { ...WORKFLOW_WAIT, message: `order ${orderId} to be ${status}` },
      );
    },

    /**
     * Waits until the order's listing (what GET /orders and the sweeper read) shows `status`: it follows the order
     * from the table stream (shared/adapters/order-projections.ts), as an index follows its table.
     */
    listedAs(orderId: string, status: string): Promise<Row> {
      return cloud.waitFor(
        async () => {
          const row = await probe.readRow(`ORDER#${orderId}`, 'LISTING');
          return row?.status === status ? row : undefined;
        },
        { ...WORKFLOW_WAIT, message: `order ${orderId} to be listed ${status}` },
      );
    },

    /** Waits until the order's parcel-due entry (the sweeper's overdue check, in GSI3) is there, or gone (none, or a tombstone in no index). */
    async parcelDue(orderId: string, due: boolean): Promise<void> {
      await cloud.waitFor(async () => ((await probe.readRow(`ORDER#${orderId}`, 'PARCEL_DUE'))?.gsi3pk !== undefined) === due || undefined, {
        ...WORKFLOW_WAIT,
        message: `order ${orderId}'s parcel-due entry to be ${due ? 'there' : 'gone'}`,
      });
    },

    /** Waits until the warehouse can pack the order (the wait step stored its token). */
    awaitingPacking(orderId: string): Promise<Row> {
      return cloud.waitFor(
        async () => {
          const row = await readOrder(orderId);
          return row?.status === 'AWAITING_PACKING' && row.packingToken ? row : undefined;
        },
        { ...WORKFLOW_WAIT, message: `order ${orderId} to await packing` },
      );
    },

    async pack(orderId: string) {
      return cloud.api('POST', `/orders/${orderId}/packed`, {
        token: await harness.warehouseToken(),
        body: { weightGrams: 700, dimensions: { lengthMm: 300, widthMm: 250, heightMm: 80 } },
        headers: { 'idempotency-key': ulid() },
      });
    },

    /** A carrier's tracking update, signed as the carrier signs it. */
    async track(carrierId: string, update: { eventId?: string; trackingNumber: string; status: string; occurredAt?: string; description?: string }, secret = localCarrierWebhookSecret(carrierId), signedAt = Math.floor(Date.now() / 1000)) {
      const body = JSON.stringify({ eventId: update.eventId ?? ulid(), occurredAt: update.occurredAt ?? new Date().toISOString(), ...update });
      return cloud.api('POST', `/carrier-webhooks/${carrierId}`, {
        body,
        headers: { 'content-type': 'application/json', 'x-signature-timestamp': String(signedAt), 'x-signature': `sha256=${signTimestamped(secret, signedAt, body)}` },
      });
    },

    /** The execution working on the order (found by its input, as an operator would with the CLI). */
    executionOf(orderId: string): Promise<string> {
      return cloud.waitFor(
        async () => {
          let nextToken: string | undefined;
          do {
            const page = await probe.sfn.send(new ListExecutionsCommand({ stateMachineArn: probe.machine.arn, maxResults: 1000, nextToken }));
            for (const { executionArn } of page.executions ?? []) {
              if (!orderOfExecution.has(executionArn!)) {
                const described = await probe.sfn.send(new DescribeExecutionCommand({ executionArn }));
                orderOfExecution.set(executionArn!, JSON.parse(described.input ?? '{}').orderId);
              }
              if (orderOfExecution.get(executionArn!) === orderId) return executionArn;
            }
            nextToken = page.nextToken;
          } while (nextToken);
          return undefined;
        },
        { ...WORKFLOW_WAIT, message: `the execution of order ${orderId}` },
      );
    },

    /**
     * The states each run of the order's Express child `order-shipping` entered (the parent starts one, and one
     * more after a restart or a redrive), oldest first; the child's input carries the order id.
     */
    async childRuns(orderId: string, childName: 'order-shipping'): Promise<string[][]> {
      const runs: string[][] = [];
      for (const { executionArn } of await harness.childExecutions(orderId, childName)) runs.push(await probe.statePath(executionArn!));
      return runs;
    },

    /** The order's executions of one of its Express children, described, oldest first (the child's input carries the order id). */
    async childExecutions(orderId: string, childName: string): Promise<DescribeExecutionCommandOutput[]> {
      const child = cloud.model.stateMachines.find((machine) => machine.name === childName);
      if (!child) throw new Error(`The template declares no state machine named ${childName}`);
      const { executions = [] } = await probe.sfn.send(new ListExecutionsCommand({ stateMachineArn: child.arn, maxResults: 1000 }));
      const described: DescribeExecutionCommandOutput[] = [];
      for (const { executionArn } of executions.reverse()) {
        const execution = await probe.sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (JSON.parse(execution.input ?? '{}').orderId === orderId) described.push(execution);
      }
      return described;
    },

    /** onHand = available + reserved, none negative: the invariant every stock movement keeps. */
    async expectStockInvariant(sku: string) {
      const stock = await readStock(sku);
      if (!stock) throw new Error(`no stock record for ${sku}`);
      const { onHand, available, reserved } = stock as { onHand: number; available: number; reserved: number };
      return { onHand, available, reserved, holds: onHand === available + reserved && onHand >= 0 && available >= 0 && reserved >= 0 };
    },
  };
  return harness;
}
