/**
 * The error names the state machines Retry and Catch on, one typed map per workflow: the task functions
 * throw them (as DomainError codes or named errors) and the definitions match them, so neither can drift.
 */
export const ORDER_FULFILMENT_ERRORS = {
  /** ReserveStock lost to another reservation on the same stock: retried with backoff. */
  StockContention: 'StockContention',
  /** A forward step found the order cancelled: the saga compensates and ends. */
  OrderCancelled: 'OrderCancelled',
  /** The payment provider timed out or failed: retried, then the order is rejected. */
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
