import { inventoryRoutes } from '../../shared/contracts/inventory';
import { readHandler } from '../../shared/http/read-handler';
import * as stockLedger from '../../shared/adapters/stock-ledger';
import { hasRole } from '../../shared/domain/actor';
import { notFound } from '../../shared/domain/errors';
import { actsForSupplier } from '../../shared/adapters/supplier-access';
import { toStockView } from './stock-view';

/** GET /inventory/{sku} — the stock of a listed SKU, its total and per warehouse; a supplier user sees only its own SKUs. */
export const handler = readHandler(inventoryRoutes.getStock, async function getStockRoute({ path, actor }) {
  const { total: stock, records } = await stockLedger.stockOfSku(path.sku);
  const visible = stock && (hasRole(actor, 'operator') || hasRole(actor, 'warehouse') || (await actsForSupplier(actor, stock.supplierId)));
  if (!stock || !visible) throw notFound('Stock of SKU', path.sku);
  return toStockView(stock, records);
});
