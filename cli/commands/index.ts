export interface Command {
  usage: string;
  /** Returns the exit code. */
  run(args: readonly string[]): Promise<number>;
}

export interface CommandEntry {
  name: string;
  summary: string;
  /** Loaded on use only: `hennep ingest` never pays for loading TensorFlow.js. */
  load(): Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  { name: 'demo', summary: 'generate a synthetic municipality and load it into the (embedded) database', load: () => import('./demo.ts').then((m) => m.demoCommand) },
  { name: 'features', summary: 'write point-in-time features as of a 1 January, or print the feature catalogue', load: () => import('./features.ts').then((m) => m.featuresCommand) },
  { name: 'generate', summary: 'write a synthetic municipality in the data-contract format, with truth.csv', load: () => import('./generate.ts').then((m) => m.generateCommand) },
  { name: 'ingest', summary: 'import a data-contract delivery directory (all or nothing, bad rows quarantined)', load: () => import('./ingest.ts').then((m) => m.ingestCommand) },
  { name: 'migrate', summary: 'apply pending database migrations (also done at every start)', load: () => import('./migrate.ts').then((m) => m.migrateCommand) },
];
