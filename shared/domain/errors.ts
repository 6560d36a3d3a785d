/**
 * Domain errors: the business says "no" in one of these shapes. The HTTP layer maps them to
 * RFC 9457 problem+json (shared/http/problem.ts); workflow tasks surface them by `name`, so an
 * ASL Catch can match e.g. `ApplicationNotFound`.
 */
export type DomainErrorKind =
  | 'validation' // 400: the request is malformed or a field is wrong
  | 'unauthorized' // 401
  | 'forbidden' // 403: the actor may not do this
  | 'not-found' // 404
  | 'conflict' // 409: the resource is not in a state that allows this
  | 'unprocessable' // 422: well-formed but semantically refused (e.g. idempotency key reuse)
  | 'payment-required' // 402: the payment provider declined
  | 'too-large' // 413
  | 'unavailable'; // 503: a provider the request needs did not answer; nothing was taken

export interface FieldError {
  /** JSON pointer-ish path, e.g. `contacts.0.email` */
  readonly field: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable machine code, PascalCase, e.g. `ApplicationAlreadyDecided` */
    readonly code: string,
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
    /** RFC 9457 extension members for the problem, e.g. `{ existing: { applicationId, href } }`. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** `notFound('Tracking number', id)` → code `TrackingNumberNotFound`. */
export const notFound = (what: string, id: string) =>
  new DomainError(
    'not-found',
    `${what
      .split(/\s+/)
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join('')}NotFound`,
    `${what} ${id} does not exist`,
  );

/** `value`, or a 404 `notFound(what, id)` when there is none: what every `requireX` of a repository does. */
export function found<T>(value: T | undefined, what: string, id: string): T {
  if (value === undefined) throw notFound(what, id);
  return value;
}

export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);

export const forbidden = (message = 'You may not access this resource') =>
  new DomainError('forbidden', 'Forbidden', message);

export const invalid = (message: string, fieldErrors: readonly FieldError[] = []) =>
  new DomainError('validation', 'ValidationFailed', message, fieldErrors);

/**
 * An error a state machine can Catch or Retry by name: Lambda reports the thrown error's `name`. For failures
 * that are not the business refusing (those are DomainErrors), e.g. `PaymentProviderUnavailable`.
 */
export const namedError = (name: string, message: string): Error => {
  const error = new Error(message);
  error.name = name;
  return error;
};
