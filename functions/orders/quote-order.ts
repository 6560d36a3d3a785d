import { orderRoutes, type QuoteView } from '../../shared/contracts/orders';
import { readHandler } from '../../shared/http/read-handler';
import { clock } from '../../shared/adapters/clock';
import { quoteCart } from './quote';
import { withShipping } from '../../shared/domain/orders/pricing';
import type { Money } from '../../shared/domain/money';

/** POST /orders/quote — prices the cart from the catalogue and its promotions, and offers the shipping options with ETAs. */
export const handler = readHandler(orderRoutes.quoteOrder, async function quoteOrder({ body, actor }) {
  const now = clock.now();
  const { goods, shipping } = await quoteCart(body.lines, body.destination, now, { customerId: actor.sub, groups: actor.groups ?? [], couponCodes: body.couponCodes ?? [] });
  // With a shipping promotion, each option also shows what it costs after it (priced as the order will be).
  const afterPromotions = (price: Money) => (goods.shippingOffer ? { priceAfterPromotions: { amount: withShipping(goods, price).total.amount - goods.total.amount, currency: price.currency } } : {});
  const options = shipping.options.map(({ parcels, ...option }) => ({ ...option, ...afterPromotions(option.price), ...(parcels ? { parcels: parcels.map((parcel) => ({ ...parcel, lines: [...parcel.lines] })) } : {}) }));
  return { price: goods as QuoteView['price'], region: shipping.region, shippingOptions: options, unavailable: [...shipping.unavailable], quotedAt: now.toISOString() };
});
