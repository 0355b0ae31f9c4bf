import { join, resolve } from 'node:path';
import { z } from 'zod';

/** How training treats labels by the control that made them (training/label-weighting.ts). */
export const LABEL_WEIGHTINGS = ['none', 'exclude-model', 'ipw'] as const;
export type LabelWeighting = (typeof LABEL_WEIGHTINGS)[number];

/**
 * Every setting the project reads from the environment, parsed once. Nothing else
 * reads `process.env`: modules get the frozen result passed in.
 */
const environmentSchema = z.object({
  DATABASE_URL: z.string().url().optional().describe('PostgreSQL connection string; unset = embedded PGlite in HENNEP_DATA_DIR'),
  HENNEP_DATA_DIR: z.string().default('.hennep').describe('Data directory of the embedded database and local keys'),
  HENNEP_EMBEDDED_MAX_ADDRESSES: z.coerce
    .number()
    .int()
    .min(1)
    .default(300_000)
    .describe(
      'Most addresses the embedded database takes: hennep ingest refuses a larger city at the start (the largest measured to complete; README, Scale)',
    ),
  HENNEP_DB_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe(
      'Connections in the pg pool to PostgreSQL (the embedded database always uses one); on PostgreSQL the service keeps those it opened',
    ),
  HENNEP_HOST: z.string().default('127.0.0.1').describe('Address the service listens on (0.0.0.0 in the container)'),
  HENNEP_PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('Port of the service (0 = any free port)'),
  HENNEP_TRAIN_YEARS: z.coerce.number().int().min(1).max(20).default(4).describe('Reference years to train on, before the validation year'),
  HENNEP_SEED: z.coerce.number().int().default(1).describe('Seed of every random choice in training'),
  HENNEP_TRAIN_MEMORY_MB: z.coerce
    .number()
    .int()
    .min(1)
    .default(1024)
    .describe(
      'Memory budget of the training rows (about 32 bytes per row and feature while fitting): above it every find is kept and a seeded ' +
        'share of the other rows, weighted by 1/share',
    ),
  HENNEP_TRAIN_MAX_ADDRESSES: z.coerce
    .number()
    .int()
    .min(1)
    .default(1_000_000)
    .describe(
      'Most addresses a training run takes: it holds the validation and test years whole, and refuses a larger city before building ' +
        'any year (the largest measured to train in under 4 GB; README, Scale)',
    ),
  HENNEP_ADDITIVE_BAGS: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(5)
    .describe(
      'Outer bags of the additive model: fits on 85 % of the training rows, averaged; their spread is the error bar of a shape (1: one ' +
        'fit, no error bars; each bag costs about one fit)',
    ),
  HENNEP_ADDITIVE_TOLERANCE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .describe(
      'The additive model is chosen unless another family beats its validation AP by more than this fraction and two bootstrap standard deviations',
    ),
  HENNEP_PROMOTION_TOLERANCE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .describe("A new model is promoted when its test AP is at least (1 − this) × the active model's on the same year"),
  HENNEP_LIST_SIZE: z.coerce.number().int().min(1).default(100).describe('Addresses controlled a year: the top-k of the fairness audit'),
  HENNEP_REFIT: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      'Serve a refit of the chosen model on the newest HENNEP_TRAIN_YEARS years, test year included (figures stay those of the held-out fit)',
    ),
  HENNEP_LABEL_WEIGHTING: z
    .enum(LABEL_WEIGHTINGS)
    .default('none')
    .describe(
      'Which training labels count: none (all), exclude-model (not those of list-driven controls), ipw (random controls weighted by 1/selection probability)',
    ),
  HENNEP_SAMPLE_SHARE: z.coerce
    .number()
    .positive()
    .max(1)
    .default(0.1)
    .describe(
      'Size of a random sample drawn without a given n: this share of the controls the RIEC approved in the last 12 months, rounded up, at least 1',
    ),
  HENNEP_FAIRNESS_LOW: z.coerce
    .number()
    .positive()
    .default(0.8)
    .describe('Lowest false-positive-rate ratio between audit groups the gate accepts'),
  HENNEP_FAIRNESS_HIGH: z.coerce
    .number()
    .positive()
    .default(1.25)
    .describe('Highest false-positive-rate ratio between audit groups the gate accepts'),
  HENNEP_RETRAIN_CRON: z.string().default('0 3 1 * *').describe("Schedule of retrain-and-rescore in the service (cron; 'off' disables)"),
  HENNEP_INBOX: z.string().optional().describe('Directory where new deliveries are dropped; each retrain run ingests them first'),
  HENNEP_OIDC_ISSUER: z
    .string()
    .url()
    .optional()
    .describe(
      'OIDC issuer whose JWKS verifies bearer tokens (discovery at <issuer>/.well-known/openid-configuration); unset = embedded issuer ' +
        "with a key in HENNEP_DATA_DIR and 'hennep token'",
    ),
  HENNEP_DEMO_SIGN_IN: z
    .enum(['on', 'off'])
    .default('off')
    .describe(
      "The web page's demo sign-in, where anyone who reaches the service picks any role ('on' only on one's own machine: `hennep demo` " +
        'turns it on; refused with HENNEP_OIDC_ISSUER or a HENNEP_HOST other than loopback)',
    ),
  HENNEP_OIDC_CLIENT_ID: z
    .string()
    .min(1)
    .default('hennep-risk')
    .describe('Public client id of the web page at the OIDC issuer (authorization code flow with PKCE)'),
  HENNEP_OIDC_AUDIENCE: z.string().min(1).default('hennep-risk').describe('Audience (aud) a token must name'),
  HENNEP_ROLES_CLAIM: z
    .string()
    .min(1)
    .default('roles')
    .describe("Claim holding the user's roles (array or space-separated string; dotted path allowed, e.g. realm_access.roles)"),
  HENNEP_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .default(365)
    .describe('Risk lists and rejected signals older than this many days are deleted by the retention job'),
  HENNEP_RETENTION_CRON: z.string().default('30 2 * * *').describe("Schedule of the retention job in the service (cron; 'off' disables)"),
  HENNEP_AUDIT_CHECKPOINT_CRON: z
    .string()
    .default('*/5 * * * *')
    .describe(
      "Schedule of the signed checkpoints of the audit log's head, also written at start and at every graceful shutdown (cron; 'off' writes none)",
    ),
  HENNEP_AUDIT_CHECKPOINT_DIR: z
    .string()
    .optional()
    .describe(
      'Directory the signed audit-log checkpoints are appended to, one file per day and writer (keep it where the database administrator ' +
        'cannot write); unset = HENNEP_DATA_DIR/audit-checkpoints',
    ),
  HENNEP_RATE_LIMIT: z.coerce.number().int().min(0).default(600).describe('API requests per user per minute, per replica (0 = no limit)'),
  HENNEP_BODY_LIMIT: z.string().default('64kb').describe('Largest JSON request body accepted'),
  HENNEP_TRUST_PROXY: z
    .string()
    .default('false')
    .describe("Express 'trust proxy' behind a load balancer (false, true, a hop count or subnets)"),
  HENNEP_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Level of the JSON application log (pino) on stdout'),
});

export type Config = Readonly<{
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
  /** Most addresses the embedded database takes; ingest refuses a larger city before writing. */
  embeddedMaxAddresses: number;
  host: string;
  port: number;
  trainYears: number;
  seed: number;
  additiveTolerance: number;
  additiveBags: number;
  trainMemoryMb: number;
  /** Most addresses a training run takes; it refuses a larger city before building any year. */
  trainMaxAddresses: number;
  promotionTolerance: number;
  listSize: number;
  labelWeighting: LabelWeighting;
  /** Serve a refit on the newest years instead of the held-out fit. */
  refit: boolean;
  /** A sample drawn without n: this share of the controls approved in the last 12 months. */
  sampleShare: number;
  fairness: { low: number; high: number };
  retrainCron: string | null;
  inbox: string | undefined;
  oidc: Readonly<{ issuer: string | undefined; clientId: string; audience: string; rolesClaim: string }>;
  /** POST /auth/demo-sign-in exists: a token for any role to anyone (embedded issuer only). */
  demoSignIn: boolean;
  retentionDays: number;
  retentionCron: string | null;
  /** When the service signs the audit log's head; null: never (not at shutdown either). */
  auditCheckpointCron: string | null;
  auditCheckpointDir: string;
  rateLimit: number;
  bodyLimit: string;
  trustProxy: boolean | number | string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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
  if (e.HENNEP_DEMO_SIGN_IN === 'on' && e.HENNEP_OIDC_ISSUER) {
    throw new ConfigError(
      `invalid environment: HENNEP_DEMO_SIGN_IN=on with HENNEP_OIDC_ISSUER=${e.HENNEP_OIDC_ISSUER}: with an issuer, people sign in there; ` +
        `unset HENNEP_DEMO_SIGN_IN`,
    );
  }
  if (e.HENNEP_DEMO_SIGN_IN === 'on' && !isLoopback(e.HENNEP_HOST)) {
    throw new ConfigError(
      `invalid environment: HENNEP_DEMO_SIGN_IN=on with HENNEP_HOST=${e.HENNEP_HOST}: the demo sign-in gives any role to anyone who ` +
        `reaches the service, so it listens on this machine only (127.0.0.1, ::1 or localhost); sign in with tokens from hennep token instead`,
    );
  }
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.HENNEP_DATA_DIR),
    dbPoolSize: e.HENNEP_DB_POOL_SIZE,
    embeddedMaxAddresses: e.HENNEP_EMBEDDED_MAX_ADDRESSES,
    host: e.HENNEP_HOST,
    port: e.HENNEP_PORT,
    trainYears: e.HENNEP_TRAIN_YEARS,
    seed: e.HENNEP_SEED,
    additiveTolerance: e.HENNEP_ADDITIVE_TOLERANCE,
    additiveBags: e.HENNEP_ADDITIVE_BAGS,
    trainMemoryMb: e.HENNEP_TRAIN_MEMORY_MB,
    trainMaxAddresses: e.HENNEP_TRAIN_MAX_ADDRESSES,
    promotionTolerance: e.HENNEP_PROMOTION_TOLERANCE,
    listSize: e.HENNEP_LIST_SIZE,
    labelWeighting: e.HENNEP_LABEL_WEIGHTING,
    refit: e.HENNEP_REFIT === 'on',
    sampleShare: e.HENNEP_SAMPLE_SHARE,
    fairness: Object.freeze({ low: e.HENNEP_FAIRNESS_LOW, high: e.HENNEP_FAIRNESS_HIGH }),
    retrainCron: e.HENNEP_RETRAIN_CRON === 'off' ? null : e.HENNEP_RETRAIN_CRON,
    inbox: e.HENNEP_INBOX === undefined ? undefined : resolve(e.HENNEP_INBOX),
    oidc: Object.freeze({
      issuer: e.HENNEP_OIDC_ISSUER,
      clientId: e.HENNEP_OIDC_CLIENT_ID,
      audience: e.HENNEP_OIDC_AUDIENCE,
      rolesClaim: e.HENNEP_ROLES_CLAIM,
    }),
    demoSignIn: e.HENNEP_DEMO_SIGN_IN === 'on',
    retentionDays: e.HENNEP_RETENTION_DAYS,
    retentionCron: e.HENNEP_RETENTION_CRON === 'off' ? null : e.HENNEP_RETENTION_CRON,
    auditCheckpointCron: e.HENNEP_AUDIT_CHECKPOINT_CRON === 'off' ? null : e.HENNEP_AUDIT_CHECKPOINT_CRON,
    auditCheckpointDir: resolve(e.HENNEP_AUDIT_CHECKPOINT_DIR ?? join(e.HENNEP_DATA_DIR, 'audit-checkpoints')),
    rateLimit: e.HENNEP_RATE_LIMIT,
    bodyLimit: e.HENNEP_BODY_LIMIT,
    trustProxy: parseTrustProxy(e.HENNEP_TRUST_PROXY),
    logLevel: e.HENNEP_LOG_LEVEL,
  });
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** An exported-but-empty variable (`DATABASE_URL=`) means "use the default", as in most tools. */
function emptyAsUnset(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/** The documented variables, for the README table (a test keeps the two equal). */
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

/** A listen address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
export { LANGUAGES, type Lang } from './language.ts';
export { packageVersion } from './version.ts';
