/** How every listing pages: the query it accepts and the refusal of a token it did not issue. */
import * as z from 'zod';
import { DomainError } from '../domain/errors';

/** Spread into a route's query schema: `z.object({ status: …, ...paginationQuery })`. */
export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  nextToken: z.string().min(1).max(4096).optional(),
};

export const paginationQuerySchema = z.object(paginationQuery);
export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

/** 400 for a nextToken that does not belong to the listing it was sent to. */
export const invalidNextToken = () =>
  new DomainError('validation', 'InvalidNextToken', 'nextToken is not valid for this listing', [
    { field: 'query.nextToken', message: 'not a token returned by this listing' },
  ]);
