import { inventoryRoutes, type TransferView } from '../../shared/contracts/inventory';
import { httpHandler } from '../../shared/http/handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import * as stockLedger from '../../shared/adapters/stock-ledger';
import { creationGuards } from '../../shared/adapters/created-once';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { DomainError, notFound } from '../../shared/domain/errors';
import { requestTransfer } from '../../shared/domain/inventory/warehouse-stock';

/**
 * POST /inventory/transfers — sends units from one warehouse to another: out of `from` at once (its on hand
 * and available drop; the SKU's total keeps them on hand, in transit, not available) until the receiving
 * warehouse takes them in (`POST /inventory/transfers/{id}/receipt`). An unknown warehouse or SKU, the same
 * warehouse twice or more than `from` has available is refused, writing nothing. Once per Idempotency-Key.
 */
export const handler = httpHandler(inventoryRoutes.startTransfer, async function startTransfer({ body, actor, creation, correlationId }) {
  const warehouses = await ordersRepository.listWarehouses();
  const now = clock.now();
  const { value: transfer } = await creationGuards.createOnce(creation, {
    existing: async (transferId) => (await stockLedger.getTransfer(transferId))!,
    create: async (transferId, guard) => {
      const requested = requestTransfer(transferId, body, warehouses, actor.sub, now);
      const started = await stockLedger.startTransfer(requested, now, correlationId, guard);
      if (started === 'unknown-sku') throw notFound('Stock of SKU', body.sku);
      if (started === 'contention') throw new Error(`stock of ${body.sku} kept changing during the transfer`);
      if (started === 'refused') throw new DomainError('conflict', 'TransferNotStarted', 'Another request with the same key won');
      if (started !== 'started') {
        throw new DomainError('conflict', 'InsufficientStock', `Only ${started.available} units of ${body.sku} are available at ${body.from}`, [{ field: 'quantity', message: `at most ${started.available}` }]);
      }
      return requested;
    },
  });
  logger.info('stock transfer started', { transferId: transfer.transferId, sku: transfer.sku, from: transfer.from, to: transfer.to, quantity: transfer.quantity });
  return transfer satisfies TransferView;
});
