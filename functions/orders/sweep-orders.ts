import * as ordersRepository from '../../shared/adapters/orders-repository';
import { paymentProvider, paymentProviderUnavailable } from '../../shared/adapters/payments';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { closeAttention, parkStalled, raiseDeliveryOverdue, TRANSIENT_ORDER_STATUSES, voidOwed } from '../../shared/domain/orders/attention';
import { recordVoid, releaseOrderStock } from '../../shared/domain/orders/fulfilment';
import { isDeliveryOverdue } from '../../shared/domain/orders/tracking';
import { staleAfterMinutesFrom } from '../../shared/domain/orders/settings';
import { applyOrderStep } from './order-steps';

const payments = paymentProvider();
/** Orders per status per run: a run stays short, the next one (every few minutes) takes the rest. */
const BATCH = 25;
const staleAfterMs = (): number => staleAfterMinutesFrom(process.env) * 60_000;

/** Releases what is still reserved, voids what is still authorized, then ends the order as it should have. */
async function finish(orderId: string, correlationId: string): Promise<void> {
  await applyOrderStep(orderId, (current) => releaseOrderStock(current, clock.now()));
  const held = await ordersRepository.requireOrder(orderId);
  if (voidOwed(held.payment)) {
    const result = await payments.void({ orderId, idempotencyKey: held.payment.idempotencyKey, authorizationId: held.payment.authorizationId });
    if (result.outcome === 'ERROR') throw paymentProviderUnavailable(result);
    await applyOrderStep(orderId, (current) => recordVoid(current, result.voidedAt, clock.now()));
  }
  await applyOrderStep(orderId, (current) => closeAttention(current, clock.now()), { correlationId });
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
  const parked: string[] = [];
  for (const status of TRANSIENT_ORDER_STATUSES) {
    const { items } = await ordersRepository.oldestByStatus(status, BATCH);
    // Oldest first: once an order was placed after the cut-off, every later one was too.
    for (const listed of items.filter((candidate) => Date.parse(candidate.createdAt) <= cutoff)) {
      // The listing has no updatedAt (it would change with every write): the step reads the order and parks it only if it stalled.
      await applyOrderStep(listed.orderId, (current) => parkStalled(current, clock.now(), staleAfterMs()), { correlationId }).then(
        ({ decision }) => (decision.next ? (report.stalled += 1, parked.push(listed.orderId)) : 0),
        (error: unknown) => (report.failed += 1, logger.error('could not park a stalled order', { orderId: listed.orderId, error })),
      );
    }
  }
  // What it just parked is finished in the same run: its listing follows from the table stream, moments later.
  const { items: listed } = await ordersRepository.oldestByStatus('NEEDS_ATTENTION', BATCH);
  const open = [...new Set([...parked, ...listed.map((order) => order.orderId)])];
  for (const orderId of open) {
    await finish(orderId, correlationId).then(
      () => (report.resolved += 1),
      (error: unknown) => (report.failed += 1, logger.error('could not finish an order needing attention; next run retries', { orderId, error })),
    );
  }
  const { items: due } = await ordersRepository.dueParcels(BATCH);
  // Earliest promised date first: once one is not overdue, no later one is.
  for (const order of due.filter((candidate) => isDeliveryOverdue(candidate.promisedBy, clock.now()))) {
    await applyOrderStep(order.orderId, (current) => raiseDeliveryOverdue(current, clock.now()), { correlationId }).then(
      () => (report.overdue += 1),
      (error: unknown) => (report.failed += 1, logger.error('could not alert an overdue parcel; next run retries', { orderId: order.orderId, error })),
    );
  }
  logger.info('order sweep done', report);
  return report;
}
