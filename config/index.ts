import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Every setting the project reads from the environment, parsed once. Nothing else
 * reads `process.env`: modules get the frozen result passed in.
 */
const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .describe('PostgreSQL connection string; unset = embedded PGlite in HENNEP_DATA_DIR'),
  HENNEP_DATA_DIR: z
    .string()
    .default('.hennep')
    .describe('Data directory of the embedded database and local keys'),
  HENNEP_DB_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe('Connections in the pg pool'),
});

export type Config = Readonly<{
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
}>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(emptyAsUnset(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.HENNEP_DATA_DIR),
    dbPoolSize: e.HENNEP_DB_POOL_SIZE,
  });
}

/** An exported-but-empty variable (`DATABASE_URL=`) means "use the default", as in most tools. */
function emptyAsUnset(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/** The documented variables, for `hennep config` and the README table. */
export function describeEnvironment(): Array<{ name: string; description: string; default: string }> {
  return Object.entries(environmentSchema.shape).map(([name, schema]) => {
    const def = (schema as z.ZodType).safeParse(undefined);
    return {
      name,
      description: (schema as z.ZodType).description ?? '',
      default: def.success && def.data !== undefined ? String(def.data) : '(unset)',
    };
  });
}
