import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { isLoopback, loadConfig, type Config } from '../../config/index.ts';
import { formatReport, importDirectory } from '../../ingest/index.ts';
import { generateMunicipality } from '../../synthetic/index.ts';
import { formatEvaluation } from '../../training/index.ts';
import { scoreAddresses } from '../../training/index.ts';
import { trainSettings } from '../../training/index.ts';
import { trainModel } from '../../training/index.ts';
import { integerOption, parseOptions } from '../args.ts';
import { withDatabase } from '../context.ts';
import { mintToken } from '../../service/index.ts';
import { ROLES, type Role } from '../../service/index.ts';
import { serve } from '../../service/index.ts';
import { progressBar } from '../progress.ts';
import type { Command } from './command.ts';

export const demoCommand: Command = {
  usage: [
    'usage: hennep demo [--addresses N] [--seed S]',
    '',
    'Generates a synthetic municipality under the data directory, ingests it, trains and',
    'promotes a model (if the gate allows) and scores every address.',
    'Then serves the API on HENNEP_HOST:HENNEP_PORT and prints a token per role (Ctrl+C stops).',
    '  --addresses N   dwellings (default 20000)',
    '  --seed S        random seed (default 1)',
    '  --no-serve      stop after scoring',
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, { addresses: { type: 'string' }, seed: { type: 'string' }, 'no-serve': { type: 'boolean' } });
    const built = await withDatabase(async (db, config) => {
      const outDir = join(config.dataDir, 'demo-city');
      const addresses = integerOption(options.addresses, 'addresses', 20_000, 100, 1_000_000);
      const seed = integerOption(options.seed, 'seed', 1, 0, 2 ** 31 - 1);
      process.stdout.write(`Database: ${db.kind} (${db.location})\n`);
      process.stdout.write(`Generating a synthetic municipality of ${addresses} dwellings, 2016–2024, in ${outDir} …\n`);
      const bar = progressBar('generate');
      await generateMunicipality({ outDir, addresses, seed, startYear: 2016, endYear: 2024 }, (d, t) => bar.update(d, t));
      bar.done();
      const ingestBar = progressBar('ingest');
      const report = await importDirectory(db.pool, outDir, { onProgress: (d, t) => ingestBar.update(d, t) });
      ingestBar.done();
      process.stdout.write(`${formatReport(report)}\n`);
      if (report.status !== 'loaded') return 1;
      process.stdout.write('\nTraining (logistic, additive and MLP; the additive model wins when within tolerance) …\n');
      const outcome = await trainModel(db.pool, trainSettings(config, { onProgress: (m) => process.stdout.write(`  ${m}\n`) }));
      const rows = outcome.candidates.map((c) => ({
        name: c.family,
        evaluation: c.test,
        note: c.family === outcome.family ? '← chosen' : '',
      }));
      process.stdout.write(`\nTest year ${outcome.plan.test}, never used for fitting or choosing:\n${formatEvaluation(rows)}\n`);
      process.stdout.write(
        `Model ${outcome.version} (${outcome.family}) ${outcome.promoted ? 'promoted' : `refused by the gate: ${outcome.reasons.join('; ')}`}\n`,
      );
      const list = await scoreAddresses(db.pool, {});
      process.stdout.write(
        `Risk list ${list.listId}: ${list.addresses.toLocaleString('en')} addresses scored as of ${list.referenceDate} by model ${list.version}.\n`,
      );
      process.stdout.write(
        [
          '',
          'Next:',
          `  npx hennep models card ${outcome.version}`.padEnd(53) + 'the model card (Algoritmeregister fields, metrics, fairness, drift)',
          '  npx hennep score --out scores.csv                    export address_id,score,rank,model_version',
          `  npx hennep evaluate --truth ${outDir}/truth.csv --year ${outcome.plan.test}   compare with the exact limit p_bayes`,
          '  npx hennep features --catalogue                      the features and why each is used',
          '  npx hennep serve                                     the service with its retrain schedule',
          `  ${outDir}/truth.csv holds the synthetic ground truth (never ingested).`,
          '',
        ].join('\n'),
      );
      return 0;
    });
    if (built !== 0 || options['no-serve']) return built;
    // The demo's own service offers the demo sign-in (a role for anyone who reaches it) when
    // it listens on this machine only; `hennep serve` does not unless HENNEP_DEMO_SIGN_IN=on.
    return serveDemo(demoConfig(process.env));
  },
};

/**
 * The demo's configuration: the demo sign-in on, unless an issuer is configured or the
 * service listens beyond this machine (HENNEP_HOST=0.0.0.0 in the container), and unless
 * HENNEP_DEMO_SIGN_IN says otherwise.
 */
export function demoConfig(env: NodeJS.ProcessEnv): Config {
  const plain = loadConfig(env);
  return plain.oidc.issuer || !isLoopback(plain.host) ? plain : loadConfig({ HENNEP_DEMO_SIGN_IN: 'on', ...env });
}

/** Serves the demo city and prints what a newcomer needs to sign in: the URL and a token per role. */
async function serveDemo(config: Config): Promise<number> {
  // Request logs go to stderr, so that the instructions on stdout stay readable.
  const log = pino({ level: config.logLevel }, pino.destination(2));
  const service = await serve(config, log);
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${service.port}`;
  const signIn = config.demoSignIn
    ? 'sign in with a role'
    : config.oidc.issuer
      ? 'sign in'
      : `sign in with one of the tokens below (no demo sign-in: ${config.host} is reachable from other machines)`;
  const lines = ['', `The service runs at ${url}  (API: ${url}/docs, metrics: ${url}/metrics)`, `Open ${url}/ in a browser and ${signIn}.`];
  if (config.oidc.issuer) {
    lines.push(`Sign in through ${config.oidc.issuer}; tokens come from that issuer.`);
  } else {
    const tokens: Array<[Role, string]> = [];
    for (const role of ROLES) tokens.push([role, await mintToken(config, { user: `demo-${role}`, roles: [role], ttlSeconds: 8 * 3600 })]);
    const file = join(config.dataDir, 'demo-tokens.env');
    await writeFile(file, tokens.map(([role, token]) => `HENNEP_TOKEN_${role.toUpperCase()}=${token}`).join('\n') + '\n', { mode: 0o600 });
    lines.push('Tokens, one per role, valid 8 hours (also in ' + file + ', for `source`):');
    for (const [role, token] of tokens) lines.push(`  ${role.padEnd(16)} ${token}`);
    lines.push(
      '',
      'Try, for example:',
      `  source ${file}`,
      `  curl -H "Authorization: Bearer $HENNEP_TOKEN_ANALIST" -H "X-Purpose: demo: verkennen van de risicolijst" '${url}/api/v1/risk-list?limit=3'`,
      `  curl -H "Authorization: Bearer $HENNEP_TOKEN_AUDITOR" ${url}/api/v1/audit-log/verify`,
    );
  }
  lines.push('', 'Ctrl+C stops the service.', '');
  process.stdout.write(lines.join('\n'));
  await new Promise<void>((resolve) => {
    const stop = () => void service.close().then(resolve);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}
