import * as ordersRepository from '../../shared/adapters/orders-repository';
import { type ParcelDue, type StoredOrder } from '../../shared/adapters/orders-repository';
import { paymentProvider, paymentProviderUnavailable } from '../../shared/adapters/payments';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { hasStalled, leftovers, needAttention, resolveAttention, TRANSIENT_ORDER_STATUSES, voidOwed, withLeftovers } from '../../shared/domain/orders/attention';
import { deliveryOverdue, orderAttentionResolved, orderNeedsAttention } from '../../shared/domain/orders/events';
import { isDeliveryOverdue } from '../../shared/domain/orders/tracking';
import { orderLines } from '../../shared/domain/orders/placement';
import { staleAfterMinutesFrom } from '../../shared/domain/orders/settings';
import { applyOrderStep } from './order-steps';

const payments = paymentProvider();
/** Orders per status per run: a run stays short, the next one (every few minutes) takes the rest. */
const BATCH = 25;
const staleAfterMs = (): number => staleAfterMinutesFrom(process.env) * 60_000;

/** An order whose workflow died or never started: parked in NEEDS_ATTENTION with what it holds, ops told. */
async function parkStalled(order: StoredOrder, correlationId: string): Promise<void> {
  await applyOrderStep(
    order.orderId,
    (current) => !hasStalled(current, clock.now(), staleAfterMs()),
    (current) => {
      const next = needAttention(current, clock.now(), { reason: 'WORKFLOW_STALLED', error: 'WorkflowStalled' });
      return { next, write: { correlationId, events: [orderNeedsAttention(next, leftovers(current), 'WorkflowStalled')] } };
    },
    { alsoWhenCancelled: true },
  );
}

/** A parcel past its promised date: `DeliveryOverdue` to ops, once (the order then leaves the due partition). */
async function alertOverdue(order: ParcelDue, correlationId: string): Promise<void> {
  await applyOrderStep(
    order.orderId,
    (current) => (current.alertsRaised ?? []).includes('DELIVERY_OVERDUE') || current.status === 'DELIVERED',
    (current) => ({
      next: { ...current, alertsRaised: [...(current.alertsRaised ?? []), 'DELIVERY_OVERDUE'], updatedAt: clock.now().toISOString() },
      write: { correlationId, events: [deliveryOverdue(current, current.shipments[0])] },
    }),
    { alsoWhenCancelled: true },
  );
}

/** Releases what is still reserved, voids what is still authorized, then ends the order as it should have. */
async function finish(orderId: string, correlationId: string): Promise<StoredOrder> {
  const always = { alsoWhenCancelled: true };
  await applyOrderStep(
    orderId,
    (current) => current.stockHold !== 'RESERVED',
    (current) => {
      const now = clock.now();
      return { next: withLeftovers({ ...current, stockHold: 'RELEASED', updatedAt: now.toISOString() }), write: { alsoWrite: ordersRepository.stockMovements('release', orderLines(current), now) } };
    },
    always,
  );
  const held = await ordersRepository.requireOrder(orderId);
  if (voidOwed(held.payment)) {
    const result = await payments.void({ orderId, idempotencyKey: held.payment.idempotencyKey, authorizationId: held.payment.authorizationId });
    if (result.outcome === 'ERROR') throw paymentProviderUnavailable(result);
    await applyOrderStep(
      orderId,
      (current) => !voidOwed(current.payment),
      (current) => ({ next: withLeftovers({ ...current, payment: { ...current.payment, status: 'VOIDED', voidedAt: result.voidedAt }, updatedAt: clock.now().toISOString() }) }),
      always,
    );
  }
  return applyOrderStep(
    orderId,
    (current) => current.status !== 'NEEDS_ATTENTION',
    (current) => {
      const next = resolveAttention(current, clock.now());
      if (!next) throw new Error(`order ${orderId} still holds stock or an authorization`);
      return { next, write: { correlationId, events: [orderAttentionResolved(next)] } };
    },
    always,
  );
}

/**
 * The order sweeper (schedule `order-sweeper`, every 5 minutes; `npm run invoke -- order-sweeper`): finds,
 * by key queries on the status index (never a scan), orders whose workflow stalled in a transient status
 * (PENDING … CARRIER_ALLOCATED, untouched for ORDER_STALE_AFTER_MINUTES) and parks them in NEEDS_ATTENTION;
 * then finishes every NEEDS_ATTENTION order: stock released, authorization voided, the order ended as it
 * should have been (FAILED, REJECTED or CANCELLED) with `OrderAttentionResolved`; and alerts ops once about
 * every parcel past its promised date (GSI3's sparse `PARCELS_DUE`, earliest first), since the order workflow
 * ends at shipment. Every move is a
 * conditional write, so a run racing a live workflow or another run does each thing once.
 */
export async function handler(event: { id?: string } = {}): Promise<Record<string, number>> {
  const correlationId = event.id ?? `sweep-${clock.now().toISOString()}`;
  const report = { stalled: 0, resolved: 0, overdue: 0, failed: 0 };
  const cutoff = clock.now().getTime() - staleAfterMs();
  for (const status of TRANSIENT_ORDER_STATUSES) {
    const { items } = await ordersRepository.oldestByStatus(status, BATCH);
    // Oldest first: once an order was placed after the cut-off, every later one was too.
    for (const order of items.filter((candidate) => Date.parse(candidate.createdAt) <= cutoff)) {
      if (!hasStalled(order, clock.now(), staleAfterMs())) continue;
      await parkStalled(order, correlationId).then(
        () => (report.stalled += 1),
        (error: unknown) => (report.failed += 1, logger.error('could not park a stalled order', { orderId: order.orderId, error })),
      );
    }
  }
  const { items: open } = await ordersRepository.oldestByStatus('NEEDS_ATTENTION', BATCH);
  for (const order of open) {
    await finish(order.orderId, correlationId).then(
      () => (report.resolved += 1),
      (error: unknown) => (report.failed += 1, logger.error('could not finish an order needing attention; next run retries', { orderId: order.orderId, error })),
    );
  }
  const { items: due } = await ordersRepository.dueParcels(BATCH);
  // Earliest promised date first: once one is not overdue, no later one is.
  for (const order of due.filter((candidate) => isDeliveryOverdue(candidate.promisedBy, clock.now()))) {
    await alertOverdue(order, correlationId).then(
      () => (report.overdue += 1),
      (error: unknown) => (report.failed += 1, logger.error('could not alert an overdue parcel; next run retries', { orderId: order.orderId, error })),
    );
  }
  logger.info('order sweep done', report);
  return report;
}
