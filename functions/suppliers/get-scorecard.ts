import { supplierRoutes } from '../../shared/contracts/suppliers';
import { readHandler } from '../../shared/http/read-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import * as scorecardsRepository from '../../shared/adapters/supplier-scorecards-repository';
import { clock } from '../../shared/adapters/clock';
import { computeScorecard } from '../../shared/domain/suppliers/scorecard';
import { addWeeks, lastFullWeekStart } from '../../shared/domain/suppliers/weekly-activity';
import { toScorecardView } from './views';

/** Weeks of history on the card: half a year, one key Query. */
const HISTORY_WEEKS = 26;

/** GET /suppliers/{id}/scorecard — operators, or the supplier itself: the lifetime card, the standing and its weeks. */
export const handler = readHandler(supplierRoutes.getSupplierScorecard, async function getScorecard({ path, actor }) {
  const supplier = await suppliersRepository.requireSupplierVisibleTo(actor, path.id);
  const since = addWeeks(lastFullWeekStart(clock.now()), -(HISTORY_WEEKS - 1));
  const history = await scorecardsRepository.scorecardHistory(supplier.supplierId, since, HISTORY_WEEKS);
  const lifetime = computeScorecard(supplier.performance, { score: supplier.qualificationScore, breakdown: supplier.qualificationBreakdown });
  return toScorecardView(supplier, lifetime, history);
});
