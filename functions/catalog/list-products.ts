import { catalogRoutes } from '../../shared/contracts/catalog';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { hasRole } from '../../shared/domain/actor';
import { forbidden } from '../../shared/domain/errors';
import { actsForSupplier } from '../../shared/adapters/supplier-access';
import { toProductSummary } from './views';

/**
 * GET /products — by supplier (a supplier user: always its own), else by category (ACTIVE unless a status
 * is given), else by status (operators; ACTIVE by default). Every listing is one index query.
 */
export const handler = readHandler(catalogRoutes.listProducts, async function listProducts({ query, actor }) {
  const supplierId = query.supplierId ?? (hasRole(actor, 'operator') ? undefined : actor.supplierId);
  if (!hasRole(actor, 'operator') && (!supplierId || !(await actsForSupplier(actor, supplierId)))) {
    throw forbidden('Supplier users may only list their own supplier\'s products');
  }
  const status = query.status ?? (supplierId ? undefined : 'ACTIVE');
  const scope = `products:${supplierId ?? '*'}:${query.categoryId ?? '*'}:${status ?? '*'}`;
  const page = { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) };
  const result = supplierId
    ? await catalogRepository.listBySupplier(supplierId, { status, categoryId: query.categoryId }, page)
    : query.categoryId
      ? await catalogRepository.listByCategory(query.categoryId, status ?? 'ACTIVE', page)
      : await catalogRepository.listByStatus(status ?? 'ACTIVE', page);
  return { items: result.items.map(toProductSummary), nextToken: encodeNextToken(result.lastEvaluatedKey, scope) };
});
