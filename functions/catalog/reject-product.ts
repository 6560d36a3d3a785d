import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { rejectListing } from '../../shared/domain/catalog/listing-steps';
import { applyStep } from './listing-steps';

/** Workflow task: the operator rejected the revision; it is final, and the supplier hears the reasons. */
export const handler = taskHandler(revisionTaskInput, async function rejectProduct({ productId, revision, correlationId }) {
  const now = clock.now();
  await applyStep(productId, (current) => rejectListing(current, revision, now), { correlationId });
  return { rejected: true };
});
