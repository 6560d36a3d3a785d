/** How every listing pages: the query it accepts and the refusal of a token it did not issue. */
import * as z from './z';
import { DomainError } from '../domain/errors';

/** Spread into a route's query schema: `z.object({ status: …, ...paginationQuery })`. */
export const paginationQuery = {
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  nextToken: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
};

export const paginationQuerySchema = z.object(paginationQuery);
export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

/** 400 for a nextToken that does not belong to the listing it was sent to. */
export const invalidNextToken = () =>
  new DomainError('validation', 'InvalidNextToken', 'nextToken is not valid for this listing', [
    { field: 'query.nextToken', message: 'not a token returned by this listing' },
  ]);
