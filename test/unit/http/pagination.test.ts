import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DomainError } from '../../../shared/domain/errors';
import { paginationQuery } from '../../../shared/contracts/pagination';
import { decodeNextToken, encodeNextToken } from '../../../shared/http/pagination';

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
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
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
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const [payload, mac] = token.split('.');
    const edited = Buffer.from(JSON.stringify({ ...key, pk: 'APPLICATION#OTHER' })).toString('base64url');
    for (const bad of [`${edited}.${mac}`, `${payload}.${mac!.slice(0, -2)}xx`, 'not a token!', 'e30', `${payload}`, `${payload}.`, '.'.repeat(44)]) {
      expect(refusalCode(() => decodeNextToken(bad, scope))).toBe('InvalidNextToken');
    }
  });

  it('cannot be forged without the deployment\'s secret: a token anyone can compute is refused', async () => {
    const { createHash, createHmac } = await import('node:crypto');
    const payload = Buffer.from(JSON.stringify({ ...key, sk: 'x' })).toString('base64url');
    // The old scheme's "checksum" (a plain SHA-256 of scope and key) and an HMAC under a guessed key.
    const sha = createHash('sha256').update(`${scope}\n${payload}`).digest('base64url');
    const guessed = createHmac('sha256', 'local-pagination-secret').update(`${scope}\n${payload}`).digest('base64url');
    for (const forged of [`${payload}.${sha}`, `${payload}.${guessed}`]) {
      expect(refusalCode(() => decodeNextToken(forged, scope))).toBe('InvalidNextToken');
    }
  });

  it('a token of another deployment (another secret) is foreign: 400', () => {
    const token = encodeNextToken(key, scope);
    const saved = process.env.PAGINATION_SECRET;
    process.env.PAGINATION_SECRET = 'another-deployment';
    try {
      expect(refusalCode(() => decodeNextToken(token, scope))).toBe('InvalidNextToken');
    } finally {
      process.env.PAGINATION_SECRET = saved;
    }
  });

  it('refuses a signed payload that is not a key of strings and numbers', () => {
    const saved = process.env.PAGINATION_SECRET;
    expect(saved).toBeTruthy();
    const token = encodeNextToken({ pk: { nested: true } } as never, scope);
    expect(refusalCode(() => decodeNextToken(token, scope))).toBe('InvalidNextToken');
  });

  it('fails loudly (not silently unsigned) when the deployment has no secret', () => {
    const saved = process.env.PAGINATION_SECRET;
    delete process.env.PAGINATION_SECRET;
    try {
      expect(() => encodeNextToken(key, scope)).toThrow('PAGINATION_SECRET is not set');
    } finally {
      process.env.PAGINATION_SECRET = saved;
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
