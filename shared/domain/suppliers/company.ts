/**
 * One company, one supplier: a company — its registration number in its country — may have one open
 * application and one supplier. While either exists, a new application is refused (409) pointing to it;
 * after a rejection or an expiry the company may apply again once a cool-down has passed (a workflow
 * failure of ours holds nothing against it). Enforced by a guard item per company, written in the same
 * transaction as the application (docs/data-model.md).
 */
import { DomainError } from '../errors';
import type { ApplicationStatus } from './application';
import type { CompanyProfile } from './form';

export const DEFAULT_REAPPLY_COOLDOWN_DAYS = 90;

export type CompanyIdentity = Pick<CompanyProfile, 'country' | 'registrationNumber'>;

/** `DE#DE123456789`: country upper-case, registration number without case, spaces or punctuation. */
export const companyKeyOf = (company: CompanyIdentity): string =>
  `${company.country.trim().toUpperCase()}#${company.registrationNumber.toUpperCase().replace(/[^0-9A-Z]/g, '')}`;

/** Where a company stands, as its guard records it. */
export type CompanyStanding =
  | { readonly state: 'OPEN'; readonly applicationId: string }
  | { readonly state: 'SUPPLIER'; readonly applicationId: string; readonly supplierId: string }
  | { readonly state: 'CLOSED'; readonly applicationId: string; readonly outcome: ClosingOutcome; readonly closedAt: string };

export type ClosingOutcome = Extract<ApplicationStatus, 'REJECTED' | 'EXPIRED' | 'FAILED'>;

/** What a final status of its application makes of the company's standing (undefined: it stays open). */
export const standingAfter = (
  status: ApplicationStatus,
  applicationId: string,
  now: Date,
  supplierId?: string,
): CompanyStanding | undefined => {
  if (status === 'APPROVED') {
    if (!supplierId) throw new Error('an approved application names its supplier');
    return { state: 'SUPPLIER', applicationId, supplierId };
  }
  if (status === 'REJECTED' || status === 'EXPIRED' || status === 'FAILED') {
    return { state: 'CLOSED', applicationId, outcome: status, closedAt: now.toISOString() };
  }
  return undefined;
};

/** The first moment a closed company may apply again. */
export const reapplyFrom = (standing: Extract<CompanyStanding, { state: 'CLOSED' }>, cooldownDays: number): Date =>
  standing.outcome === 'FAILED' ? new Date(standing.closedAt) : new Date(Date.parse(standing.closedAt) + cooldownDays * 86_400_000);

/** The latest `closedAt` from which a company may apply again at `now` (the guard's write condition). */
export const reapplyCutoff = (now: Date, cooldownDays: number): string => new Date(now.getTime() - cooldownDays * 86_400_000).toISOString();

const FIELDS = [{ field: 'company.registrationNumber', message: 'this company already applied' }];

/**
 * Why `company` may not apply now (a 409 naming the existing application or supplier), or undefined.
 * `existing` is the problem's extension member: ids and the link to follow.
 */
export const applicationRefusal = (
  company: CompanyIdentity & { readonly legalName?: string },
  standing: CompanyStanding | undefined,
  now: Date,
  cooldownDays: number,
): DomainError | undefined => {
  if (!standing) return undefined;
  const who = `${company.legalName ?? 'This company'} (registration ${company.registrationNumber}, ${company.country})`;
  const applicationLink = `/suppliers/applications/${standing.applicationId}`;
  if (standing.state === 'OPEN') {
    return new DomainError('conflict', 'CompanyApplicationOpen', `${who} already has an open application, ${standing.applicationId}: follow it at ${applicationLink} instead of applying again`, FIELDS, {
      existing: { applicationId: standing.applicationId, href: applicationLink },
    });
  }
  if (standing.state === 'SUPPLIER') {
    const supplierLink = `/suppliers/${standing.supplierId}`;
    return new DomainError('conflict', 'CompanyAlreadySupplier', `${who} is already supplier ${standing.supplierId} (${supplierLink}); a company is one supplier`, FIELDS, {
      existing: { supplierId: standing.supplierId, applicationId: standing.applicationId, href: supplierLink },
    });
  }
  const from = reapplyFrom(standing, cooldownDays);
  if (from.getTime() <= now.getTime()) return undefined;
  return new DomainError(
    'conflict',
    'ReapplyTooSoon',
    `${who} had application ${standing.applicationId} ${standing.outcome.toLowerCase()} on ${standing.closedAt.slice(0, 10)}; it may apply again from ${from.toISOString()} (${cooldownDays}-day cool-down)`,
    FIELDS,
    { existing: { applicationId: standing.applicationId, href: applicationLink, reapplyFrom: from.toISOString() } },
  );
};
