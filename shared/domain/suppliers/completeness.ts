/**
 * Business completeness of an application, beyond what the request schema can say: the schema
 * accepts a well-formed form; this decides whether it holds everything we need to assess a supplier.
 * An incomplete application is rejected with these messages, so they are written for the applicant.
 */
import { distinctReferenceCompanies, type SupplierApplicationForm } from './form';

export type MissingItemCode =
  | 'NO_CONTACT'
  | 'NO_PRIMARY_CONTACT'
  | 'SEVERAL_PRIMARY_CONTACTS'
  | 'PRIMARY_CONTACT_UNREACHABLE'
  | 'TOO_FEW_REFERENCES'
  | 'DUPLICATE_REFERENCE_COMPANY'
  | 'CERTIFICATION_EXPIRED'
  | 'NO_PRODUCT_CATEGORIES'
  | 'NO_CAPACITY'
  | 'YEAR_FOUNDED_IN_FUTURE'
  | 'ISO_9001_CERTIFICATE_MISSING';

export interface MissingItem {
  readonly code: MissingItemCode;
  /** Where in the form, e.g. `references` or `certifications.1.validUntil`. */
  readonly field: string;
  readonly message: string;
}

export interface CompletenessResult {
  readonly complete: boolean;
  readonly missing: MissingItem[];
}

export const MINIMUM_REFERENCES = 2;

/** `YYYY-MM-DD` of `now` in UTC: certificates are valid through their `validUntil` day. */
const utcDate = (now: Date) => now.toISOString().slice(0, 10);

export function checkCompleteness(form: SupplierApplicationForm, now: Date): CompletenessResult {
  const missing: MissingItem[] = [];
  const add = (code: MissingItemCode, field: string, message: string) => missing.push({ code, field, message });

  const primaries = form.contacts.filter((contact) => contact.primary);
  if (form.contacts.length === 0) add('NO_CONTACT', 'contacts', 'Add at least one contact person.');
  else if (primaries.length === 0) add('NO_PRIMARY_CONTACT', 'contacts', 'Mark one contact as the primary contact.');
  else if (primaries.length > 1) add('SEVERAL_PRIMARY_CONTACTS', 'contacts', 'Mark only one contact as primary.');
  const primary = primaries[0];
  if (primaries.length === 1 && primary && !primary.email?.trim() && !primary.phone?.trim()) {
    add('PRIMARY_CONTACT_UNREACHABLE', 'contacts', 'Give the primary contact an email address or a phone number.');
  }

  const distinctCompanies = distinctReferenceCompanies(form);
  if (distinctCompanies < MINIMUM_REFERENCES) {
    const duplicates = distinctCompanies < form.references.length;
    add(
      duplicates ? 'DUPLICATE_REFERENCE_COMPANY' : 'TOO_FEW_REFERENCES',
      'references',
      duplicates
        ? `Give references from at least ${MINIMUM_REFERENCES} different companies (some references share a company).`
        : `Give at least ${MINIMUM_REFERENCES} trade references from different companies.`,
    );
  }

  const today = utcDate(now);
  form.certifications.forEach((certification, index) => {
    if (certification.validUntil < today) {
      add(
        'CERTIFICATION_EXPIRED',
        `certifications.${index}.validUntil`,
        `The certification "${certification.name}" expired on ${certification.validUntil}; renew it or remove it.`,
      );
    }
  });
  if (
    form.qualitySystem.type === 'ISO_9001_CERTIFIED' &&
    !form.certifications.some((certification) => /iso\s*9001/i.test(certification.name))
  ) {
    add(
      'ISO_9001_CERTIFICATE_MISSING',
      'certifications',
      'The quality system is declared ISO 9001 certified: list the ISO 9001 certificate.',
    );
  }

  if (form.productCategories.length === 0) {
    add('NO_PRODUCT_CATEGORIES', 'productCategories', 'Name at least one product category you supply.');
  }
  if (form.monthlyCapacityUnits <= 0) {
    add('NO_CAPACITY', 'monthlyCapacityUnits', 'State your monthly production capacity in units (more than 0).');
  }
  if (form.company.yearFounded > now.getUTCFullYear()) {
    add('YEAR_FOUNDED_IN_FUTURE', 'company.yearFounded', 'The year founded cannot be in the future.');
  }

  return { complete: missing.length === 0, missing };
}
