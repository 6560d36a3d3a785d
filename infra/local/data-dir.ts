/** The local cloud's data dir (`.local/` by default). */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** `--fresh`: drop the data, keep the issuer's keys so tokens already handed out keep working. */
export function resetData(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  for (const entry of readdirSync(dataDir)) {
    if (entry !== 'issuer') rmSync(join(dataDir, entry), { recursive: true, force: true });
  }
}
