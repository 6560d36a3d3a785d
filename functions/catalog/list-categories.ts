import { catalogRoutes } from '../../shared/contracts/catalog';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { toCategoryView } from './views';

const SCOPE = 'categories';

/** GET /categories — every category, by id, with what its products must state and the margin floor. */
export const handler = readHandler(catalogRoutes.listCategories, async function listCategoriesRoute({ query }) {
  const result = await catalogRepository.listCategories({ limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, SCOPE) });
  return { items: result.items.map(toCategoryView), nextToken: encodeNextToken(result.lastEvaluatedKey, SCOPE) };
});
