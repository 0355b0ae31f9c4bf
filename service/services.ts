/**
 * What every handler may use, one set per app: its database, configuration, audit log,
 * token verifier, log, metrics and clock, and what it keeps between requests (rate-limit
 * budgets, the risk lists read, explanation templates). None of it lives at module level,
 * so two apps in one process, on two databases, share nothing.
 */
import type pg from 'pg';
import pino, { type Logger } from 'pino';
import type { Config } from '../config/index.ts';
import { AuditLog } from './audit/log.ts';
import type { Authenticator } from './auth/principal.ts';
import { createMetrics, type ServiceMetrics } from './http/metrics.ts';
import { RateLimiter } from './http/rate-limit.ts';
import { Explainer } from './risk/explain.ts';
import { RiskReader } from './risk/reader.ts';

export interface AppOptions {
  pool: pg.Pool;
  config: Config;
  authenticator: Authenticator;
  log?: Logger;
  /** The time written into workflow records and audit entries (tests move it). */
  clock?: () => Date;
}

export interface Services {
  pool: pg.Pool;
  config: Config;
  audit: AuditLog;
  authenticator: Authenticator;
  log: Logger;
  metrics: ServiceMetrics;
  clock: () => Date;
  /** Background work started by a request (retraining), awaited at shutdown. */
  background: Set<Promise<unknown>>;
  /** One budget per user for the whole API (and per client address for unauthenticated calls). */
  limiter: RateLimiter;
  /** The current risk list and its scores, as this app's database holds them. */
  risk: RiskReader;
  explainer: Explainer;
}

export function createServices(options: AppOptions): Services {
  const clock = options.clock ?? (() => new Date());
  const audit = new AuditLog(options.pool, clock);
  return {
    pool: options.pool,
    config: options.config,
    audit,
    authenticator: options.authenticator,
    log: options.log ?? pino({ level: 'silent' }),
    metrics: createMetrics(() => audit.appended),
    clock,
    background: new Set(),
    limiter: new RateLimiter(options.config.rateLimit, 60_000, clock),
    risk: new RiskReader(options.pool),
    explainer: new Explainer(),
  };
}
