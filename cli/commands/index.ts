/** The subcommands of `hennep`, by name, each loaded only when it runs. */
import type { Command } from './command.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  /** Loaded on use only: `hennep ingest` never pays for loading TensorFlow.js. */
  load(): Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'audit-log',
    summary: "verify the audit log's hash chain (exit 4 when an entry was altered or removed)",
    load: () => import('./audit-log.ts').then((m) => m.auditLogCommand),
  },
  {
    name: 'demo',
    summary: 'generate a synthetic municipality, load it, train, promote and score (the quick start)',
    load: () => import('./demo.ts').then((m) => m.demoCommand),
  },
  {
    name: 'evaluate',
    summary: 'compare a model with the truth of a synthetic city: its AP against p_bayes, the best any model can reach',
    load: () => import('./evaluate.ts').then((m) => m.evaluateCommand),
  },
  {
    name: 'fairness',
    summary:
      "audit a model's risk list per group of an attributes file and per district, ownership and dwelling type (exit 3 when the gate fails)",
    load: () => import('./fairness.ts').then((m) => m.fairnessCommand),
  },
  {
    name: 'features',
    summary: 'write point-in-time features as of a 1 January, or print the feature catalogue',
    load: () => import('./features.ts').then((m) => m.featuresCommand),
  },
  {
    name: 'generate',
    summary: 'write a synthetic municipality in the data-contract format, with truth.csv',
    load: () => import('./generate.ts').then((m) => m.generateCommand),
  },
  {
    name: 'ingest',
    summary: 'import a data-contract delivery directory (all or nothing, bad rows quarantined)',
    load: () => import('./ingest.ts').then((m) => m.ingestCommand),
  },
  {
    name: 'models',
    summary: 'list registered models, print a model card, activate a refused model with a justification',
    load: () => import('./models.ts').then((m) => m.modelsCommand),
  },
  {
    name: 'openapi',
    summary: 'write the OpenAPI document of the API (as /docs/openapi.json serves it), to stdout or a file',
    load: () => import('./openapi.ts').then((m) => m.openapiCommand),
  },
  {
    name: 'migrate',
    summary: 'apply pending database migrations (also done at every start)',
    load: () => import('./migrate.ts').then((m) => m.migrateCommand),
  },
  {
    name: 'score',
    summary: 'score every address with the active model and store the risk list (optionally export it)',
    load: () => import('./score.ts').then((m) => m.scoreCommand),
  },
  {
    name: 'serve',
    summary: 'run the service (API, /docs, /metrics) with the retrain and retention schedules',
    load: () => import('./serve.ts').then((m) => m.serveCommand),
  },
  {
    name: 'simulate',
    summary:
      'run a synthetic city year by year under policies for the extra controls (status quo, random, the risk list, list + sample, the limit) and compare them',
    load: () => import('./simulate.ts').then((m) => m.simulateCommand),
  },
  {
    name: 'token',
    summary: 'print a bearer token of the embedded issuer for a role and user (--ttl, default 8h)',
    load: () => import('./token.ts').then((m) => m.tokenCommand),
  },
  {
    name: 'train',
    summary: 'train, evaluate on a held-out year, audit, register and (if the gate allows) promote a model',
    load: () => import('./train.ts').then((m) => m.trainCommand),
  },
];
