import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { remindReviewers } from '../../shared/domain/catalog/listing-steps';
import { applyStep } from './listing-steps';

/** Workflow task: reminds operators, once per revision, that a review is due soon. */
export const handler = taskHandler(revisionTaskInput, async function remindReviewersTask({ productId, revision, correlationId }) {
  const now = clock.now();
  await applyStep(productId, (current) => remindReviewers(current, revision, now), { correlationId });
  return { reminded: true };
});
