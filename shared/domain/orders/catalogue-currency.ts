/**
 * One currency for the catalogue, its carriers and its orders: a carrier priced in another currency could
 * be offered in a quote that placing then refuses, so it is refused when stored. Pure.
 */
import { DomainError } from '../errors';

export const DEFAULT_CATALOGUE_CURRENCY = 'EUR';

/** The deployment's catalogue currency (CATALOGUE_CURRENCY, EUR by default). */
export const catalogueCurrencyFrom = (env: Readonly<Record<string, string | undefined>>): string =>
  /^[A-Z]{3}$/.test(env.CATALOGUE_CURRENCY ?? '') ? env.CATALOGUE_CURRENCY! : DEFAULT_CATALOGUE_CURRENCY;

/** 422 CurrencyMismatch, naming the field, when `currency` is not the catalogue's. */
export function assertCatalogueCurrency(currency: string, catalogue: string, field = 'currency'): void {
  if (currency === catalogue) return;
  throw new DomainError('unprocessable', 'CurrencyMismatch', `Prices here are in ${catalogue}; ${currency} cannot be quoted or charged`, [
    { field, message: `must be ${catalogue}, the catalogue's currency` },
  ]);
}
