/**
 * Weekly supplier scorecards on the single table (keys: docs/data-model.md): one history card per scored week,
 * `SUPPLIER#<id>` / `SCORECARD#<weekStart>`, beside the supplier record `SUPPLIER#<id>` / `PROFILE`, which keeps
 * the standing. A week is saved load → decide (`decideWeek`) → save: the supplier record (conditional on the
 * `updatedAt` read), the card (conditional on there being none for that week) and `SupplierStandingChanged` in
 * one transaction, so a week is applied once however often the job runs. Key reads only.
 */
import type { WeeklyActivity } from '../domain/suppliers/standing';
import type { Supplier } from '../domain/suppliers/supplier';
import { decideWeek, type WeeklyScorecard } from '../domain/suppliers/weekly-scorecard';
import type { QualityIncidentFact, QualityHoldRules } from '../domain/inventory/quality-hold';
import { decideProbationReview, decideStandingByHand, type ReviewableSupplier, type StandingSetByHand } from '../domain/suppliers/quality-review';
import { tableName } from './dynamo';
import { outboxPuts, type TransactWriteItem } from './outbox';
import { supplierItem } from './suppliers-repository';
import { tableAccess as table, type Decision } from './table-access';

const supplierKey = (supplierId: string) => ({ pk: `SUPPLIER#${supplierId}`, sk: 'PROFILE' });
const scorecardKey = (supplierId: string, weekStart: string) => ({ pk: `SUPPLIER#${supplierId}`, sk: `SCORECARD#${weekStart}` });

/** How saving one supplier's week came out. */
export type WeekSaved =
  | { readonly outcome: 'scored'; readonly card: WeeklyScorecard; readonly standingChanged: boolean }
  | { readonly outcome: 'already-scored' | 'inactive' | 'no-supplier' };

const ALREADY_SCORED = { outcome: 'already-scored' } as const;

const cardPut = (card: WeeklyScorecard): TransactWriteItem => ({
  Put: {
    TableName: tableName(),
    Item: { ...scorecardKey(card.supplierId, card.weekStart), entity: 'SupplierWeeklyScorecard', ...card },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** The whole supplier item as it will be, conditional on the record being as read (its `updatedAt`). */
const supplierPut = (read: Supplier, next: Supplier): TransactWriteItem => ({
  Put: {
    TableName: tableName(),
    Item: supplierItem(next),
    ConditionExpression: '#updatedAt = :updatedAt',
    ExpressionAttributeNames: { '#updatedAt': 'updatedAt' },
    ExpressionAttributeValues: { ':updatedAt': read.updatedAt },
  },
});

export function getScorecardWeek(supplierId: string, weekStart: string): Promise<WeeklyScorecard | undefined> {
  return table.getItem<WeeklyScorecard>(scorecardKey(supplierId, weekStart));
}

/**
 * Scores `activity` for its supplier and saves it (see the module's note). A week with its card already saved
 * changes nothing (`already-scored`), nor does a week without deliveries (`inactive`). `'contention'` when the
 * supplier record kept changing under it.
 */
export function saveScorecardWeek(supplierId: string, activity: WeeklyActivity, now: Date, correlationId: string): Promise<WeekSaved | 'contention'> {
  return table.update<Supplier, WeekSaved>(
    supplierKey(supplierId),
    async (supplier): Promise<Decision<WeekSaved>> => {
      if (!supplier) return { result: { outcome: 'no-supplier' } };
      if (await getScorecardWeek(supplierId, activity.weekStart)) return { result: ALREADY_SCORED };
      const decided = decideWeek(supplier, activity);
      if (decided.kind === 'inactive') return { result: { outcome: 'inactive' } };
      const result = { outcome: 'scored' as const, card: decided.card, standingChanged: decided.events.length > 0 };
      // A week scored late (a later one moved the standing already) adds its card only; refused, it exists.
      if (!decided.supplier) return { result, write: [cardPut(decided.card)] };
      const { standingPending: _replaced, ...unchanged } = supplier;
      const next: Supplier = { ...unchanged, ...decided.supplier, updatedAt: now.toISOString() };
      return {
        result,
        write: [supplierPut(supplier, next), cardPut(decided.card), ...outboxPuts(decided.events, correlationId)],
        // The card refused: another run saved this week first.
        onRefused: (items) => (items.includes(1) ? ALREADY_SCORED : undefined),
      };
    },
    { attempts: 3 },
  );
}

/** The weekly cards of `supplierId` from the week `sinceWeek` on, newest first: one key Query, at most `limit`. */
export async function scorecardHistory(supplierId: string, sinceWeek: string, limit: number): Promise<WeeklyScorecard[]> {
  const page = await table.queryRange<WeeklyScorecard>(`SUPPLIER#${supplierId}`, `SCORECARD#${sinceWeek}`, 'SCORECARD#~', { limit });
  return page.items.reverse();
}

/**
 * Puts the supplier on PROBATION for a quality review when its incidents in the window reach the threshold
 * (`decideProbationReview`), with `SupplierProbationReviewOpened`, conditional on the record as read; `false` when
 * nothing changed (under the threshold, already on probation or suspended, no such supplier).
 */
export function openProbationReview(supplierId: string, incidents: readonly QualityIncidentFact[], rules: Pick<QualityHoldRules, 'supplierIncidents' | 'windowDays'>, now: Date, correlationId: string): Promise<boolean | 'contention'> {
  return table.update<Supplier & ReviewableSupplier, boolean>(
    supplierKey(supplierId),
    async (supplier): Promise<Decision<boolean>> => {
      if (!supplier) return { result: false };
      const decided = decideProbationReview(supplier, incidents, now, rules);
      if (!decided.next) return { result: false };
      const { standingPending: _cleared, ...unchanged } = supplier;
      const next = { ...unchanged, ...decided.next, updatedAt: now.toISOString() };
      return { result: true, write: [supplierPut(supplier, next), ...outboxPuts(decided.events, correlationId)] };
    },
    { attempts: 3 },
  );
}

/**
 * An operator's standing decision (`decideStandingByHand`), with its `SupplierStandingChanged`, conditional on the
 * record as read: the supplier as it is now, `undefined` for an unknown one, `'contention'` when it kept changing.
 */
export function setStandingByHand(supplierId: string, to: StandingSetByHand, by: string, note: string, now: Date, correlationId: string): Promise<Supplier | undefined | 'contention'> {
  return table.update<Supplier & ReviewableSupplier, Supplier | undefined>(
    supplierKey(supplierId),
    async (supplier): Promise<Decision<Supplier | undefined>> => {
      if (!supplier) return { result: undefined };
      const decided = decideStandingByHand(supplier, to, by, note, now);
      const { standingPending: _dropped, ...unchanged } = supplier;
      const next = { ...unchanged, ...decided.next, updatedAt: now.toISOString() };
      return { result: next, write: [supplierPut(supplier, next), ...outboxPuts(decided.events, correlationId)] };
    },
    { attempts: 3 },
  );
}
