import { catalogRoutes } from '../../shared/contracts/catalog';
import { httpHandler } from '../../shared/http/handler';
import { productVisibleTo } from './access';
import { toProductView } from './views';

/** GET /products/{id} — the product with its live version, latest revision, findings and history. */
export const handler = httpHandler(catalogRoutes.getProduct, async ({ path, actor }) =>
  toProductView(await productVisibleTo(actor, path.id)),
);
