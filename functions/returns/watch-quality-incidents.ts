import * as z from '../../shared/contracts/z';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as qualityHoldRepository from '../../shared/adapters/quality-hold-repository';
import * as supplierScorecards from '../../shared/adapters/supplier-scorecards-repository';
import { incidentsOfSupplier } from '../../shared/adapters/quality-incidents';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { decideQualityHold, qualityHoldRulesFrom, windowStart } from '../../shared/domain/inventory/quality-hold';

const rules = qualityHoldRulesFrom(process.env);

/** A quality incident as EventBridge delivers it: a return's, or a lot QC rejected (the fields read here). */
const incidentEvent = z.object({
  'detail-type': z.enum(['ReturnQualityIncidentRecorded', 'LotRejected']),
  detail: z.object({ sku: z.string(), supplierId: z.string() }),
});

/**
 * The quality watch (rules on `ReturnQualityIncidentRecorded` and `LotRejected`): reads the supplier's incidents
 * in the window (one key Query) and puts the SKU on quality hold when its own reach the threshold
 * (`SkuQualityHoldPlaced` to ops, naming the supplier and lots), and the supplier on PROBATION for review when
 * all of its reach the supplier's (`SupplierProbationReviewOpened` to ops). Each happens once: a redelivered
 * event finds the hold, or the probation, already there.
 */
export const handler = taskHandler(incidentEvent, async function watchQualityIncidents(event, { correlationId }) {
  const { sku, supplierId } = event.detail;
  const now = clock.now();
  const incidents = await incidentsOfSupplier(supplierId, windowStart(now, rules.windowDays), now.toISOString());
  const stock = await inventoryRepository.getStock(sku);
  const decided = stock ? decideQualityHold(stock, incidents, now, rules) : { events: [] };
  const held = decided.hold ? await qualityHoldRepository.placeQualityHold(sku, decided.hold, decided.events, correlationId) : 'not-held';
  const review = await supplierScorecards.openProbationReview(supplierId, incidents, rules, now, correlationId);
  // Thrown, so EventBridge delivers the event again.
  if (review === 'contention') throw new Error(`supplier ${supplierId} kept changing while its probation review was decided`);
  logger.info('quality incidents watched', { sku, supplierId, incidents: incidents.length, held, probationReview: review });
  return { held, probationReview: review };
});
