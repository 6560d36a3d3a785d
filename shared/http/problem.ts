import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, type DomainErrorKind, type FieldError } from '../domain/errors';

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
  'too-large': 413,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

export const titleFor = (status: number): string => TITLES[status] ?? 'Error';

/** `ApplicationNotFound` → `https://commerce-ops.dev/problems/application-not-found` */
export const problemTypeFor = (code: string): string =>
  PROBLEM_TYPE_BASE +
  code
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();

/**
 * A refusal of the HTTP layer itself that has no domain meaning (415 has no DomainErrorKind).
 * Everything the business refuses is a DomainError.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = code;
  }
}

export interface ProblemContext {
  /** The request path, e.g. `/suppliers/applications/01J…` */
  readonly instance: string;
  readonly correlationId: string;
}

/** Maps anything thrown to a problem; unknown errors become a bare 500 so nothing internal leaks. */
export const problemFrom = (error: unknown, context: ProblemContext): ProblemDetails => {
  const known =
    error instanceof DomainError
      ? { status: STATUS_BY_KIND[error.kind], code: error.code, detail: error.message, errors: error.fieldErrors }
      : error instanceof HttpError
        ? { status: error.status, code: error.code, detail: error.message, errors: error.fieldErrors }
        : undefined;
  const { status, code, detail, errors } = known ?? {
    status: 500,
    code: 'InternalError',
    detail: 'The server could not complete the request. Quote the correlation id when reporting it.',
    errors: [],
  };
  const extensions = error instanceof DomainError ? error.extensions : {};
  return {
    ...extensions,
    type: problemTypeFor(code),
    title: titleFor(status),
    status,
    detail,
    instance: context.instance,
    code,
    correlationId: context.correlationId,
    ...(errors.length > 0 ? { errors } : {}),
  };
};

export const problemResponse = (problem: ProblemDetails): APIGatewayProxyStructuredResultV2 => ({
  statusCode: problem.status,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE },
  body: JSON.stringify(problem),
});
