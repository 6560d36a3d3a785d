/**
 * Supplier offers on the single table: `SKU#<sku>` / `OFFER#<supplierId>`, beside the SKU's stock record, so a
 * SKU's offers are one key Query; GSI2 `SUPPLIER_OFFERS#<supplierId>` / `<sku>` lists one supplier's offers for
 * the nightly reorder policy, which walks the SKUs supplier by supplier (docs/data-model.md).
 */
import type { Money } from '../domain/money';
import { restockSettingsFrom } from '../domain/inventory/restock';
import { offersOfSku, type OfferTerms, type OfferingSupplier, type SupplierSkuOffer } from '../domain/inventory/supplier-offers';
import { tableName } from './dynamo';
import { allPages, tableAccess as table } from './table-access';
import * as catalogRepository from './catalog-repository';
import * as inventoryRepository from './inventory-repository';
import { getSupplier } from './suppliers-repository';

const offerKey = (sku: string, supplierId: string) => ({ pk: `SKU#${sku}`, sk: `OFFER#${supplierId}` });

const offerItem = (offer: SupplierSkuOffer) => ({ ...offerKey(offer.sku, offer.supplierId), entity: 'SupplierOffer', gsi2pk: `SUPPLIER_OFFERS#${offer.supplierId}`, gsi2sk: offer.sku, ...offer });

/**
 * Stores the offer unless its SKU was retired meanwhile (the archive's consumer may have ended the offer, or the
 * stock record been marked, after the caller read it): 'retired' then, and nothing is written.
 */
export async function putOffer(offer: SupplierSkuOffer): Promise<'stored' | 'retired'> {
  const outcome = await table.write([
    { Put: { TableName: tableName(), Item: offerItem(offer), ConditionExpression: 'attribute_not_exists(endedAt)' } },
    { ConditionCheck: { TableName: tableName(), Key: { pk: `SKU#${offer.sku}`, sk: 'STOCK' }, ConditionExpression: 'attribute_not_exists(retiredAt)' } },
  ]);
  if (outcome === 'written') return 'stored';
  if (outcome === 'contention') throw new Error(`the offer of ${offer.supplierId} for ${offer.sku} lost to another write; try again`);
  return 'retired';
}

/** How ending an offer came out: ended now, ended before (a redelivery), withdrawn meanwhile, or lost to other writes. */
export type OfferEnding = 'ended' | 'already-ended' | 'gone' | 'contention';

/**
 * Ends a stored offer as `end` decides (supplier-offers.ts `endOffer`: undefined when it has ended already),
 * keeping the item: conditional on the offer still being the one read, so a PUT meanwhile is read and decided again.
 */
export function endStoredOffer(sku: string, supplierId: string, end: (offer: SupplierSkuOffer) => SupplierSkuOffer | undefined): Promise<OfferEnding> {
  return table.update<SupplierSkuOffer, OfferEnding>(
    offerKey(sku, supplierId),
    (offer) => {
      if (!offer) return { result: 'gone' };
      const ended = end(offer);
      if (!ended) return { result: 'already-ended' };
      return {
        result: 'ended',
        write: [
          {
            Put: {
              TableName: tableName(),
              Item: offerItem(ended),
              ConditionExpression: 'updatedAt = :updatedAt AND attribute_not_exists(endedAt)',
              ExpressionAttributeValues: { ':updatedAt': offer.updatedAt },
            },
          },
        ],
      };
    },
    { attempts: 3 },
  );
}

export function getOffer(sku: string, supplierId: string): Promise<SupplierSkuOffer | undefined> {
  return table.getItem<SupplierSkuOffer>(offerKey(sku, supplierId));
}

/** Deletes the offer only if it is still the one read and not ended (a newer PUT, or the archive's ending, wins over a late withdrawal). */
export async function deleteOffer(offer: SupplierSkuOffer): Promise<'deleted' | 'changed'> {
  const outcome = await table.write([
    {
      Delete: {
        TableName: tableName(),
        Key: offerKey(offer.sku, offer.supplierId),
        ConditionExpression: 'updatedAt = :updatedAt AND attribute_not_exists(endedAt)',
        ExpressionAttributeValues: { ':updatedAt': offer.updatedAt },
      },
    },
  ]);
  return outcome === 'written' ? 'deleted' : 'changed';
}

/** One supplier's offers by SKU: its terms for each SKU it named some for (one key Query of GSI2, paged). */
export async function offersOfSupplier(supplierId: string): Promise<ReadonlyMap<string, SupplierSkuOffer>> {
  const offers = await allPages((page) => table.query<SupplierSkuOffer>('GSI2', `SUPPLIER_OFFERS#${supplierId}`, page));
  return new Map(offers.map((offer) => [offer.sku, offer]));
}

/** The stored offers of a SKU: one key Query (`OFFER#` sorts between the stock's other items). */
export function storedOffers(sku: string): Promise<SupplierSkuOffer[]> {
  return allPages((page) => table.queryRange<SupplierSkuOffer>(`SKU#${sku}`, 'OFFER#', 'OFFER#\uffff', page));
}

/** A SKU as purchasing sees it: the supplier that lists it, its unit cost, and the currency it is bought in. */
export interface PurchasedSku {
  readonly sku: string;
  readonly supplierId: string;
  readonly unitCost?: Money;
  /** The unit cost's; without one, the restock settings' (the auto-approval limit's). */
  readonly currency: string;
  /** When its product was archived: the SKU takes no new offers. */
  readonly retiredAt?: string;
}

const restockCurrency = restockSettingsFrom(process.env).autoApprovalLimit.currency;

/** The SKU's listing supplier and unit cost, or undefined for a SKU without stock (it does not exist). */
export async function purchasedSku(sku: string): Promise<PurchasedSku | undefined> {
  const stock = await inventoryRepository.getStock(sku);
  if (!stock) return undefined;
  const product = await catalogRepository.getProduct(stock.productId);
  const unitCost = (product?.live ?? product?.latest)?.skus.find((candidate) => candidate.sku === sku)?.unitCost;
  return { sku, supplierId: stock.supplierId, unitCost, currency: unitCost?.currency ?? restockCurrency, ...(stock.retiredAt === undefined ? {} : { retiredAt: stock.retiredAt }) };
}

/** Every offer of the SKU with its supplier's standing and terms (the listing supplier's included), for the choice. */
export async function offersFor(listing: PurchasedSku): Promise<OfferTerms[]> {
  const stored = await storedOffers(listing.sku);
  const supplierIds = [...new Set([listing.supplierId, ...stored.map((offer) => offer.supplierId)])];
  const suppliers = await Promise.all(supplierIds.map((supplierId) => getSupplier(supplierId)));
  const byId = new Map<string, OfferingSupplier>(suppliers.flatMap((supplier) => (supplier ? [[supplier.supplierId, supplier]] : [])));
  return offersOfSku(listing.sku, listing, stored, byId);
}
