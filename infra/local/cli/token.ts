/**
 * `npm run token -- <role> [--sub x] [--supplier-id y] [--email e] [--group member …] [--expires-in 1h] [--data-dir d]`: prints a
 * dev JWT signed by the local issuer in `<data-dir>/issuer` (the running cloud, or the next one, accepts it).
 */
import { resolve } from 'node:path';
import { REPO_ROOT } from '../../constructs/repo';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../../shared/domain/actor';
import { LocalIssuer } from '../gateway/issuer';
import { defaultDataDir } from '../start-options';


async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      sub: { type: 'string' },
      'supplier-id': { type: 'string' },
      email: { type: 'string' },
      group: { type: 'string', multiple: true },
      'expires-in': { type: 'string', default: '12h' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const usage = `Usage: npm run token -- <${ROLES.join('|')}> [--sub x] [--supplier-id y] [--email e] [--group member …] [--expires-in 1h] [--data-dir <the cloud's --data-dir>]`;
  if (values.help) {
    console.log(usage);
    return;
  }
  const role = positionals[0];
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    console.error(usage);
    process.exit(1);
  }
  // Relative to where the user typed the command, like `npm start -- --data-dir`.
  const dataDir = values['data-dir'] ? resolve(process.env.INIT_CWD ?? process.cwd(), values['data-dir']) : defaultDataDir(REPO_ROOT);
  const issuer = await LocalIssuer.open(dataDir);
  const token = await issuer.issueToken({
    role: role as Role,
    sub: values.sub,
    supplierId: values['supplier-id'],
    email: values.email,
    ...(values.group?.length ? { groups: values.group } : {}),
    expiresIn: values['expires-in'],
  });
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
