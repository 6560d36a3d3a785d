import { inventoryRoutes, type TransferView } from '../../shared/contracts/inventory';
import { httpHandler } from '../../shared/http/handler';
import * as stockLedger from '../../shared/adapters/stock-ledger';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { conflict, notFound } from '../../shared/domain/errors';

/**
 * POST /inventory/transfers/{id}/receipt — the receiving warehouse took a transfer in: its units go on hand
 * and available there (the SKU's total: in transit → available), with the audit row, once; a second receipt
 * is 409 TransferAlreadyReceived and writes nothing.
 */
export const handler = httpHandler(inventoryRoutes.receiveTransfer, async function receiveTransfer({ path, actor, correlationId }) {
  const outcome = await stockLedger.receiveTransfer(path.id, actor.sub, clock.now(), correlationId);
  if (outcome === 'not-found') throw notFound('Transfer', path.id);
  if (outcome === 'already-received') throw conflict('TransferAlreadyReceived', `Transfer ${path.id} was received already`);
  if (outcome === 'contention') throw new Error(`the stock of transfer ${path.id} kept changing while it was received`);
  logger.info('stock transfer received', { transferId: path.id, sku: outcome.received.sku, to: outcome.received.to });
  return outcome.received satisfies TransferView;
});
