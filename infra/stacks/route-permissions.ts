import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { RouteSpec } from '../../shared/contracts/route';
import type { OpsFunction } from '../constructs/ops-function';
import type { QueueConsumer } from '../constructs/queue-consumer';

/** What route functions may be granted access to. */
export interface RouteResources {
  readonly table: dynamodb.Table;
  readonly supplierOnboarding: sfn.IStateMachine;
  readonly productListing: sfn.IStateMachine;
  readonly orderFulfilment: sfn.IStateMachine;
  readonly restock: sfn.IStateMachine;
  readonly returnLifecycle: sfn.IStateMachine;
  readonly storefrontEvents: QueueConsumer;
}

type RouteGrant = (fn: OpsFunction, resources: RouteResources) => void;

/**
 * Per-route permissions beyond the table, keyed by operationId. Keep this table small and obvious:
 * a route listed here does something a plain table handler cannot.
 */
export const ROUTE_EXTRA_GRANTS: Readonly<Record<string, RouteGrant>> = {
  // Records the operator's decision, then resumes the waiting onboarding execution with its task token.
  decideSupplierApplication: (fn, { supplierOnboarding }) => fn.grantTaskResponse(supplierOnboarding),
  // Records the operator's review, then resumes the waiting listing execution with its task token.
  reviewProduct: (fn, { productListing }) => fn.grantTaskResponse(productListing),
  // These two wake the order workflow's wait for packing: cancelled, packed. (It ends at shipment: no delivery wait.)
  cancelOrder: (fn, { orderFulfilment }) => fn.grantTaskResponse(orderFulfilment),
  markOrderPacked: (fn, { orderFulfilment }) => fn.grantTaskResponse(orderFulfilment),
  // These wake the restock workflow's waits: for an operator's approval, for the goods (received, or ended by an operator).
  decidePurchaseOrder: (fn, { restock }) => fn.grantTaskResponse(restock),
  receiveGoods: (fn, { restock }) => fn.grantTaskResponse(restock),
  closePurchaseOrder: (fn, { restock }) => fn.grantTaskResponse(restock),
  // These wake the return-lifecycle workflow's waits: for an operator's decision, for the parcel.
  decideReturn: (fn, { returnLifecycle }) => fn.grantTaskResponse(returnLifecycle),
  recordReturnReceipt: (fn, { returnLifecycle }) => fn.grantTaskResponse(returnLifecycle),
  // Checks a storefront's batch and queues it for counting (functions/analytics/count-storefront-events.ts).
  recordEvents: (fn, { storefrontEvents }) => storefrontEvents.grantSend(fn),
};

/** Routes that only read need read access; any other method on the same function needs read/write. */
export const grantRouteFunction = (fn: OpsFunction, routes: readonly RouteSpec[], resources: RouteResources): void => {
  const writes = routes.some((route) => route.method !== 'GET');
  if (writes) fn.grantTableReadWrite(resources.table);
  else fn.grantTableRead(resources.table);
  for (const route of routes) ROUTE_EXTRA_GRANTS[route.operationId]?.(fn, resources);
};
