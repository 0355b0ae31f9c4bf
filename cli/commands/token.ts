import { loadConfig } from '../../config/index.ts';
import { mintToken, parseTtl } from '../../service/index.ts';
import { isRole, ROLES, type Role } from '../../service/index.ts';
import { parseOptions, requireString, UsageError } from '../args.ts';
import type { Command } from './command.ts';

export const tokenCommand: Command = {
  usage: [
    'usage: hennep token --role ROLE[,ROLE] --user NAME [--ttl 8h]',
    '',
    `Prints a bearer token of the embedded issuer (no HENNEP_OIDC_ISSUER set). Roles: ${ROLES.join(', ')}.`,
    'The signing key lives in HENNEP_DATA_DIR/keys; anyone who can read it can mint tokens.',
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, { role: { type: 'string' }, user: { type: 'string' }, ttl: { type: 'string' } });
    const roles = requireString(options.role, 'role')
      .split(',')
      .map((r) => r.trim());
    const unknown = roles.filter((r) => !isRole(r));
    if (unknown.length) throw new UsageError(`--role ${unknown.join(', ')}: not a role; the roles are ${ROLES.join(', ')}`);
    const user = requireString(options.user, 'user');
    if (!/^[\w.@-]{2,64}$/.test(user)) throw new UsageError(`--user '${user}': 2–64 letters, digits, . _ @ or -`);
    let ttlSeconds: number;
    try {
      ttlSeconds = parseTtl(options.ttl ?? '8h');
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const token = await mintToken(loadConfig(), { user, roles: roles as Role[], ttlSeconds });
    process.stdout.write(`${token}\n`);
    return 0;
  },
};
