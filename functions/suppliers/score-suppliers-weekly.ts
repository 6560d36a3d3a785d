import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import * as scorecardsRepository from '../../shared/adapters/supplier-scorecards-repository';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import { incidentsOfSupplier } from '../../shared/adapters/quality-incidents';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { allPages, inBatches } from '../../shared/adapters/table-access';
import { invalid } from '../../shared/domain/errors';
import type { Supplier } from '../../shared/domain/suppliers/supplier';
import { addWeeks, isWeekStart, lastFullWeekStart, weeklyActivity, type WeekReturns } from '../../shared/domain/suppliers/weekly-activity';

/** Suppliers that get purchase orders, so have weeks to score (PREFERRED ones are stored as APPROVED). */
const SCORED_STATUSES = ['APPROVED', 'PROBATION'] as const;

export interface ScorecardRunRequest {
  /** The Monday of the week to score. @default the last full ISO week */
  readonly weekStart?: unknown;
  /** Only these suppliers (their cards and standings); prices are still compared with every supplier's orders. */
  readonly supplierIds?: unknown;
}

export interface ScorecardRunReport {
  readonly weekStart: string;
  readonly suppliers: number;
  readonly scored: number;
  readonly inactive: number;
  readonly alreadyScored: number;
  readonly standingChanges: number;
  readonly failed: number;
}

const requestOf = (event: ScorecardRunRequest, now: Date) => {
  const weekStart = event.weekStart ?? lastFullWeekStart(now);
  const supplierIds = event.supplierIds ?? [];
  if (typeof weekStart !== 'string' || !isWeekStart(weekStart) || weekStart > lastFullWeekStart(now)) {
    throw invalid('Not a week to score.', [{ field: 'weekStart', message: 'The Monday (YYYY-MM-DD) of a finished ISO week.' }]);
  }
  if (!Array.isArray(supplierIds) || !supplierIds.every((id) => typeof id === 'string')) {
    throw invalid('Not a list of suppliers.', [{ field: 'supplierIds', message: 'Supplier ids (strings).' }]);
  }
  return { weekStart, supplierIds: supplierIds as string[] };
};

/**
 * What the supplier's SKUs shipped in the week (its stock records, GSI2 `SUPPLIER_STOCK#<id>`, then each SKU's
 * daily sales) and its quality incidents recorded in the week (GSI2 `SUPPLIER_QUALITY_INCIDENTS#<id>` between the
 * week's bounds): the return defect rate's inputs. Key queries only.
 */
async function weekReturns(supplierId: string, weekStart: string): Promise<WeekReturns> {
  const nextWeek = addWeeks(weekStart, 1);
  const lastDay = new Date(Date.parse(`${nextWeek}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);
  const [stocks, incidents] = await Promise.all([inventoryRepository.supplierStock(supplierId), incidentsOfSupplier(supplierId, `${weekStart}T00:00:00.000Z`, `${nextWeek}T00:00:00.000Z`)]);
  const sales = await inBatches(stocks, (stock) => inventoryRepository.salesHistory(stock.sku, weekStart, lastDay));
  return { unitsShipped: sales.flat().reduce((sum, day) => sum + day.units, 0), incidents };
}

/**
 * The weekly supplier scorecard (schedule `supplier-scorecard`, Mondays 02:00 UTC; `npm run invoke --
 * supplier-scorecard`): reads every approved and probation supplier (GSI1 by status) and each one's purchase
 * orders due last week (GSI2 `SUPPLIER_PO#<id>`, one key Query each), builds each one's `WeeklyActivity`
 * (weekly-activity.ts; an active week also reads what shipped and came back defective, `weekReturns`) and saves its card and standing (supplier-scorecards-repository.ts), once per supplier and
 * week. `{ weekStart, supplierIds }` recomputes a given finished week, for just those suppliers.
 */
export async function handler(event: ScorecardRunRequest = {}): Promise<ScorecardRunReport> {
  const now = clock.now();
  const { weekStart, supplierIds } = requestOf(event, now);
  const live = (await Promise.all(SCORED_STATUSES.map((status) => allPages((page) => suppliersRepository.listSuppliersByStatus(status, page))))).flat();
  // A supplier asked for by id is scored whatever its status (a suspended one scores no standing move).
  const asked = await Promise.all(supplierIds.filter((id) => !live.some((supplier) => supplier.supplierId === id)).map(suppliersRepository.getSupplier));
  const suppliers = [...live, ...asked.filter((supplier): supplier is Supplier => supplier !== undefined)];
  const weekOrders = (await inBatches(suppliers, (supplier) => purchaseOrdersRepository.purchaseOrdersDue(supplier.supplierId, weekStart, addWeeks(weekStart, 1)))).flat();
  const scope = supplierIds.length > 0 ? suppliers.filter((supplier) => supplierIds.includes(supplier.supplierId)) : suppliers;

  const correlationId = `supplier-scorecard-${weekStart}`;
  const outcomes = await inBatches(scope, async (supplier) => {
    // Nothing due that week: not scored (standing.ts), so nothing to read or write either.
    if (weeklyActivity(supplier.supplierId, weekStart, weekOrders).deliveries === 0) return { outcome: 'inactive' as const };
    try {
      const activity = weeklyActivity(supplier.supplierId, weekStart, weekOrders, await weekReturns(supplier.supplierId, weekStart));
      return await scorecardsRepository.saveScorecardWeek(supplier.supplierId, activity, now, correlationId);
    } catch (error) {
      // One supplier that fails is logged and left for a rerun of the week; the others go on.
      logger.error('supplier week not scored; rerun the week for it', { supplierId: supplier.supplierId, weekStart, error });
      return 'failed' as const;
    }
  });
  outcomes.forEach((saved, index) => {
    if (saved === 'contention') logger.warn('supplier record kept changing; rerun the week for it', { supplierId: scope[index]!.supplierId, weekStart });
  });
  const count = (outcome: string) => outcomes.filter((saved) => (typeof saved === 'string' ? saved : saved.outcome) === outcome).length;
  const report: ScorecardRunReport = {
    weekStart,
    suppliers: scope.length,
    scored: count('scored'),
    inactive: count('inactive'),
    alreadyScored: count('already-scored'),
    standingChanges: outcomes.filter((saved) => typeof saved !== 'string' && saved.outcome === 'scored' && saved.standingChanged).length,
    failed: count('failed') + count('contention') + count('no-supplier'),
  };
  logger.info('supplier scorecards for the week', { ...report });
  return report;
}
