import { catalogRoutes } from '../../shared/contracts/catalog';
import { readHandler } from '../../shared/http/read-handler';
import { productVisibleTo } from './access';
import { toProductView } from './views';

/** GET /products/{id} — the product with its live version, latest revision, findings and history. */
export const handler = readHandler(catalogRoutes.getProduct, async function getProduct({ path, actor }) {
  return toProductView(await productVisibleTo(actor, path.id));
});
