import type { SupplierApplicationForm } from '../../../shared/domain/suppliers/form';
import type { ContractTerms } from '../../../shared/domain/suppliers/terms';

export const NOW = new Date('2030-06-15T12:00:00.000Z');

/** A strong, complete application: every criterion at full marks. */
export const completeForm = (): SupplierApplicationForm => ({
  company: {
    legalName: 'Acme Manufacturing GmbH',
    tradingName: 'Acme',
    country: 'DE',
    registrationNumber: 'DE123456789',
    website: 'https://acme.example',
    yearFounded: 2005,
  },
  contacts: [
    { name: 'Ada Lovelace', email: 'ada@acme.example', phone: '+49 30 1234567', primary: true },
    { name: 'Bob Builder', email: 'bob@acme.example', primary: false },
  ],
  productCategories: ['kitchen'],
  certifications: [
    { name: 'ISO 9001:2015', issuer: 'TÜV', validUntil: '2031-01-01' },
    { name: 'ISO 14001', issuer: 'TÜV', validUntil: '2031-01-01' },
    { name: 'BSCI', issuer: 'amfori', validUntil: '2030-06-15' },
  ],
  monthlyCapacityUnits: 20_000,
  qualitySystem: { type: 'ISO_9001_CERTIFIED', defectRatePpm: 300, inspectionProcess: 'AQL sampling at dispatch' },
  references: [
    { company: 'Big Retail', contactName: 'Carol', email: 'carol@big.example' },
    { company: 'Small Shop', contactName: 'Dan', email: 'dan@small.example' },
    { company: 'Third Store', contactName: 'Eve', email: 'eve@third.example' },
  ],
});

export const validTerms = (): ContractTerms => ({
  paymentTermsDays: 30,
  leadTimeDays: 14,
  minimumOrderQuantity: 50,
  qualityStandard: 'AQL 2.5 General Inspection Level II',
  returnPolicy: { returnWindowDays: 30, defectHandling: 'REPLACE' },
});
