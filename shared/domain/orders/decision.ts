/**
 * What a decision about an order says, whoever decides it (a workflow step, a route, the sweeper, a
 * tracking update): the order as it is to be stored, its events, its effects on the workflow's waits and
 * the stock it moves. Repositories save exactly this; nothing in it is storage.
 */
import type { DomainEventDraft } from '../events';
import type { StockMovement } from '../inventory/stock-movement';
import type { Order } from './order';

/** What a decision asks of the workflow waiting on the order: stop the packing wait. */
export type OrderEffect = 'STOP_PACKING_WAIT';

export interface OrderDecision {
  /** The order as it is to be stored; absent: nothing changes. */
  readonly next?: Order;
  readonly events?: readonly DomainEventDraft<object>[];
  readonly effects?: readonly OrderEffect[];
  /** The stock the order's lines take or give back, written with the order (all or nothing). */
  readonly stock?: StockMovement;
}
