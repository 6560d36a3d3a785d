/**
 * Which goods-receipt lots an order's units shipped from, read back from the stock ledger (docs/inventory.md,
 * "Lots of a shipment"). Orders do not scan lots as they pack; the warehouse is taken to ship first in, first out
 * (FIFO). So the SKU's audit rows at one warehouse, oldest first, are replayed as a queue of batches:
 *
 * - a unit coming in is a batch at the back: a purchase order's accepted receipt is lot `<purchaseOrderId>/<receiptId>`
 *   (the row's `ref`, as the QC incidents name a lot); other units in (a return restocked, a transfer in, a count or an
 *   adjustment up) are a batch of no known lot;
 * - a unit going out (a shipment, an adjustment or a count down, a transfer out) leaves from the front;
 * - a row that states the levels it found (`before`) and disagrees with the queue (stock that predates the ledger)
 *   is reconciled: units the queue lacks are a batch of no known lot at the front, units it has too many leave the front.
 *
 * The shipment of the order (its SHIP row, ref = the order id) takes what it took from the front: the lots and
 * units. Pure: the caller reads the SKU's audit rows up to the shipment (one key Query).
 */
import type { MovementAudit } from './warehouse-stock';

/** Units of one lot (absent: no lot known, e.g. returned stock, or stock older than the ledger). */
export interface LotShare {
  readonly lotId?: string;
  readonly quantity: number;
}

/** Units into the warehouse that came with a lot: a purchase order's receipt. */
const lotOf = (row: Pick<MovementAudit, 'kind' | 'ref'>): string | undefined => (row.kind === 'RECEIVE' && row.ref.includes('/') ? row.ref : undefined);

/** Takes `units` from the front of `queue` (mutated), answering what it took, merged by lot in the order taken. */
function takeFront(queue: { lotId?: string; quantity: number }[], units: number): LotShare[] {
  const taken: { lotId?: string; quantity: number }[] = [];
  let left = units;
  while (left > 0 && queue.length > 0) {
    const head = queue[0]!;
    const part = Math.min(head.quantity, left);
    const same = taken.find((share) => share.lotId === head.lotId);
    if (same) same.quantity += part;
    else taken.push({ ...(head.lotId ? { lotId: head.lotId } : {}), quantity: part });
    head.quantity -= part;
    left -= part;
    if (head.quantity === 0) queue.shift();
  }
  return taken;
}

/**
 * The lots the order's shipment from `warehouseId` took, FIFO (see above); undefined when `rows` hold no
 * shipment of the order there. `rows`: the SKU's audit rows, oldest first, up to and with the shipment.
 */
export function lotsShipped(rows: readonly MovementAudit[], warehouseId: string, orderId: string): LotShare[] | undefined {
  const queue: { lotId?: string; quantity: number }[] = [];
  let onHand = 0;
  for (const row of rows) {
    if (row.warehouseId !== warehouseId) continue;
    if (row.before && row.before.onHand !== onHand) {
      // Stock the ledger did not see come in (or go): reconcile at the front, the oldest end.
      if (row.before.onHand > onHand) queue.unshift({ quantity: row.before.onHand - onHand });
      else takeFront(queue, onHand - row.before.onHand);
      onHand = row.before.onHand;
    }
    const change = row.delta.onHand;
    if (change > 0) {
      const lotId = lotOf(row);
      queue.push({ ...(lotId ? { lotId } : {}), quantity: change });
    }
    const took = change < 0 ? takeFront(queue, -change) : [];
    onHand += change;
    if (row.kind === 'SHIP' && row.ref === orderId) return took;
  }
  return undefined;
}

/** The lots an incident names: the lot when every unit came from one, else each lot known, sorted. */
export function lotsNamed(shares: readonly LotShare[] | undefined): { readonly lotId?: string; readonly lots?: readonly string[] } {
  const known = [...new Set((shares ?? []).flatMap((share) => (share.lotId ? [share.lotId] : [])))].sort();
  if (known.length === 0) return {};
  if (known.length === 1 && shares!.every((share) => share.lotId === known[0])) return { lotId: known[0]!, lots: known };
  return { lots: known };
}
