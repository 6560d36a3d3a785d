import { describe, expect, it } from 'vitest';
import { applicationRefusal, companyKeyOf, reapplyCutoff, standingAfter } from '../../../shared/domain/suppliers/company';

const acme = { legalName: 'Acme Manufacturing GmbH', country: 'DE', registrationNumber: 'DE 123.456-789' };
const NOW = new Date('2030-06-15T12:00:00.000Z');

describe('one company, one supplier', () => {
  it('knows a company by its country and registration number, however it is written', () => {
    expect(companyKeyOf(acme)).toBe('DE#DE123456789');
    expect(companyKeyOf({ country: 'de', registrationNumber: 'de123456789' })).toBe('DE#DE123456789');
    expect(companyKeyOf({ country: 'AT', registrationNumber: 'DE123456789' })).not.toBe(companyKeyOf(acme));
  });

  it('lets a company with no guard apply', () => {
    expect(applicationRefusal(acme, undefined, NOW, 90)).toBeUndefined();
  });

  it('refuses a second application while one is open, pointing to it (409)', () => {
    const refusal = applicationRefusal(acme, { state: 'OPEN', applicationId: 'A1' }, NOW, 90)!;
    expect(refusal).toMatchObject({ kind: 'conflict', code: 'CompanyApplicationOpen', extensions: { existing: { applicationId: 'A1', href: '/suppliers/applications/A1' } } });
    expect(refusal.message).toMatch(/Acme Manufacturing GmbH .* already has an open application, A1/);
  });

  it('refuses a company that is already a supplier, pointing to the supplier (409)', () => {
    const refusal = applicationRefusal(acme, { state: 'SUPPLIER', applicationId: 'A1', supplierId: 'S1' }, NOW, 90)!;
    expect(refusal).toMatchObject({ code: 'CompanyAlreadySupplier', extensions: { existing: { supplierId: 'S1', href: '/suppliers/S1' } } });
  });

  it('lets a rejected or expired company apply again only after the cool-down', () => {
    for (const outcome of ['REJECTED', 'EXPIRED'] as const) {
      const closed = { state: 'CLOSED' as const, applicationId: 'A1', outcome, closedAt: '2030-06-01T12:00:00.000Z' };
      const early = applicationRefusal(acme, closed, NOW, 30)!;
      expect(early).toMatchObject({ code: 'ReapplyTooSoon', extensions: { existing: { applicationId: 'A1', reapplyFrom: '2030-07-01T12:00:00.000Z' } } });
      expect(early.message).toMatch(/may apply again from 2030-07-01T12:00:00.000Z \(30-day cool-down\)/);
      expect(applicationRefusal(acme, closed, new Date('2030-07-01T12:00:00.000Z'), 30)).toBeUndefined();
      expect(applicationRefusal(acme, closed, NOW, 14)).toBeUndefined();
    }
  });

  it('holds a failure of ours against nobody: a FAILED application frees the company at once', () => {
    const closed = { state: 'CLOSED' as const, applicationId: 'A1', outcome: 'FAILED' as const, closedAt: NOW.toISOString() };
    expect(applicationRefusal(acme, closed, NOW, 90)).toBeUndefined();
  });

  it('moves the guard with the application\'s final status, and not before', () => {
    expect(standingAfter('APPROVED', 'A1', NOW, 'S1')).toEqual({ state: 'SUPPLIER', applicationId: 'A1', supplierId: 'S1' });
    expect(standingAfter('REJECTED', 'A1', NOW)).toEqual({ state: 'CLOSED', applicationId: 'A1', outcome: 'REJECTED', closedAt: NOW.toISOString() });
    expect(standingAfter('EXPIRED', 'A1', NOW)).toMatchObject({ state: 'CLOSED', outcome: 'EXPIRED' });
    for (const status of ['SCREENING', 'AWAITING_DECISION', 'DECISION_RECORDED'] as const) expect(standingAfter(status, 'A1', NOW)).toBeUndefined();
    expect(() => standingAfter('APPROVED', 'A1', NOW)).toThrow(/supplier/);
  });

  it('computes the write condition\'s cut-off: closed at or before it may apply', () => {
    expect(reapplyCutoff(NOW, 90)).toBe('2030-03-17T12:00:00.000Z');
  });
});
