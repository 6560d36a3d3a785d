import { afterEach, describe, expect, it } from 'vitest';
import { actorFromClaims, authorizeJwt, parseGroups, signBody, signTimestamped, verifyHmac } from '../../../shared/http/auth';
import { DomainError } from '../../../shared/domain/errors';

describe('parseGroups', () => {
  it.each([
    [['operator', 'supplier'], ['operator', 'supplier']],
    ['["operator","supplier"]', ['operator', 'supplier']],
    ['[operator supplier]', ['operator', 'supplier']],
    ['[operator]', ['operator']],
    ['operator', ['operator']],
    ['operator,warehouse', ['operator', 'warehouse']],
    ['[]', []],
    [undefined, []],
    [42, []],
  ])('reads %j', (claim, groups) => {
    expect(parseGroups(claim)).toEqual(groups);
  });
});

describe('actorFromClaims', () => {
  it('builds the actor from Cognito-style claims: known roles as roles, every group as groups (member offers)', () => {
    expect(
      actorFromClaims({ sub: 'u1', 'cognito:groups': '[supplier admins]', 'custom:supplierId': 'SUP1', email: 'a@b.co' }),
    ).toEqual({ sub: 'u1', roles: ['supplier'], supplierId: 'SUP1', email: 'a@b.co', groups: ['supplier', 'admins'] });
    expect(actorFromClaims({ sub: 'u2', 'cognito:groups': ['customer'] })).toEqual({ sub: 'u2', roles: ['customer'] });
  });

  it('has no actor without a subject', () => {
    expect(actorFromClaims(undefined)).toBeUndefined();
    expect(actorFromClaims({ 'cognito:groups': '[operator]' })).toBeUndefined();
    expect(actorFromClaims({ sub: '  ' })).toBeUndefined();
  });
});

describe('authorizeJwt', () => {
  const refusal = (fn: () => unknown): DomainError => {
    try {
      fn();
    } catch (error) {
      if (error instanceof DomainError) return error;
    }
    throw new Error('expected a DomainError');
  };

  it('refuses missing claims as unauthorized (401)', () => {
    expect(refusal(() => authorizeJwt(undefined, ['operator'])).kind).toBe('unauthorized');
  });

  it('refuses callers without an allowed role as forbidden (403), including callers with no group', () => {
    expect(refusal(() => authorizeJwt({ sub: 'u', 'cognito:groups': '[customer]' }, ['operator'])).kind).toBe('forbidden');
    expect(refusal(() => authorizeJwt({ sub: 'u' }, ['operator'])).kind).toBe('forbidden');
  });

  it('accepts any one of the allowed roles', () => {
    expect(authorizeJwt({ sub: 'u', 'cognito:groups': ['warehouse'] }, ['operator', 'warehouse']).roles).toEqual(['warehouse']);
  });
});

describe('verifyHmac', () => {
  const auth = { type: 'hmac', header: 'X-Carrier-Signature', secretEnv: 'TEST_CARRIER_SECRET' } as const;
  afterEach(() => {
    delete process.env.TEST_CARRIER_SECRET;
  });

  it('accepts the right signature, with or without the sha256= prefix', () => {
    process.env.TEST_CARRIER_SECRET = 's3cret';
    const signature = signBody('s3cret', '{"a":1}');
    expect(() => verifyHmac(auth, { 'x-carrier-signature': signature }, '{"a":1}')).not.toThrow();
    expect(() => verifyHmac(auth, { 'x-carrier-signature': `sha256=${signature}` }, '{"a":1}')).not.toThrow();
  });

  it('refuses a wrong, missing or malformed signature as unauthorized', () => {
    process.env.TEST_CARRIER_SECRET = 's3cret';
    for (const header of [signBody('other', '{"a":1}'), '', 'zz', signBody('s3cret', '{"a":2}')]) {
      expect(() => verifyHmac(auth, { 'x-carrier-signature': header }, '{"a":1}')).toThrow(DomainError);
    }
  });
});

describe('verifyHmac with a secret per sender and a timestamp', () => {
  const auth = {
    type: 'hmac',
    header: 'x-signature',
    secretEnv: 'TEST_CARRIER_SECRETS',
    secretFor: 'carrier',
    timestamp: { header: 'x-signature-timestamp', toleranceSeconds: 300 },
  } as const;
  const now = 1_900_000_000_000;
  const at = now / 1000;
  const headers = (secret: string, signedAt: number, body: string) => ({ 'x-signature-timestamp': String(signedAt), 'x-signature': `sha256=${signTimestamped(secret, signedAt, body)}` });
  afterEach(() => {
    delete process.env.TEST_CARRIER_SECRETS;
  });

  it('takes the secret of the sender named in the path and the signature over timestamp.body', () => {
    process.env.TEST_CARRIER_SECRETS = JSON.stringify({ a: 'secret-a', b: 'secret-b' });
    expect(() => verifyHmac(auth, headers('secret-a', at, '{}'), '{}', { carrier: 'a' }, now)).not.toThrow();
    expect(() => verifyHmac(auth, headers('secret-a', at, '{}'), '{}', { carrier: 'b' }, now)).toThrow(DomainError);
    expect(() => verifyHmac(auth, headers('secret-a', at, '{}'), '{}', { carrier: 'c' }, now)).toThrow(DomainError);
    expect(() => verifyHmac(auth, headers('secret-a', at, '{}'), '{"x":1}', { carrier: 'a' }, now)).toThrow(DomainError);
  });

  it('refuses a timestamp outside the window, missing or malformed', () => {
    process.env.TEST_CARRIER_SECRETS = JSON.stringify({ a: 'secret-a' });
    for (const signedAt of [at - 301, at + 301]) {
      expect(() => verifyHmac(auth, headers('secret-a', signedAt, '{}'), '{}', { carrier: 'a' }, now)).toThrow(/timestamp/);
    }
    expect(() => verifyHmac(auth, headers('secret-a', at - 299, '{}'), '{}', { carrier: 'a' }, now)).not.toThrow();
    const forged = { ...headers('secret-a', at, '{}'), 'x-signature-timestamp': '1e9' };
    expect(() => verifyHmac(auth, forged, '{}', { carrier: 'a' }, now)).toThrow(DomainError);
  });
});
