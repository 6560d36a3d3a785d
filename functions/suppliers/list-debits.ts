import { supplierRoutes } from '../../shared/contracts/suppliers';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import * as supplierDebits from '../../shared/adapters/supplier-debits-repository';

/** GET /suppliers/{id}/debits — operators, or the supplier itself: what it was debited, newest first (returned goods sent back). */
export const handler = readHandler(supplierRoutes.listSupplierDebits, async function listSupplierDebits({ path, query, actor }) {
  const supplier = await suppliersRepository.requireSupplierVisibleTo(actor, path.id);
  const scope = `suppliers:debits:${supplier.supplierId}`;
  const page = await supplierDebits.listDebits(supplier.supplierId, { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) });
  return {
    items: page.items.map(({ debitId, reason, returnId, orderId, sku, quantity, unitAmount, amount, basis, returnReason, recordedAt }) => ({ debitId, reason, returnId, orderId, sku, quantity, unitAmount, amount, basis, returnReason, recordedAt })),
    nextToken: encodeNextToken(page.lastEvaluatedKey, scope),
  };
});
