import { analyticsRoutes } from '../../shared/contracts/analytics';
import * as basketRepository from '../../shared/adapters/analytics-basket-repository';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { boughtTogether, candidatePartners, productPairCounts } from '../../shared/domain/analytics/basket';
import { found } from '../../shared/domain/errors';
import { readHandler } from '../../shared/http/read-handler';

/**
 * GET /products/{id}/bought-together — the product's SKUs' pair counters (a key Query each), the basket counts of
 * its 100 most frequent partners (a GetItem each) and all baskets (a GetItem per shard), ranked by lift (shared/domain/analytics/basket.ts).
 */
export const handler = readHandler(analyticsRoutes.getBoughtTogether, async function getBoughtTogether({ path, query }) {
  const product = found(await catalogRepository.getProduct(path.id), 'Product', path.id);
  const skus = (product.live ?? product.latest).skus.map((sku) => sku.sku);
  const [perSku, baskets] = await Promise.all([Promise.all(skus.map(basketRepository.pairsOf)), basketRepository.basketCount()]);
  const partners = candidatePartners(productPairCounts(skus, perSku, new Map(), baskets), query.minTogether);
  const counts = productPairCounts(skus, perSku, await basketRepository.ordersOf(partners), baskets).filter((pair) => partners.includes(pair.partner));
  return { productId: path.id, baskets, items: boughtTogether(counts, query.minTogether, query.limit) };
});
