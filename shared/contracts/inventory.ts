/** Inventory: stock levels per SKU (records are created when a product is first listed). */
import * as z from 'zod';
import { defineRoute } from './route';
import { isoDateTime, ulidSchema } from './common';
import { skuCodeSchema } from './catalog';

export const stockViewSchema = z.object({
  sku: z.string(),
  productId: ulidSchema,
  supplierId: ulidSchema,
  onHand: z.int(),
  reserved: z.int(),
  available: z.int(),
  safetyStock: z.int(),
  updatedAt: isoDateTime,
});

const getStock = defineRoute({
  operationId: 'getStock',
  method: 'GET',
  path: '/inventory/{sku}',
  summary: 'Stock of a SKU: on hand, reserved, available, safety stock (a supplier user: its own SKUs)',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator', 'warehouse', 'supplier'] },
  handlerEntry: 'functions/inventory/get-stock.ts',
  pathParams: z.strictObject({ sku: skuCodeSchema }),
  response: { status: 200, description: 'The stock level', schema: stockViewSchema },
  errors: [404],
});

export const inventoryRoutes = { getStock };

export type StockView = z.input<typeof stockViewSchema>;
