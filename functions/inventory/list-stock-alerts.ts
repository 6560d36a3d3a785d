import { inventoryRoutes } from '../../shared/contracts/inventory';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import { toStockAlertView } from './stock-view';

const SCOPE = 'inventory:alerts';

/** GET /inventory/alerts — the low SKUs (open low-stock episodes), the longest low first, with what is available now. */
export const handler = readHandler(inventoryRoutes.listStockAlerts, async function listStockAlerts({ query }) {
  const page = await inventoryRepository.lowStockMarks({ limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, SCOPE) });
  const stocks = await Promise.all(page.items.map((mark) => inventoryRepository.getStock(mark.sku)));
  const items = page.items.map((mark, index) => toStockAlertView(mark, stocks[index]?.available ?? 0));
  return { items, nextToken: encodeNextToken(page.lastEvaluatedKey, SCOPE) };
});
