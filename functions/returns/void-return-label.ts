import { returnTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { carrierProvider } from '../../shared/adapters/carriers';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { namedError } from '../../shared/domain/errors';
import { RETURN_LIFECYCLE_ERRORS } from '../../shared/domain/workflow-errors';
import { labelToVoid, markLabelVoided } from '../../shared/domain/returns/label';

/**
 * Workflow task VoidReturnLabel, the compensation of BookReturnLabel: an expired return's unused label is voided at
 * the carrier and marked on the return (`label.voidedAt`). Nothing to void (no label, voided already, the return
 * not expired) is a success, so it runs twice safely.
 */
export const handler = taskHandler(returnTaskInput, async function voidLabel({ returnId, correlationId }) {
  const label = labelToVoid(await returnsRepository.requireReturn(returnId));
  if (!label) return { voided: false };
  try {
    await carrierProvider().voidReturn({ carrierId: label.carrierId, trackingNumber: label.trackingNumber });
  } catch (err) {
    throw namedError(RETURN_LIFECYCLE_ERRORS.CarrierUnavailable, `${label.carrierId} did not void label ${label.trackingNumber}: ${(err as Error).message}`);
  }
  await returnsRepository.updateReturn(returnId, (current) => markLabelVoided(current, label.trackingNumber, clock.now()), correlationId);
  logger.info('return label voided', { returnId, carrierId: label.carrierId, trackingNumber: label.trackingNumber });
  return { voided: true };
});
