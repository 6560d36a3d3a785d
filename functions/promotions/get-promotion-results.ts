import { promotionRoutes } from '../../shared/contracts/promotions';
import { readHandler } from '../../shared/http/read-handler';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import * as analyticsKpiRepository from '../../shared/adapters/analytics-kpi-repository';
import { clock } from '../../shared/adapters/clock';
import { targetsOf } from '../../shared/domain/promotions/promotion';
import { upliftReport, upliftScope, upliftWindow } from '../../shared/domain/promotions/uplift';

const METHOD =
  'Per store day, the targets\' revenue, units, orders and views as the nightly KPI job counted them (SKUs: their SKU KPIs, orders counted per SKU; categories: their category KPIs; order-level offers and products: the whole store, views being sessions). Campaign: its complete days up to yesterday, the last 31 at most. Baseline: the 28 days before it started, on the weekdays the campaign measures. Uplift: campaign per day / baseline per day - 1.';

/** GET /promotions/{id}/results — the campaign's uplift against the same weekdays before it (docs/promotions.md, "Results and uplift"). */
export const handler = readHandler(promotionRoutes.getPromotionResults, async function getPromotionResults({ path }) {
  const promotion = await promotionsRepository.requirePromotion(path.id);
  const scope = upliftScope(targetsOf(promotion.benefit));
  const window = upliftWindow(promotion, clock.now());
  const [campaign, baseline] = await Promise.all([analyticsKpiRepository.dayFigures(scope, window.campaign), analyticsKpiRepository.dayFigures(scope, window.baseline)]);
  const report = upliftReport(scope, window, campaign, baseline);
  return {
    promotionId: promotion.promotionId,
    scope: scope.kind === 'STORE' ? { kind: scope.kind } : { kind: scope.kind, ids: [...scope.ids] },
    window: { campaign: [...window.campaign], baseline: [...window.baseline] },
    campaign: report.campaign,
    baseline: report.baseline,
    uplift: report.uplift,
    method: METHOD,
  };
});
