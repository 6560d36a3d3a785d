/**
 * Contract terms an operator grants when approving a supplier. The request schema checks the shape;
 * `validateContractTerms` holds the business limits, so the API and the workflow refuse the same things.
 */
import type { FieldError } from '../errors';

export const DEFECT_HANDLING = ['REPLACE', 'REFUND', 'CREDIT_NOTE'] as const;
export type DefectHandling = (typeof DEFECT_HANDLING)[number];

export interface ReturnPolicy {
  /** Days after delivery within which we may return goods to the supplier. */
  readonly returnWindowDays: number;
  readonly defectHandling: DefectHandling;
}

export interface ContractTerms {
  readonly paymentTermsDays: number;
  readonly leadTimeDays: number;
  readonly minimumOrderQuantity: number;
  /** Acceptance sampling level, e.g. `AQL 2.5 General Inspection Level II`. */
  readonly qualityStandard: string;
  readonly returnPolicy: ReturnPolicy;
}

export const TERMS_LIMITS = {
  paymentTermsDays: { min: 0, max: 120 },
  leadTimeDays: { min: 1, max: 180 },
  minimumOrderQuantity: { min: 1, max: 1_000_000 },
  returnWindowDays: { min: 0, max: 365 },
} as const;

/** `AQL 2.5`, `AQL 1.0 General Inspection Level II`, … (ISO 2859-1 levels). */
const AQL_PATTERN = /^AQL\s+(0\.010|0\.015|0\.025|0\.040|0\.065|0\.10|0\.15|0\.25|0\.40|0\.65|1\.0|1\.5|2\.5|4\.0|6\.5)\b/i;

const inRange = (
  errors: FieldError[],
  field: string,
  value: number,
  { min, max }: { readonly min: number; readonly max: number },
) => {
  if (!Number.isInteger(value) || value < min || value > max) {
    errors.push({ field, message: `Must be a whole number from ${min} to ${max}.` });
  }
};

export function validateContractTerms(terms: ContractTerms): FieldError[] {
  const errors: FieldError[] = [];
  inRange(errors, 'paymentTermsDays', terms.paymentTermsDays, TERMS_LIMITS.paymentTermsDays);
  inRange(errors, 'leadTimeDays', terms.leadTimeDays, TERMS_LIMITS.leadTimeDays);
  inRange(errors, 'minimumOrderQuantity', terms.minimumOrderQuantity, TERMS_LIMITS.minimumOrderQuantity);
  inRange(errors, 'returnPolicy.returnWindowDays', terms.returnPolicy.returnWindowDays, TERMS_LIMITS.returnWindowDays);
  if (!AQL_PATTERN.test(terms.qualityStandard.trim())) {
    errors.push({
      field: 'qualityStandard',
      message: 'Name an AQL level from ISO 2859-1, e.g. "AQL 2.5 General Inspection Level II".',
    });
  }
  if (!DEFECT_HANDLING.includes(terms.returnPolicy.defectHandling)) {
    errors.push({ field: 'returnPolicy.defectHandling', message: `One of ${DEFECT_HANDLING.join(', ')}.` });
  }
  return errors;
}
