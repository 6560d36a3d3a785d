/**
 * The error names the state machines Retry and Catch on, one typed map per workflow: the task functions
 * throw them (as DomainError codes or named errors) and the definitions match them, so neither can drift.
 */
export const ORDER_FULFILMENT_ERRORS = {
  /** A forward step found the order cancelled: the saga compensates and ends. */
  OrderCancelled: 'OrderCancelled',
  /** The payment provider timed out or failed (a void or capture): the step's Retry takes it. */
  PaymentProviderUnavailable: 'PaymentProviderUnavailable',
  /** A step kept losing its write on the order to other writers (a webhook, a cancel, racing stock): retried with backoff. */
  OrderChangedConcurrently: 'OrderChangedConcurrently',
} as const;

export const PRODUCT_LISTING_ERRORS = {
  /** A newer revision took over: this execution has nothing left to do. */
  RevisionSuperseded: 'RevisionSuperseded',
  /** Another execution claimed the revision (a redelivered event). */
  ListingReviewAlreadyInProgress: 'ListingReviewAlreadyInProgress',
  /** The slug was taken between the check and publishing: check again. */
  SlugTaken: 'SlugTaken',
} as const;

export const SUPPLIER_ONBOARDING_ERRORS = {
  /** Another execution claimed the application (a redelivered event). */
  ApplicationAlreadyInProgress: 'ApplicationAlreadyInProgress',
} as const;

export type OrderFulfilmentError = (typeof ORDER_FULFILMENT_ERRORS)[keyof typeof ORDER_FULFILMENT_ERRORS];
export type ProductListingError = (typeof PRODUCT_LISTING_ERRORS)[keyof typeof PRODUCT_LISTING_ERRORS];
export type SupplierOnboardingError = (typeof SUPPLIER_ONBOARDING_ERRORS)[keyof typeof SUPPLIER_ONBOARDING_ERRORS];

export const RESTOCK_ERRORS = {
  /** A restock step lost a write on its purchase order to another writer (a route): retried with backoff. */
  PurchaseOrderChangedConcurrently: 'PurchaseOrderChangedConcurrently',
} as const;

export const RETURN_LIFECYCLE_ERRORS = {
  /** The payment provider timed out or failed a refund: retried with the same key, then the return is REFUND_FAILED for ops. */
  PaymentProviderUnavailable: ORDER_FULFILMENT_ERRORS.PaymentProviderUnavailable,
  /** The carrier did not book or void a return label: retried with backoff. */
  CarrierUnavailable: 'CarrierUnavailable',
  /** An exchange's replacement order lost its stock reservation to other orders, or its acceptance to other writers: retried. */
  StockContention: 'StockContention',
  CheckoutInProgress: 'CheckoutInProgress',
} as const;

/** What a workflow's Catch records of a failed step (`ResultPath` of the catcher). */
export interface CaughtFailure {
  readonly Error?: string;
  readonly Cause?: string;
}

const childError = (cause: string | undefined): string | undefined => {
  try {
    const description = JSON.parse(cause ?? '') as unknown;
    const error = typeof description === 'object' && description !== null ? (description as { Error?: unknown }).Error : undefined;
    return typeof error === 'string' ? error : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The error of the step that failed, as that step named it. A child workflow run with
 * `startExecution.sync` fails its parent's task with `States.TaskFailed` and the child's description as the
 * cause, so its own error (`Lambda.ServiceException`, `OrderChangedConcurrently`…) is read from there.
 */
export function failedStepError(failure: CaughtFailure | undefined): string {
  if (failure?.Error === 'States.TaskFailed') return childError(failure.Cause) ?? failure.Error;
  return failure?.Error ?? 'UnknownError';
}
