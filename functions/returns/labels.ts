/**
 * Books the return label of an approved return through the carrier port and records it (`ReturnLabelIssued`
 * tells the customer). A carrier that fails leaves the return approved without a label, logged: the next
 * approval or request replay books it again (docs/returns.md, next steps: the workflow retries it).
 */
import * as returnsRepository from '../../shared/adapters/returns-repository';
import type { StoredOrder } from '../../shared/adapters/orders-repository';
import { carrierProvider } from '../../shared/adapters/carriers';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { attachReturnLabel, returnLabelRequest } from '../../shared/domain/returns/label';

export async function issueReturnLabel(ret: returnsRepository.StoredReturn, order: StoredOrder, correlationId: string): Promise<returnsRepository.StoredReturn> {
  const request = returnLabelRequest(ret, order);
  if (!request) return ret;
  try {
    const booked = await carrierProvider().bookReturn(request);
    const { ret: labelled } = await returnsRepository.updateReturn(ret.returnId, (current) => attachReturnLabel(current, { carrierId: request.carrierId, ...booked }, clock.now()), correlationId);
    return labelled;
  } catch (err) {
    logger.error('return label not booked', { returnId: ret.returnId, carrierId: request.carrierId, error: (err as Error).message });
    return ret;
  }
}
