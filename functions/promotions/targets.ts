import * as catalogRepository from '../../shared/adapters/catalog-repository';
import type { KnownTargets } from '../../shared/domain/promotions/lifecycle';
import { targetsOf, type Benefit } from '../../shared/domain/promotions/promotion';

/** Which of the SKUs (live), products and categories a benefit names exist: GetItems on their keys. */
export async function knownTargets(benefit: Benefit): Promise<KnownTargets> {
  const named = (kind: string) => [...new Set(targetsOf(benefit).filter((target) => target.kind === kind).flatMap((target) => target.ids))];
  const skus = [...named('SKU'), ...(benefit.type === 'GIFT' ? [benefit.sku] : [])];
  const [listings, products, categories] = await Promise.all([
    catalogRepository.activeListings(skus),
    Promise.all(named('PRODUCT').map(async (id) => ((await catalogRepository.getProduct(id)) ? [id] : []))),
    Promise.all(named('CATEGORY').map(async (id) => ((await catalogRepository.getCategory(id)) ? [id] : []))),
  ]);
  return { skus: new Set(listings.keys()), products: new Set(products.flat()), categories: new Set(categories.flat()) };
}

/** The store's time zone: schedules given without an offset are read in it. */
export const storeTimeZone = (): string => process.env.STORE_TIME_ZONE ?? 'Europe/Berlin';
