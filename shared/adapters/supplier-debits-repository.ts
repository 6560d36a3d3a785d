/**
 * Debits to suppliers (shared/domain/suppliers/debit.ts) in the supplier's partition: `SUPPLIER#<id>` /
 * `DEBIT#<recordedAt>#<debitId>`, beside its profile and scorecards. Written by the context that causes them, in its
 * own transaction (a return's receipt); listed newest first by one key Query.
 */
import type { SupplierDebit } from '../domain/suppliers/debit';
import { tableName } from './dynamo';
import type { TransactWriteItem } from './outbox';
import { tableAccess as table, type PageRequest } from './table-access';

const debitKey = (debit: Pick<SupplierDebit, 'supplierId' | 'recordedAt' | 'debitId'>) => ({ pk: `SUPPLIER#${debit.supplierId}`, sk: `DEBIT#${debit.recordedAt}#${debit.debitId}` });

/** The Put of a new debit, for the causing transaction. */
export const debitPut = (debit: SupplierDebit): TransactWriteItem => ({
  Put: { TableName: tableName(), Item: { ...debitKey(debit), entity: 'SupplierDebit', ...debit }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** A supplier's debits, newest first (one key Query, paged). */
export function listDebits(supplierId: string, page: PageRequest) {
  return table.queryRange<SupplierDebit>(`SUPPLIER#${supplierId}`, 'DEBIT#', 'DEBIT#\uffff', page, { newestFirst: true });
}
