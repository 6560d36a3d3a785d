import { describe, expect, it } from 'vitest';
import { DomainError, forbidden, invalid } from '../../../shared/domain/errors';
import { problemTypeFor } from '../../../shared/contracts/problem';
import { HttpError, problemFrom, problemResponse } from '../../../shared/http/problem';
import { problemSchema } from '../../../shared/contracts/common';

const context = { instance: '/things/1', correlationId: 'c-1' };

describe('problem+json', () => {
  it('derives a kebab-case type URI from the code', () => {
    expect(problemTypeFor('ApplicationNotFound')).toBe('https://commerce-ops.dev/problems/application-not-found');
    expect(problemTypeFor('InvalidJSONBody')).toBe('https://commerce-ops.dev/problems/invalid-json-body');
  });

  it.each([
    ['validation', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not-found', 404],
    ['conflict', 409],
    ['too-large', 413],
    ['unprocessable', 422],
  ] as const)('maps the %s kind to %i', (kind, status) => {
    expect(problemFrom(new DomainError(kind, 'Code', 'msg'), context).status).toBe(status);
  });

  it('carries field errors, instance and correlation id, and matches the published schema', () => {
    const problem = problemFrom(invalid('bad', [{ field: 'name', message: 'Required' }]), context);
    expect(problem).toEqual({
      type: 'https://commerce-ops.dev/problems/validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'bad',
      instance: '/things/1',
      code: 'ValidationFailed',
      correlationId: 'c-1',
      errors: [{ field: 'name', message: 'Required' }],
    });
    expect(problemSchema.safeParse(problem).success).toBe(true);
    expect(problemFrom(forbidden(), context)).not.toHaveProperty('errors');
  });

  it('maps HTTP-layer errors and hides everything about unknown ones', () => {
    expect(problemFrom(new HttpError(415, 'UnsupportedMediaType', 'json only'), context)).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
    const hidden = problemFrom(new TypeError('cannot read x of undefined'), context);
    expect(hidden).toMatchObject({ status: 500, code: 'InternalError' });
    expect(JSON.stringify(hidden)).not.toContain('undefined');
    expect(problemFrom('a string', context).status).toBe(500);
  });

  it('renders as application/problem+json', () => {
    const response = problemResponse(problemFrom(forbidden(), context));
    expect(response.statusCode).toBe(403);
    expect(response.headers).toEqual({ 'content-type': 'application/problem+json' });
    expect(JSON.parse(response.body ?? '').code).toBe('Forbidden');
  });
});
