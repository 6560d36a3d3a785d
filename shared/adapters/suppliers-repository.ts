/**
 * Supplier applications and suppliers on the single table (keys: docs/data-model.md).
 * Every state change is a conditional write; when it announces an event, the outbox item goes in the
 * same transaction. Listings are GSI queries; nothing here scans.
 */
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { notFound } from '../domain/errors';
import { applicationRefusal, companyKeyOf, reapplyCutoff, standingAfter, type CompanyIdentity, type CompanyStanding } from '../domain/suppliers/company';
import type { DomainEventDraft } from '../domain/events';
import { assertTransition } from '../domain/suppliers/application';
import type { ApplicationStatus, SupplierApplication } from '../domain/suppliers/application';
import { canViewSupplier, type Supplier, type SupplierStatus } from '../domain/suppliers/supplier';
import type { Actor } from '../domain/actor';
import { cancellationReasons, documentClient, tableName, writeIfConditionHolds } from './dynamo';
import { outboxPut, outboxPuts, stampEvent, type TransactWriteItem } from './outbox';
import { createTableAccess, type Page, type PageRequest } from './table-access';

/** The application plus what only the workflow needs: the task token of the step waiting for a decision. */
export interface StoredApplication extends SupplierApplication {
  readonly taskToken?: string;
}

export interface ApplicationChange {
  /** The write only happens while the application is in one of these statuses. */
  readonly expectedStatuses: readonly ApplicationStatus[];
  /** New status; omit to keep it (then the write only records fields). */
  readonly status?: ApplicationStatus;
  readonly set?: Partial<Omit<StoredApplication, 'applicationId' | 'status' | 'updatedAt'>>;
  readonly remove?: readonly (keyof StoredApplication)[];
  /** Fields that must not be present yet (e.g. `reminderSentAt`: remind once). */
  readonly requireAbsent?: readonly (keyof StoredApplication)[];
  readonly events?: readonly DomainEventDraft<object>[];
  readonly correlationId?: string;
  /** Other items written in the same transaction (e.g. the new supplier). */
  readonly alsoWrite?: readonly TransactWriteItem[];
  /**
   * The applying company: required with a final status (APPROVED, REJECTED, EXPIRED, FAILED), whose write
   * also moves the company's guard (supplier, or closed with its cool-down) in the same transaction.
   */
  readonly company?: CompanyIdentity;
  /** The supplier an APPROVED application became (for the company guard). */
  readonly supplierId?: string;
  readonly now: Date;
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

/** `client`/`table` are injectable so the local cloud's seed writes exactly the same items. */
export const createSuppliersRepository = (client: DynamoDBDocumentClient, table: () => string) => {
  const { getItem, query, writeTogether } = createTableAccess(client, table);

  const applicationUpdate = (applicationId: string, change: ApplicationChange) => {
    if (change.status) for (const from of change.expectedStatuses) assertTransition(from, change.status);
    const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':updatedAt': change.now.toISOString() };
    const sets = ['#updatedAt = :updatedAt'];
    const fields: Record<string, unknown> = { ...change.set };
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
    const removes = (change.remove ?? []).map((field) => {
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
      TableName: table(),
      Key: applicationKey(applicationId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: `attribute_exists(pk) AND #status IN (${expected.join(', ')})${absent.join('')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  };

  const repository = {
    getApplication: (applicationId: string) => getItem<StoredApplication>(applicationKey(applicationId)),

    async requireApplication(applicationId: string): Promise<StoredApplication> {
      const application = await repository.getApplication(applicationId);
      if (!application) throw notFound('Application', applicationId);
      return application;
    },

    /** A new application and its `SupplierApplicationSubmitted` event (and its creation guard, `alsoWrite`), together. */
    async createApplication(
      application: SupplierApplication,
      event: DomainEventDraft<object>,
      correlationId: string,
      alsoWrite: readonly TransactWriteItem[] = [],
      cooldownDays = 0,
    ) {
      const company = application.form.company;
      const now = new Date(application.submittedAt);
      // The company's guard opens with the application: absent, or closed long enough ago (or by our failure).
      const companyGuard: TransactWriteItem = {
        Put: {
          TableName: table(),
          Item: companyGuardItem(company, { state: 'OPEN', applicationId: application.applicationId }, now),
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :closed AND (#outcome = :failed OR #closedAt <= :cutoff))',
          ExpressionAttributeNames: { '#state': 'state', '#outcome': 'outcome', '#closedAt': 'closedAt' },
          ExpressionAttributeValues: { ':closed': 'CLOSED', ':failed': 'FAILED', ':cutoff': reapplyCutoff(now, cooldownDays) },
        },
      };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table(), Item: applicationItem(application), ConditionExpression: 'attribute_not_exists(pk)' } },
              outboxPut(stampEvent(event, correlationId)),
              ...alsoWrite,
              companyGuard,
            ],
          }),
        );
      } catch (err) {
        // Lost to another application of the company: its condition failed, or a racing transaction held the guard.
        const guardReason = cancellationReasons(err)[alsoWrite.length + 2]?.Code;
        if (guardReason !== 'ConditionalCheckFailed' && guardReason !== 'TransactionConflict') throw err;
        const standing = await getItem<CompanyStanding>(companyGuardKey(company));
        throw applicationRefusal(company, standing, now, cooldownDays) ?? err;
      }
    },

    /** Where a company stands (open application, supplier, closed), by its guard. */
    companyStanding: (company: CompanyIdentity) => getItem<CompanyStanding>(companyGuardKey(company)),

    /**
     * Applies `change` if the application is in one of `expectedStatuses` (and the required fields are
     * absent). Returns false when that condition does not hold — the caller re-reads and decides.
     */
    async updateApplication(applicationId: string, change: ApplicationChange): Promise<boolean> {
      const standing = change.status ? standingAfter(change.status, applicationId, change.now, change.supplierId) : undefined;
      if (standing && !change.company) throw new Error(`a ${change.status} application must name its company (its guard moves too)`);
      return writeTogether([
        { Update: applicationUpdate(applicationId, change) },
        ...(change.alsoWrite ?? []),
        ...outboxPuts(change.events, change.correlationId),
        // Unconditional: the application's own condition above decides whether any of this is written.
        ...(standing && change.company ? [{ Put: { TableName: table(), Item: companyGuardItem(change.company, standing, change.now) } }] : []),
      ]);
    },

    listApplicationsByStatus: (status: ApplicationStatus, page: PageRequest) =>
      query<StoredApplication>('GSI1', applicationsByStatus(status), page, { newestFirst: true }),

    listApplicationsByApplicant: (applicantSub: string, status: ApplicationStatus | undefined, page: PageRequest) =>
      query<StoredApplication>('GSI2', `APPLICANT#${applicantSub}`, page, { newestFirst: true, filters: { status } }),

    getSupplier: (supplierId: string) => getItem<Supplier>(supplierKey(supplierId)),

    /** The supplier if `actor` may see it; to anyone else it does not exist (404, not 403: ids cannot be probed). */
    async requireSupplierVisibleTo(actor: Actor, supplierId: string): Promise<Supplier> {
      const supplier = await repository.getSupplier(supplierId);
      if (!supplier || !canViewSupplier(actor, supplier)) throw notFound('Supplier', supplierId);
      return supplier;
    },

    /** The Put of a new supplier, for a transaction (fails if the id is taken). */
    newSupplierPut: (supplier: Supplier): TransactWriteItem => ({
      Put: { TableName: table(), Item: supplierItem(supplier), ConditionExpression: 'attribute_not_exists(pk)' },
    }),

    /** Writes a supplier once; false if it already exists (used by the demo seed). */
    putSupplierOnce: (supplier: Supplier): Promise<boolean> =>
      writeIfConditionHolds(() =>
        client.send(
          new PutCommand({ TableName: table(), Item: supplierItem(supplier), ConditionExpression: 'attribute_not_exists(pk)' }),
        ),
      ),

    listSuppliersByStatus: (status: SupplierStatus, page: PageRequest) =>
      query<Supplier>('GSI1', suppliersByStatus(status), page),

    /**
     * The suppliers a supplier user acts for: those it owns (GSI2), and on the last page the one its
     * token names (`custom:supplierId`, a member who did not apply) unless it owns that one already.
     * The owned listing pages by its own keys, so the extra supplier never disturbs `nextToken`; and a
     * page without a LastEvaluatedKey holds fewer than `limit` items, so there is room for it.
     */
    async listSuppliersForUser(
      user: { readonly sub: string; readonly supplierId?: string },
      status: SupplierStatus | undefined,
      page: PageRequest,
    ): Promise<Page<Supplier>> {
      const owned = await query<Supplier>('GSI2', `SUPPLIER_OWNER#${user.sub}`, page, { filters: { status } });
      if (!user.supplierId || owned.lastEvaluatedKey) return owned;
      const member = await repository.getSupplier(user.supplierId);
      const notListedYet = member && member.ownerSub !== user.sub && (status === undefined || member.status === status);
      return notListedYet ? { items: [...owned.items, member] } : owned;
    },
  };
  return repository;
};

export type SuppliersRepository = ReturnType<typeof createSuppliersRepository>;

/** The repository product code uses: the module-scope client and the table from TABLE_NAME. */
export const suppliersRepository = createSuppliersRepository(documentClient, tableName);
