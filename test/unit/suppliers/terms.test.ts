import { describe, expect, it } from 'vitest';
import { validateContractTerms, type ContractTerms } from '../../../shared/domain/suppliers/terms';
import { validTerms } from './fixtures';

const t = validTerms;

describe('validateContractTerms', () => {
  it.each<[string, ContractTerms, string[]]>([
    ['valid terms', t(), []],
    ['payment 0 days (prepaid) is fine', { ...t(), paymentTermsDays: 0 }, []],
    ['payment 120 days is the maximum', { ...t(), paymentTermsDays: 120 }, []],
    ['payment 121 days', { ...t(), paymentTermsDays: 121 }, ['paymentTermsDays']],
    ['negative payment days', { ...t(), paymentTermsDays: -1 }, ['paymentTermsDays']],
    ['lead time 0', { ...t(), leadTimeDays: 0 }, ['leadTimeDays']],
    ['lead time 180', { ...t(), leadTimeDays: 180 }, []],
    ['lead time 181', { ...t(), leadTimeDays: 181 }, ['leadTimeDays']],
    ['fractional lead time', { ...t(), leadTimeDays: 1.5 }, ['leadTimeDays']],
    ['MOQ 0', { ...t(), minimumOrderQuantity: 0 }, ['minimumOrderQuantity']],
    ['MOQ 1', { ...t(), minimumOrderQuantity: 1 }, []],
    ['AQL 1.0 alone', { ...t(), qualityStandard: 'AQL 1.0' }, []],
    ['not an AQL level', { ...t(), qualityStandard: 'good quality' }, ['qualityStandard']],
    ['AQL level that does not exist', { ...t(), qualityStandard: 'AQL 3.0' }, ['qualityStandard']],
    ['return window 400 days', { ...t(), returnPolicy: { returnWindowDays: 400, defectHandling: 'REFUND' } }, ['returnPolicy.returnWindowDays']],
    [
      'several at once',
      { ...t(), paymentTermsDays: 200, leadTimeDays: 0, minimumOrderQuantity: 0 },
      ['paymentTermsDays', 'leadTimeDays', 'minimumOrderQuantity'],
    ],
  ])('%s', (_name, terms, fields) => {
    expect(validateContractTerms(terms).map((error) => error.field)).toEqual(fields);
  });
});
