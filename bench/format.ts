/** Small numeric and table helpers shared by the bench sections. */

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** Nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. */
export const percentile = (values: readonly number[], p: number): number => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};

/** One decimal: enough for KB, ms and MB. */
export const round = (value: number): number => Math.round(value * 10) / 10;

export interface TargetCheck {
  readonly target: string;
  readonly actual: string;
  readonly met: boolean;
}

export const printChecks = (checks: readonly TargetCheck[]): void => {
  for (const check of checks) console.log(`${check.met ? 'MET   ' : 'MISSED'}  ${check.target}: ${check.actual}`);
};

export const printTable = (header: readonly string[], rows: readonly (readonly string[])[]): void => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
};
