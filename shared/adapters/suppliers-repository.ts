/**
 * Supplier applications and suppliers on the single table (keys: docs/data-model.md).
 * Every state change is a conditional write; when it announces an event, the outbox item goes in the
 * same transaction. Listings are GSI queries; nothing here scans. Every operation is a named function on
 * the module-scope table (`tableAccess`); handlers import the module as `suppliersRepository`, so
 * go-to-definition lands here. The seed's supplier writes take its own table access.
 */
import { conflict, found, notFound } from '../domain/errors';
import { applicationRefusal, companyKeyOf, reapplyCutoff, standingAfter, type CompanyIdentity, type CompanyStanding } from '../domain/suppliers/company';
import type { DomainEventDraft } from '../domain/events';
import { assertTransition } from '../domain/suppliers/application';
import type { ApplicationStatus, SupplierApplication } from '../domain/suppliers/application';
import type { ApplicationChange, ApplicationDecision, DecisionWaitEffect } from '../domain/suppliers/onboarding';
import { canViewSupplier, type Supplier, type SupplierStatus } from '../domain/suppliers/supplier';
import type { Actor } from '../domain/actor';
import { tableName } from './dynamo';
import { outboxPut, outboxPuts, stampEvent, type TransactWriteItem } from './outbox';
import { tableAccess as table, type Page, type PageRequest, type TableAccess } from './table-access';

/** The application plus what only the workflow needs: the task token of the step waiting for a decision. */
export interface StoredApplication extends SupplierApplication {
  readonly taskToken?: string;
}

/** How an application update goes: how often it may write, and what storage needs beside the decision. */
export interface ApplicationUpdateOptions<R> {
  /** Writes at most (each after the first on the application read again); then `'contention'`. */
  readonly attempts: number;
  readonly correlationId?: string;
  /** The task token of the step now waiting for a decision, kept when the decision says `STORE_TOKEN`. */
  readonly taskToken?: string;
  /** The answer when there is no such application. @default - 404 ApplicationNotFound */
  readonly whenMissing?: R;
}

/** The one-company-one-supplier guard (shared/domain/suppliers/company.ts). */
const companyGuardKey = (company: CompanyIdentity) => ({ pk: `COMPANY#${companyKeyOf(company)}`, sk: 'COMPANY' });

const companyGuardItem = (company: CompanyIdentity, standing: CompanyStanding, now: Date) => ({
  ...companyGuardKey(company),
  entity: 'CompanyGuard',
  country: company.country,
  registrationNumber: company.registrationNumber,
  ...standing,
  updatedAt: now.toISOString(),
});

const applicationKey = (applicationId: string) => ({ pk: `APPLICATION#${applicationId}`, sk: 'APPLICATION' });
const supplierKey = (supplierId: string) => ({ pk: `SUPPLIER#${supplierId}`, sk: 'PROFILE' });
const applicationsByStatus = (status: ApplicationStatus) => `APPLICATIONS#${status}`;
const suppliersByStatus = (status: SupplierStatus) => `SUPPLIERS#${status}`;

export const applicationItem = (application: StoredApplication) => ({
  ...applicationKey(application.applicationId),
  entity: 'SupplierApplication',
  gsi1pk: applicationsByStatus(application.status),
  gsi1sk: `${application.submittedAt}#${application.applicationId}`,
  gsi2pk: `APPLICANT#${application.applicantSub}`,
  gsi2sk: `${application.submittedAt}#${application.applicationId}`,
  ...application,
});

export const supplierItem = (supplier: Supplier) => ({
  ...supplierKey(supplier.supplierId),
  entity: 'Supplier',
  gsi1pk: suppliersByStatus(supplier.status),
  gsi1sk: `${supplier.name.toLowerCase()}#${supplier.supplierId}`,
  gsi2pk: `SUPPLIER_OWNER#${supplier.ownerSub}`,
  gsi2sk: supplier.supplierId,
  ...supplier,
});

const applicationUpdate = (applicationId: string, change: ApplicationChange, effects: readonly DecisionWaitEffect[], taskToken: string | undefined) => {
  if (change.status) for (const from of change.expectedStatuses) assertTransition(from, change.status);
  const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':updatedAt': change.now.toISOString() };
  const sets = ['#updatedAt = :updatedAt'];
  const fields: Record<string, unknown> = { ...change.set, ...(effects.includes('STORE_TOKEN') ? { taskToken } : {}) };
  if (change.status) {
    fields.status = change.status;
    fields.gsi1pk = applicationsByStatus(change.status);
  }
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  const removes = (effects.includes('DROP_TOKEN') ? ['taskToken'] : []).map((field) => {
    names[`#${field}`] = field;
    return `#${field}`;
  });
  const expected = change.expectedStatuses.map((status, index) => {
    values[`:expected${index}`] = status;
    return `:expected${index}`;
  });
  const absent = (change.requireAbsent ?? []).map((field) => {
    names[`#${field}`] = field;
    return ` AND attribute_not_exists(#${field})`;
  });
  return {
    TableName: tableName(),
    Key: applicationKey(applicationId),
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: `attribute_exists(pk) AND #status IN (${expected.join(', ')})${absent.join('')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
};

export function getApplication(applicationId: string): Promise<StoredApplication | undefined> {
  return table.getItem<StoredApplication>(applicationKey(applicationId));
}

export async function requireApplication(applicationId: string): Promise<StoredApplication> {
  return found(await getApplication(applicationId), 'Application', applicationId);
}

/**
 * A new application and its `SupplierApplicationSubmitted` event (and its creation guard, `alsoWrite`), together.
 * Refused by the company's guard: a 409 saying where the company stands (open application, supplier, cool-down).
 */
export async function createApplication(
  application: SupplierApplication,
  event: DomainEventDraft<object>,
  correlationId: string,
  alsoWrite: readonly TransactWriteItem[] = [],
  cooldownDays = 0,
): Promise<void> {
  const company = application.form.company;
  const now = new Date(application.submittedAt);
  // The company's guard opens with the application: absent, or closed long enough ago (or by our failure).
  const companyGuard: TransactWriteItem = {
    Put: {
      TableName: tableName(),
      Item: companyGuardItem(company, { state: 'OPEN', applicationId: application.applicationId }, now),
      ConditionExpression: 'attribute_not_exists(pk) OR (#state = :closed AND (#outcome = :failed OR #closedAt <= :cutoff))',
      ExpressionAttributeNames: { '#state': 'state', '#outcome': 'outcome', '#closedAt': 'closedAt' },
      ExpressionAttributeValues: { ':closed': 'CLOSED', ':failed': 'FAILED', ':cutoff': reapplyCutoff(now, cooldownDays) },
    },
  };
  const items = [
    { Put: { TableName: tableName(), Item: applicationItem(application), ConditionExpression: 'attribute_not_exists(pk)' } },
    outboxPut(stampEvent(event, correlationId)),
    ...alsoWrite,
    companyGuard,
  ];
  const outcome = await table.write(items);
  if (outcome === 'written') return;
  // Lost to another application of the company: its guard refused, or a racing transaction held it.
  const lostGuard = outcome === 'contention' || outcome.refused.includes(items.length - 1);
  const standing = lostGuard ? await companyStanding(company) : undefined;
  // Otherwise the key's creation guard is another run's (createOnce then answers that run's application).
  throw (lostGuard && applicationRefusal(company, standing, now, cooldownDays)) ||
    conflict('ApplicationNotSubmitted', `Application ${application.applicationId} was not submitted: another request won`);
}

/** Where a company stands (open application, supplier, closed), by its guard. */
export function companyStanding(company: CompanyIdentity): Promise<CompanyStanding | undefined> {
  return table.getItem<CompanyStanding>(companyGuardKey(company));
}

/** The items that write `decision`: the application's conditional update first, then the supplier, the events and the company's guard. */
const decisionItems = (applicationId: string, decision: ApplicationDecision<unknown>, options: ApplicationUpdateOptions<unknown>): TransactWriteItem[] => {
  const change = decision.change!;
  const standing = change.status ? standingAfter(change.status, applicationId, change.now, change.supplierId) : undefined;
  if (standing && !change.company) throw new Error(`a ${change.status} application must name its company (its guard moves too)`);
  return [
    { Update: applicationUpdate(applicationId, change, decision.effects ?? [], options.taskToken) },
    ...(decision.supplier ? [newSupplierPut(decision.supplier)] : []),
    ...outboxPuts(decision.events, options.correlationId),
    // Unconditional: the application's own condition above decides whether any of this is written.
    ...(standing && change.company ? [{ Put: { TableName: tableName(), Item: companyGuardItem(change.company, standing, change.now) } }] : []),
  ];
};

/**
 * Writes what `decide` makes of the application (`undefined`: decided before reading), and when the write is
 * refused (the application moved on) or lost to another transaction, reads it again and decides again.
 */
async function decideAndWrite<R>(
  applicationId: string,
  decide: (application: StoredApplication | undefined) => ApplicationDecision<R>,
  options: ApplicationUpdateOptions<R>,
  readFirst: boolean,
): Promise<R | 'contention'> {
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    const application = readFirst || attempt > 0 ? await getApplication(applicationId) : undefined;
    if ((readFirst || attempt > 0) && !application) {
      if (options.whenMissing !== undefined) return options.whenMissing;
      throw notFound('Application', applicationId);
    }
    const decision = decide(application);
    if (!decision.change) return decision.answer;
    const outcome = await table.write(decisionItems(applicationId, decision, options));
    if (outcome === 'written') return decision.answer;
    if (outcome !== 'contention' && decision.answerIfRefused !== undefined) return decision.answerIfRefused;
  }
  return 'contention';
}

/**
 * Load, decide, save: reads the application, writes what `decide` (a domain decision,
 * shared/domain/suppliers/onboarding.ts) makes of it with its events in one transaction, conditional on the
 * statuses it moves from; refused or lost, reads and decides again. `'contention'` when `attempts` ran out.
 */
export function updateApplication<R>(
  applicationId: string,
  decide: (application: StoredApplication) => ApplicationDecision<R>,
  options: ApplicationUpdateOptions<R>,
): Promise<R | 'contention'> {
  return decideAndWrite(applicationId, (application) => decide(application!), options, true);
}

/**
 * As `updateApplication` for a change whose condition is its whole check: it is decided and written before any
 * read (`decide(undefined)`), and the application is read only when that write is refused or lost.
 */
export function updateApplicationUnread<R>(
  applicationId: string,
  decide: (application: StoredApplication | undefined) => ApplicationDecision<R>,
  options: ApplicationUpdateOptions<R>,
): Promise<R | 'contention'> {
  return decideAndWrite(applicationId, decide, options, false);
}

export function listApplicationsByStatus(status: ApplicationStatus, page: PageRequest) {
  return table.query<StoredApplication>('GSI1', applicationsByStatus(status), page, { newestFirst: true });
}

export function listApplicationsByApplicant(applicantSub: string, status: ApplicationStatus | undefined, page: PageRequest) {
  return table.query<StoredApplication>('GSI2', `APPLICANT#${applicantSub}`, page, { newestFirst: true, filters: { status } });
}

export function getSupplier(supplierId: string): Promise<Supplier | undefined> {
  return table.getItem<Supplier>(supplierKey(supplierId));
}

/** The supplier if `actor` may see it; to anyone else it does not exist (404, not 403: ids cannot be probed). */
export async function requireSupplierVisibleTo(actor: Actor, supplierId: string): Promise<Supplier> {
  const supplier = await getSupplier(supplierId);
  if (!supplier || !canViewSupplier(actor, supplier)) throw notFound('Supplier', supplierId);
  return supplier;
}

/** The Put of a new supplier, for a transaction (fails if the id is taken). */
export function newSupplierPut(supplier: Supplier): TransactWriteItem {
  return { Put: { TableName: tableName(), Item: supplierItem(supplier), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Writes a supplier once; false if it already exists (used by the demo seed, with its own table access). */
export async function putSupplierOnce(supplier: Supplier, access: TableAccess = table): Promise<boolean> {
  const outcome = await access.write([
    { Put: { TableName: access.tableName(), Item: supplierItem(supplier), ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
  return outcome === 'written';
}

export function listSuppliersByStatus(status: SupplierStatus, page: PageRequest) {
  return table.query<Supplier>('GSI1', suppliersByStatus(status), page);
}

/**
 * The suppliers a supplier user acts for: those it owns (GSI2), and on the last page the one its
 * token names (`custom:supplierId`, a member who did not apply) unless it owns that one already.
 * The owned listing pages by its own keys, so the extra supplier never disturbs `nextToken`; and a
 * page without a LastEvaluatedKey holds fewer than `limit` items, so there is room for it.
 */
export async function listSuppliersForUser(
  user: { readonly sub: string; readonly supplierId?: string },
  status: SupplierStatus | undefined,
  page: PageRequest,
): Promise<Page<Supplier>> {
  const owned = await table.query<Supplier>('GSI2', `SUPPLIER_OWNER#${user.sub}`, page, { filters: { status } });
  if (!user.supplierId || owned.lastEvaluatedKey) return owned;
  const member = await getSupplier(user.supplierId);
  const notListedYet = member && member.ownerSub !== user.sub && (status === undefined || member.status === status);
  return notListedYet ? { items: [...owned.items, member] } : owned;
}
