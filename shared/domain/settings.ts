/**
 * How every context reads its knobs: a typed reader per context (`listingSettingsFrom`, `orderSettingsFrom`,
 * `supplierSettingsFrom`, shared/adapters/settings.ts for the platform) over a function's environment
 * (CDK context → function environment), each number parsed here, the same way.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** `fallback` when the value is unset, blank, not a finite number, or refused by `accept`. */
export const numberSetting = (
  raw: string | undefined,
  fallback: number,
  accept: (value: number) => boolean = () => true,
): number => {
  const value = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isFinite(value) && accept(value) ? value : fallback;
};

export const isPositive = (value: number): boolean => value > 0;
