/**
 * bench/results.json: `{ generatedAt, sections: { <name>: … } }`. Each section merges only its own key,
 * so running one section keeps the others' last numbers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../infra/constructs/repo';

export const RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'results.json');

export const readSections = (file = RESULTS_FILE): Record<string, unknown> => {
  if (!existsSync(file)) return {};
  try {
    const previous = JSON.parse(readFileSync(file, 'utf8')) as { sections?: Record<string, unknown> };
    return previous.sections ?? {};
  } catch {
    return {}; // a corrupt file is rewritten, never fatal
  }
};

export const mergeSection = (name: string, data: unknown, file = RESULTS_FILE): void => {
  const results = { generatedAt: new Date().toISOString(), sections: { ...readSections(file), [name]: data } };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
};
