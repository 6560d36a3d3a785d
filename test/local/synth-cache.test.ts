import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const cacheRoot = mkdtempSync(join(tmpdir(), 'commerce-ops-synth-cache-'));
vi.stubEnv('COMMERCE_OPS_LOCAL_CACHE', cacheRoot);
const { synthTemplateCached, templateKey } = await import('../../infra/local/template/synth-cache');

afterAll(() => rmSync(cacheRoot, { recursive: true, force: true }));

describe('the synthesized template cache', () => {
  it('keys on the inputs: the same sources and context give the same key, another context another', () => {
    expect(templateKey({})).toBe(templateKey({}));
    expect(templateKey({ decisionWindowHours: 0.01 })).not.toBe(templateKey({}));
  });

  it('synthesizes on a miss, then serves the very same template from the cache', { timeout: 120_000 }, async () => {
    const first = await synthTemplateCached({ decisionWindowHours: 0.02 });
    expect(first.cached).toBe(false);
    expect(readdirSync(join(cacheRoot, 'templates'))).toEqual([`${templateKey({ decisionWindowHours: 0.02 })}.json`]);
    const second = await synthTemplateCached({ decisionWindowHours: 0.02 });
    expect(second.cached).toBe(true);
    expect(second.stackName).toBe(first.stackName);
    expect(second.template).toEqual(first.template);
  });

  it('caches nothing a process synthesized from sources edited since it loaded them', { timeout: 120_000 }, async () => {
    await synthTemplateCached({ decisionWindowHours: 0.03 });
    const cachedBefore = readdirSync(join(cacheRoot, 'templates')).sort();
    // An edit after the app was loaded (as in a dev's long-lived process): the key moves, the loaded app does not.
    const edit = join(process.cwd(), 'shared', `zz-synth-cache-probe-${process.pid}.json`);
    writeFileSync(edit, '{}');
    try {
      const stale = await synthTemplateCached({ decisionWindowHours: 0.03 });
      expect(stale.cached).toBe(false);
      expect(readdirSync(join(cacheRoot, 'templates')).sort()).toEqual(cachedBefore);
    } finally {
      rmSync(edit, { force: true });
    }
  });
});
