/** Global setup of the integration project: a temp dir for the shared local cloud (shared-cloud.ts), removed at the end. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'commerce-ops-shared-'));
  project.provide('sharedCloudRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}
