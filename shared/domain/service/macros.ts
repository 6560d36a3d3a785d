/**
 * Canned replies (macros), kept as data: a text with `{{placeholders}}` filled from the ticket and its order.
 */
import { DomainError } from '../errors';

export const MACRO_PLACEHOLDERS = ['ticket.id', 'ticket.subject', 'ticket.status', 'order.id', 'order.status', 'order.trackingNumber', 'order.promisedBy'] as const;
export type MacroPlaceholder = (typeof MACRO_PLACEHOLDERS)[number];
export type MacroValues = Partial<Record<MacroPlaceholder, string>>;

export interface Macro {
  readonly macroId: string;
  readonly title: string;
  readonly body: string;
  readonly updatedAt: string;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

/** The placeholders a text uses, in order of first use. */
export const placeholdersOf = (text: string): string[] => [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];

/** The names in `text` that are no placeholder (a macro naming one is refused when saved). */
export const unknownPlaceholders = (text: string): string[] =>
  placeholdersOf(text).filter((name) => !(MACRO_PLACEHOLDERS as readonly string[]).includes(name));

/** The macro's text with every placeholder filled; 422 naming those the ticket cannot fill (an order's on a ticket without one). */
export function fillMacro(macro: Pick<Macro, 'macroId' | 'body'>, values: MacroValues): string {
  const missing = placeholdersOf(macro.body).filter((name) => values[name as MacroPlaceholder] === undefined);
  if (missing.length > 0) {
    throw new DomainError('unprocessable', 'MacroNotApplicable', `Macro ${macro.macroId} needs ${missing.join(', ')}, which this ticket does not have`, [
      { field: 'body.macroId', message: `needs ${missing.join(', ')}` },
    ]);
  }
  return macro.body.replace(PLACEHOLDER, (_whole, name: string) => values[name as MacroPlaceholder] ?? '');
}
