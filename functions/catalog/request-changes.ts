import * as z from '../../shared/contracts/z';
import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { sendBackForChanges } from '../../shared/domain/catalog/listing-steps';
import { applyStep } from './listing-steps';

const input = z.extend(revisionTaskInput, {
  /** CHECKS: the content check's findings; OPERATOR: the reviewer's reasons; FAILURE: the workflow broke. */
  basis: z.enum(['CHECKS', 'OPERATOR', 'FAILURE']),
  failure: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

/**
 * Workflow task: sends the revision back to the supplier with what to fix (CHANGES_REQUESTED) and tells
 * it so. On a failure of ours the supplier is told to resubmit and operators are alerted.
 */
export const handler = taskHandler(input, async function requestChangesTask({ productId, revision, basis, failure, correlationId }) {
  const now = clock.now();
  await applyStep(productId, (current) => sendBackForChanges(current, revision, basis, failure?.Error, now), { correlationId });
  if (basis === 'FAILURE') logger.error('listing workflow failed; revision sent back', { productId, revision, error: failure?.Error });
  return { changesRequested: true };
});
