import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, type FieldError } from '../domain/errors';
import { problemTypeFor, STATUS_BY_KIND, titleFor, PROBLEM_CONTENT_TYPE, type ProblemDetails } from '../contracts/problem';

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
