import { supplierRoutes } from '../../shared/contracts/suppliers';
import { httpHandler } from '../../shared/http/handler';
import * as scorecardsRepository from '../../shared/adapters/supplier-scorecards-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { notFound } from '../../shared/domain/errors';
import { toSupplierView } from './views';

/**
 * POST /suppliers/{id}/standing — an operator sets a supplier's standing by hand, with a note: closes a probation
 * review (APPROVED, or kept on PROBATION), suspends, or lifts a suspension (`decideStandingByHand`), with
 * `SupplierStandingChanged`. The same standing with no review open is 409 StandingUnchanged, nothing written.
 */
export const handler = httpHandler(supplierRoutes.setSupplierStanding, async function setSupplierStanding({ path, body, actor, correlationId }) {
  const supplier = await scorecardsRepository.setStandingByHand(path.id, body.standing, actor.sub, body.note, clock.now(), correlationId);
  if (supplier === undefined) throw notFound('Supplier', path.id);
  // Only under a write storm: a 5xx releases the key, so the operator's retry runs again.
  if (supplier === 'contention') throw new Error(`supplier ${path.id} kept changing while its standing was set`);
  logger.info('supplier standing set by hand', { supplierId: path.id, standing: supplier.standing, by: actor.sub });
  return toSupplierView(supplier);
});
