/**
 * What a receipt decides with beyond the return and its order (shared/domain/returns/receipt.ts `ReceiptContext`):
 * which SKUs to be restocked are on quality hold (their stock records), and the listed unit cost of each SKU sent
 * back to its supplier (its product), what the supplier is debited; for a defect, the lots the order's units of each
 * SKU shipped from (the SKU's audit rows up to the delivery); for an exchange, its replacement order's id.
 * Key reads only, and only for those lines.
 */
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import * as qualityHoldRepository from '../../shared/adapters/quality-hold-repository';
import { newId } from '../../shared/adapters/ids';
import { lotsOfShipment } from '../../shared/adapters/shipment-lots';
import type { Order } from '../../shared/domain/orders/order';
import { deliveredAt } from '../../shared/domain/returns/request';
import { isQualityReason } from '../../shared/domain/returns/rules';
import type { Money } from '../../shared/domain/money';
import type { ReceiptContext } from '../../shared/domain/returns/receipt';
import type { ReceivedLine, Return } from '../../shared/domain/returns/return';

export async function receiptContext(ret: Return, order: Order, lines: readonly ReceivedLine[]): Promise<ReceiptContext> {
  const skusWith = (disposition: ReceivedLine['disposition']) => lines.filter((line) => line.disposition === disposition && line.quantity > 0).map((line) => line.sku);
  const sentBack = ret.lines.filter((line) => skusWith('RETURN_TO_VENDOR').includes(line.sku));
  // A defect names the lots the order's units shipped from (FIFO from the ledger, up to the delivery).
  const defective = isQualityReason(ret.reason) ? lines.filter((line) => line.quantity > 0).map((line) => line.sku) : [];
  const shippedBy = (deliveredAt(order) ?? new Date(ret.createdAt)).toISOString();
  const [onQualityHold, costs, lots] = await Promise.all([
    qualityHoldRepository.heldSkus(skusWith('RESTOCK')),
    Promise.all(
      sentBack.map(async (line): Promise<[string, Money | undefined]> => {
        const product = await catalogRepository.getProduct(line.productId);
        return [line.sku, (product?.live ?? product?.latest)?.skus.find((sku) => sku.sku === line.sku)?.unitCost];
      }),
    ),
    Promise.all(defective.map(async (sku) => [sku, await lotsOfShipment(sku, order.warehouseId, order.orderId, shippedBy)] as const)),
  ]);
  return {
    onQualityHold,
    unitCosts: new Map(costs.flatMap(([sku, cost]) => (cost ? [[sku, cost] as const] : []))),
    lotsShipped: new Map(lots.flatMap(([sku, shares]) => (shares ? [[sku, shares] as const] : []))),
    // An exchange's replacement order gets its id now, written with the receipt: every attempt places that one order.
    ...(ret.resolution.type === 'EXCHANGE' ? { replacementOrderId: newId() } : {}),
  };
}
