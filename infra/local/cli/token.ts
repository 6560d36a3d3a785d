/**
 * `npm run token -- <role> [--sub x] [--supplier-id y] [--email e] [--expires-in 1h]`: prints a dev JWT signed
 * by the local issuer in `.local/issuer` (the running cloud, or the next one, accepts it).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../../shared/domain/actor';
import { LocalIssuer } from '../gateway/issuer';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      sub: { type: 'string' },
      'supplier-id': { type: 'string' },
      email: { type: 'string' },
      'expires-in': { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const usage = `Usage: npm run token -- <${ROLES.join('|')}> [--sub x] [--supplier-id y] [--email e] [--expires-in 1h]`;
  if (values.help) {
    console.log(usage);
    return;
  }
  const role = positionals[0];
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    console.error(usage);
    process.exit(1);
  }
  const issuer = await LocalIssuer.open(join(repoRoot, '.local'));
  const token = await issuer.issueToken({
    role: role as Role,
    sub: values.sub,
    supplierId: values['supplier-id'],
    email: values.email,
    expiresIn: values['expires-in'],
  });
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
