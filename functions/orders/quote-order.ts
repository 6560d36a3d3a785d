import { orderRoutes, type QuoteView } from '../../shared/contracts/orders';
import { readHandler } from '../../shared/http/read-handler';
import { clock } from '../../shared/adapters/clock';
import { quoteCart } from './quote';

/** POST /orders/quote — prices the cart from the catalogue and its promotions, and offers the shipping options with ETAs. */
export const handler = readHandler(orderRoutes.quoteOrder, async function quoteOrder({ body, actor }) {
  const now = clock.now();
  const { goods, shipping } = await quoteCart(body.lines, body.destination, now, { customerId: actor.sub, groups: actor.groups ?? [], couponCodes: body.couponCodes ?? [] });
  return { price: goods as QuoteView['price'], region: shipping.region, shippingOptions: shipping.options.map(({ parcels, ...option }) => (parcels ? { ...option, parcels: parcels.map((parcel) => ({ ...parcel, lines: [...parcel.lines] })) } : option)), unavailable: [...shipping.unavailable], quotedAt: now.toISOString() };
});
