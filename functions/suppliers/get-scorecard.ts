import { supplierRoutes } from '../../shared/contracts/suppliers';
import { readHandler } from '../../shared/http/read-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { computeScorecard } from '../../shared/domain/suppliers/scorecard';
import { toScorecardView } from './views';

/** GET /suppliers/{id}/scorecard — operators, or the supplier itself. */
export const handler = readHandler(supplierRoutes.getSupplierScorecard, async function getScorecard({ path, actor }) {
  const supplier = await suppliersRepository.requireSupplierVisibleTo(actor, path.id);
  return toScorecardView(supplier, computeScorecard(supplier.performance, { score: supplier.qualificationScore, breakdown: supplier.qualificationBreakdown }));
});
