/**
 * The wire shape of every error the API answers (RFC 9457 problem+json) and the limits it documents:
 * shared/http produces it, the OpenAPI document describes it.
 */
import type { DomainErrorKind, FieldError } from '../domain/errors';

/** API Gateway accepts up to 10 MB; no command of ours needs more than this. */
export const MAX_BODY_BYTES = 262_144;

/** RFC 9457 problem details, as every error response of the API carries them. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  /** Stable machine code, PascalCase, e.g. `ApplicationNotFound`. */
  readonly code: string;
  readonly correlationId: string;
  readonly errors?: readonly FieldError[];
}

export const PROBLEM_TYPE_BASE = 'https://commerce-ops.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const STATUS_BY_KIND: Readonly<Record<DomainErrorKind, number>> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  'payment-required': 402,
  'too-large': 413,
  unavailable: 503,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const titleFor = (status: number): string => TITLES[status] ?? 'Error';

/** `ApplicationNotFound` → `https://commerce-ops.dev/problems/application-not-found` */
export const problemTypeFor = (code: string): string =>
  PROBLEM_TYPE_BASE +
  code
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
