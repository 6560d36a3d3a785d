import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import { allPages } from '../../shared/adapters/table-access';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { scheduleDue } from '../../shared/domain/promotions/lifecycle';

/**
 * The promotion schedule (schedule `promotion-schedule`, every 5 minutes; `npm run invoke -- promotion-schedule`):
 * reads the ACTIVE promotions (a key query on the status index, never a scan) and, for each, what is due:
 * `PromotionLaunched` once it has started (to customer-notifications, for its audience), `PromotionEndingSoon`
 * at the reminder its operator set, and the end once its time is over. Each is a versioned write with its
 * event, so a run racing another (or an operator) does each thing once.
 */
export async function handler(event: { id?: string } = {}): Promise<Record<string, number>> {
  const correlationId = event.id ?? `promotion-schedule-${clock.now().toISOString()}`;
  const now = clock.now();
  const active = await allPages((page) => promotionsRepository.listByStatus('ACTIVE', page));
  const report = { launched: 0, reminded: 0, ended: 0 };
  for (const promotion of active) {
    const due = scheduleDue(promotion, now);
    if (!due) continue;
    const stored = await promotionsRepository.updatePromotion(promotion.promotionId, (current) => scheduleDue(current, now) ?? { events: [] }, correlationId);
    if (stored.status === 'ENDED') report.ended += 1;
    else {
      if (stored.launchedAt && !promotion.launchedAt) report.launched += 1;
      if (stored.remindedAt && !promotion.remindedAt) report.reminded += 1;
    }
  }
  logger.info('promotion schedule', report);
  return report;
}
