import { supplierRoutes } from '../../shared/contracts/suppliers';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { hasRole } from '../../shared/domain/actor';
import { toApplicationSummary } from './views';

/** GET /suppliers/applications — operators: by status (pending work by default); applicants: their own. */
export const handler = readHandler(supplierRoutes.listSupplierApplications, async function listApplications({ query, actor }) {
  const byStatus = hasRole(actor, 'operator');
  const status = byStatus ? (query.status ?? 'AWAITING_DECISION') : query.status;
  const scope = byStatus ? `applications:status:${status}` : `applications:applicant:${actor.sub}:${status ?? '*'}`;
  const page = { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) };
  const result = byStatus
    ? await suppliersRepository.listApplicationsByStatus(status ?? 'AWAITING_DECISION', page)
    : await suppliersRepository.listApplicationsByApplicant(actor.sub, status, page);
  return { items: result.items.map(toApplicationSummary), nextToken: encodeNextToken(result.lastEvaluatedKey, scope) };
});
