import { supplierRoutes } from '../../shared/contracts/suppliers';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { hasRole } from '../../shared/domain/actor';
import { toSupplierView } from './views';

/** GET /suppliers — operators: by status (approved by default), in name order; supplier users: the ones they act for. */
export const handler = readHandler(supplierRoutes.listSuppliers, async function listSuppliers({ query, actor }) {
  const byStatus = hasRole(actor, 'operator');
  const scope = byStatus ? `suppliers:status:${query.status ?? 'APPROVED'}` : `suppliers:owner:${actor.sub}:${query.status ?? '*'}`;
  const page = { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) };
  const result = byStatus
    ? await suppliersRepository.listSuppliersByStatus(query.status ?? 'APPROVED', page)
    : await suppliersRepository.listSuppliersForUser(actor, query.status, page);
  return { items: result.items.map(toSupplierView), nextToken: encodeNextToken(result.lastEvaluatedKey, scope) };
});
