import type { CountListEntryView } from '../../shared/contracts/inventory';
import type { CountDecision, CountListEntry } from '../../shared/adapters/counts-repository';
import type { CountOutcome } from '../../shared/domain/inventory/cycle-count';

/** A count list entry as the API shows it: counted once a count (of any outcome) was recorded against it. */
export const toCountListEntryView = (entry: CountListEntry): CountListEntryView => ({
  sku: entry.sku,
  date: entry.date,
  abcClass: entry.abcClass,
  counted: entry.outcome !== undefined,
  ...(entry.outcome ? { outcome: entry.outcome, countedBy: entry.countedBy, countedAt: entry.countedAt } : {}),
});

/** The domain's evaluation in the API's words: an adjustment of zero units is MATCHED. */
export const countDecision = (evaluated: CountOutcome): CountDecision => ({
  outcome: evaluated.outcome === 'RECOUNT' ? 'RECOUNT' : evaluated.variance === 0 ? 'MATCHED' : 'ADJUSTED',
  variance: evaluated.variance,
  reason: evaluated.reason,
  audit: evaluated.audit,
  events: evaluated.events,
});
