/** Every route of the API, in one list: infra builds API Gateway from it and the OpenAPI document lists it. */
import type { RouteSpec } from './route';
import { platformRoutes } from './platform';
import { supplierRoutes } from './suppliers';
import { catalogRoutes } from './catalog';
import { inventoryRoutes } from './inventory';
import { purchaseOrderRoutes } from './purchase-orders';
import { supplierOfferRoutes } from './supplier-offers';
import { orderRoutes } from './orders';
import { shippingRoutes } from './shipping';
import { analyticsRoutes } from './analytics';
import { serviceRoutes } from './service';
import { promotionRoutes } from './promotions';
import { groupBuyRoutes } from './group-buy';
import { returnRoutes } from './returns';

export const allRoutes: readonly RouteSpec[] = [
  ...Object.values(platformRoutes),
  ...Object.values(supplierRoutes),
  ...Object.values(catalogRoutes),
  ...Object.values(inventoryRoutes),
  ...Object.values(purchaseOrderRoutes),
  ...Object.values(supplierOfferRoutes),
  ...Object.values(orderRoutes),
  ...Object.values(shippingRoutes),
  ...Object.values(analyticsRoutes),
  ...Object.values(serviceRoutes),
  ...Object.values(promotionRoutes),
  ...Object.values(groupBuyRoutes),
  ...Object.values(returnRoutes),
];
