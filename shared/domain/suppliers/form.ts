/** What an applicant fills in to become a supplier. Shapes only; the rules live next door. */

export const QUALITY_SYSTEMS = ['ISO_9001_CERTIFIED', 'DOCUMENTED_QMS', 'NONE'] as const;
export type QualitySystemType = (typeof QUALITY_SYSTEMS)[number];

export interface CompanyProfile {
  readonly legalName: string;
  readonly tradingName?: string;
  /** ISO 3166-1 alpha-2, e.g. `DE`. */
  readonly country: string;
  /** VAT or company registration number, as printed on the register. */
  readonly registrationNumber: string;
  readonly website?: string;
  readonly yearFounded: number;
}

export interface Contact {
  readonly name: string;
  readonly role?: string;
  /** A contact needs an email or a phone; the primary contact is checked in `checkCompleteness`. */
  readonly email?: string;
  readonly phone?: string;
  readonly primary: boolean;
}

export interface Certification {
  readonly name: string;
  readonly issuer: string;
  /** Calendar date `YYYY-MM-DD` (UTC); the certificate is valid through that day. */
  readonly validUntil: string;
}

export interface QualitySystem {
  readonly type: QualitySystemType;
  /** Defects per million units shipped, as the applicant measured it over the last year. */
  readonly defectRatePpm: number;
  /** How goods are inspected before shipping (sampling plan, who signs off). */
  readonly inspectionProcess?: string;
}

export interface TradeReference {
  readonly company: string;
  readonly contactName: string;
  readonly email: string;
}

/** What the applicant fills in. The schema checks shapes; `checkCompleteness` checks the business rules. */
export interface SupplierApplicationForm {
  readonly company: CompanyProfile;
  readonly contacts: Contact[];
  readonly productCategories: string[];
  readonly certifications: Certification[];
  readonly monthlyCapacityUnits: number;
  readonly qualitySystem: QualitySystem;
  readonly references: TradeReference[];
}

export const displayName = (company: CompanyProfile): string => company.tradingName ?? company.legalName;

export const primaryContact = (form: SupplierApplicationForm): Contact | undefined =>
  form.contacts.find((contact) => contact.primary);

/**
 * How many different companies the trade references come from. Names are compared ignoring case and
 * spacing (`Big Retail` = `  big  RETAIL `), so completeness and scoring count the same companies.
 */
export const distinctReferenceCompanies = (form: Pick<SupplierApplicationForm, 'references'>): number =>
  new Set(form.references.map((reference) => reference.company.trim().replace(/\s+/g, ' ').toLowerCase())).size;
