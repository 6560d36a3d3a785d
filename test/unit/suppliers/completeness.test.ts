import { describe, expect, it } from 'vitest';
import { checkCompleteness, type MissingItemCode } from '../../../shared/domain/suppliers/completeness';
import type { SupplierApplicationForm } from '../../../shared/domain/suppliers/form';
import { completeForm, NOW } from './fixtures';

type Change = (form: SupplierApplicationForm) => SupplierApplicationForm;

const cases: [string, Change, MissingItemCode[]][] = [
  ['complete application', (f) => f, []],
  ['no contacts', (f) => ({ ...f, contacts: [] }), ['NO_CONTACT']],
  ['no primary contact', (f) => ({ ...f, contacts: f.contacts.map((c) => ({ ...c, primary: false })) }), ['NO_PRIMARY_CONTACT']],
  ['two primary contacts', (f) => ({ ...f, contacts: f.contacts.map((c) => ({ ...c, primary: true })) }), ['SEVERAL_PRIMARY_CONTACTS']],
  ['primary contact without email or phone', (f) => ({ ...f, contacts: [{ name: 'Ghost', primary: true }] }), ['PRIMARY_CONTACT_UNREACHABLE']],
  ['primary contact with a phone only', (f) => ({ ...f, contacts: [{ name: 'Phone', phone: '+49 1', primary: true }] }), []],
  ['one reference', (f) => ({ ...f, references: f.references.slice(0, 1) }), ['TOO_FEW_REFERENCES']],
  ['no references', (f) => ({ ...f, references: [] }), ['TOO_FEW_REFERENCES']],
  [
    'two references from the same company (case and spaces differ)',
    (f) => ({ ...f, references: [f.references[0]!, { ...f.references[1]!, company: '  big  RETAIL ' }] }),
    ['DUPLICATE_REFERENCE_COMPANY'],
  ],
  [
    'an expired certification',
    (f) => ({ ...f, certifications: [...f.certifications, { name: 'Old', issuer: 'X', validUntil: '2030-06-14' }] }),
    ['CERTIFICATION_EXPIRED'],
  ],
  ['a certificate valid through today', (f) => ({ ...f, certifications: [{ name: 'ISO 9001', issuer: 'X', validUntil: '2030-06-15' }] }), []],
  ['ISO 9001 declared but not listed', (f) => ({ ...f, certifications: [] }), ['ISO_9001_CERTIFICATE_MISSING']],
  ['no product categories', (f) => ({ ...f, productCategories: [] }), ['NO_PRODUCT_CATEGORIES']],
  ['zero capacity', (f) => ({ ...f, monthlyCapacityUnits: 0 }), ['NO_CAPACITY']],
  ['founded next year', (f) => ({ ...f, company: { ...f.company, yearFounded: 2031 } }), ['YEAR_FOUNDED_IN_FUTURE']],
  [
    'several gaps at once',
    (f) => ({ ...f, productCategories: [], monthlyCapacityUnits: 0, references: [] }),
    ['TOO_FEW_REFERENCES', 'NO_PRODUCT_CATEGORIES', 'NO_CAPACITY'],
  ],
];

describe('checkCompleteness', () => {
  it.each(cases)('%s', (_name, change, expected) => {
    const result = checkCompleteness(change(completeForm()), NOW);
    expect(result.missing.map((item) => item.code)).toEqual(expected);
    expect(result.complete).toBe(expected.length === 0);
  });

  it('points at the field and explains it in words', () => {
    const form = completeForm();
    const result = checkCompleteness({ ...form, certifications: [...form.certifications, { name: 'Old', issuer: 'X', validUntil: '2020-01-01' }] }, NOW);
    expect(result.missing[0]).toEqual({
      code: 'CERTIFICATION_EXPIRED',
      field: 'certifications.3.validUntil',
      message: expect.stringContaining('"Old" expired on 2020-01-01'),
    });
  });
});
