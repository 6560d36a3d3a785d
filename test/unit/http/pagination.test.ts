import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DomainError } from '../../../shared/domain/errors';
import { decodeNextToken, encodeNextToken, paginationQuery } from '../../../shared/http/pagination';

const key = { pk: 'APPLICATION#01J', sk: 'APPLICATION', gsi1pk: 'APPLICATIONS#SUBMITTED', gsi1sk: '2030-01-01T00:00:00.000Z#01J' };
const scope = 'listApplications:SUBMITTED';

const refusalCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'validation') return error.code;
  }
  return undefined;
};

describe('next tokens', () => {
  it('round-trips the last evaluated key within its listing', () => {
    const token = encodeNextToken(key, scope);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeNextToken(token, scope)).toEqual(key);
  });

  it('has no token for the last page and no start key for the first', () => {
    expect(encodeNextToken(undefined, scope)).toBeUndefined();
    expect(decodeNextToken(undefined, scope)).toBeUndefined();
  });

  it('refuses a token from another listing with 400 InvalidNextToken', () => {
    const token = encodeNextToken(key, 'listApplications:APPROVED');
    expect(refusalCode(() => decodeNextToken(token, scope))).toBe('InvalidNextToken');
  });

  it('refuses tampered and garbage tokens', () => {
    const token = encodeNextToken(key, scope) ?? '';
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const edited = Buffer.from(JSON.stringify({ ...decoded, k: { ...decoded.k, pk: 'APPLICATION#OTHER' } })).toString('base64url');
    for (const bad of [edited, `${token.slice(0, -2)}xx`, 'not a token!', 'e30', Buffer.from('[1,2]').toString('base64url')]) {
      expect(refusalCode(() => decodeNextToken(bad, scope))).toBe('InvalidNextToken');
    }
  });
});

describe('paginationQuery', () => {
  const schema = z.object({ ...paginationQuery });

  it('defaults the limit to 25 and coerces it from the query string', () => {
    expect(schema.parse({})).toEqual({ limit: 25 });
    expect(schema.parse({ limit: '7', nextToken: 'abc' })).toEqual({ limit: 7, nextToken: 'abc' });
  });

  it.each(['0', '101', '2.5', 'ten'])('refuses limit=%s', (limit) => {
    expect(schema.safeParse({ limit }).success).toBe(false);
  });
});
