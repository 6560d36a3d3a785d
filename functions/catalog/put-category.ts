import { catalogRoutes } from '../../shared/contracts/catalog';
import { httpHandler } from '../../shared/http/handler';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import type { Category } from '../../shared/domain/catalog/category';
import { toCategoryView } from './views';

/** PUT /categories/{id} — operators define a category; new listings are checked against it from now on. */
export const handler = httpHandler(catalogRoutes.putCategory, async function putCategoryRoute({ path, body, actor }) {
  const category: Category = { categoryId: path.id, ...body, updatedAt: clock.now().toISOString(), updatedBy: actor.sub };
  await catalogRepository.putCategory(category);
  logger.info('category stored', { categoryId: path.id });
  return toCategoryView(category);
});
