import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { productReviewReminderDue } from '../../shared/domain/catalog/events';
import { appendHistory } from '../../shared/domain/catalog/product';
import { historyEntry } from '../../shared/domain/catalog/listing';
import { WORKFLOW_ACTOR } from '../../shared/domain/catalog/review';
import { applyStep } from './listing-steps';

const REMINDED = 'REVIEW_REMINDER_SENT';

/** Workflow task: reminds operators, once per revision, that a review is due soon. */
export const handler = taskHandler(revisionTaskInput, async function remindReviewers({ productId, revision, correlationId }) {
  const now = clock.now();
  await applyStep(
    productId,
    revision,
    (current) => current.latest.review !== undefined || current.history.some((entry) => entry.event === REMINDED && entry.revision === revision),
    (current) => ({
      next: { ...current, history: appendHistory(current.history, historyEntry(REMINDED, revision, WORKFLOW_ACTOR, now)), updatedAt: now.toISOString() },
      write: { correlationId, events: [productReviewReminderDue(current, current.latest)] },
    }),
  );
  return { reminded: true };
});
