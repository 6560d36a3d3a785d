import { inventoryRoutes, type MovementView } from '../../shared/contracts/inventory';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as stockLedger from '../../shared/adapters/stock-ledger';
import { notFound } from '../../shared/domain/errors';
import type { MovementAudit } from '../../shared/domain/inventory/warehouse-stock';

const levels = (value: { readonly onHand: number; readonly reserved: number }) => ({ onHand: value.onHand, reserved: value.reserved });

/**
 * An audit row as shown: count records written before warehouses held stock carry `available` too, and no
 * warehouse; an order's reserve, release and ship carry their delta without before and after.
 */
const toMovementView = ({ before, after, delta, ...row }: MovementAudit): MovementView => ({
  ...row,
  ...(before ? { before: levels(before) } : {}),
  ...(after ? { after: levels(after) } : {}),
  ...(typeof delta === 'object' ? { delta: levels(delta) } : {}),
});

/** GET /inventory/{sku}/movements — the SKU's audit trail, newest first: one key Query per page. */
export const handler = readHandler(inventoryRoutes.listMovements, async function listMovements({ path, query }) {
  if (!(await inventoryRepository.getStock(path.sku))) throw notFound('Stock of SKU', path.sku);
  const scope = `inventory:movements:${path.sku}`;
  const page = await stockLedger.movements(path.sku, { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) });
  return { items: page.items.map(toMovementView), nextToken: encodeNextToken(page.lastEvaluatedKey, scope) };
});
