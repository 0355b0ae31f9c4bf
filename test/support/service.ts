import { generateKeyPair, exportJWK, SignJWT, type JWK } from 'jose';
import pino from 'pino';
import type pg from 'pg';
import supertest from 'supertest';
import { expect } from 'vitest';
import { loadConfig, type Config } from '../../config/index.ts';
import { importDirectory } from '../../ingest/index.ts';
import { createApp, type App } from '../../service/app.ts';
import { createAuthenticator, mintToken, type Authenticator } from '../../service/auth/index.ts';
import type { Role } from '../../service/permissions.ts';
import { generateMunicipality } from '../../synthetic/index.ts';
import { FEATURE_NAMES } from '../../features/index.ts';
import { activateModel, registerModel, type NewModel } from '../../training/registry.ts';
import { scoreAddresses } from '../../training/scoring.ts';
import { cardRecord } from '../training/card-fixture.ts';
import { trainSettings } from '../../training/settings.ts';
import { trainModel } from '../../training/train.ts';
import { temporaryDirectory } from './tmp.ts';

/**
 * A small synthetic city, loaded, with an additive model trained, promoted and scored:
 * what the service tests read and change. Years end in `endYear`, so that a control
 * recorded in that year becomes a label of the test year of the next training.
 */
export const CITY = { addresses: 3000, seed: 6, startYear: 2018, endYear: 2025 } as const;

/**
 * The same city with a risk list from a stated additive model instead of a trained one: for
 * tests of the workflow, permissions, audit and pages around a list, which need addresses
 * ranked and explained but no model fitted. Its shapes are few and plain (electricity
 * against peers, tips and odour reports in the last year, an earlier find), its card figures
 * those of a fixture; a test of training or of the card uses trainedCity.
 */
export async function listedCity(pool: pg.Pool, dir: string): Promise<void> {
  await generateMunicipality({ ...CITY, outDir: dir });
  const report = await importDirectory(pool, dir);
  expect(report.status).toBe('loaded');
  const version = await registerModel(pool, statedModel(), 'test:service');
  await activateModel(pool, version, 'test:service', { event: 'promoted', comparedWith: null });
  await scoreAddresses(pool);
}

/** An additive model written down rather than fitted, over every catalogue feature. */
function statedModel(): NewModel {
  const shapes: Record<string, { edges: number[]; terms: number[] }> = {
    kwh_peer_ratio: { edges: [1.5, 3], terms: [-0.2, 0.6, 2] },
    reports_anonymous_tip_12m: { edges: [0.5], terms: [0, 1.4] },
    reports_odour_12m: { edges: [0.5], terms: [0, 1.2] },
    months_since_find: { edges: [36], terms: [0.8, 0] },
  };
  const bins = FEATURE_NAMES.map((name) => ({ name, edges: shapes[name]?.edges ?? [] }));
  const terms = FEATURE_NAMES.map((name) => shapes[name]?.terms ?? [0]);
  const { training, dataFingerprint, metrics, fairness, drift } = cardRecord();
  return {
    family: 'additive',
    backend: 'cpu',
    artefact: {
      family: 'additive',
      names: [...FEATURE_NAMES],
      model: { bins, terms, intercept: -6.5 },
      calibration: { method: 'platt', a: 1, b: 0 },
    },
    training,
    dataFingerprint,
    metrics,
    fairness,
    drift,
    gate: { passed: true, reasons: ['no model was active'] },
    trainingSeconds: 0,
  };
}

export async function trainedCity(pool: pg.Pool, dir: string): Promise<void> {
  await generateMunicipality({ ...CITY, outDir: dir });
  const report = await importDirectory(pool, dir);
  expect(report.status).toBe('loaded');
  // Two bags: these tests read a trained model's list, not its quality, and each bag costs a fit (the default 5 is the bench's).
  const config = loadConfig({ HENNEP_ADDITIVE_BAGS: '2' });
  const outcome = await trainModel(pool, trainSettings(config, { actor: 'test:service', family: 'additive', trainYears: 2 }));
  expect(outcome.promoted).toBe(true);
  await scoreAddresses(pool);
}

/** The embedded-issuer configuration of a test: its own data directory (and key). */
export function embeddedConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ HENNEP_DATA_DIR: temporaryDirectory('service-keys'), HENNEP_RATE_LIMIT: '0', ...overrides });
}

export interface TestService {
  app: App;
  config: Config;
  authenticator: Authenticator;
  http: ReturnType<typeof supertest>;
  token(role: Role | Role[], user?: string): Promise<string>;
}

export async function testService(pool: pg.Pool, options: { config?: Config; clock?: () => Date } = {}): Promise<TestService> {
  const config = options.config ?? embeddedConfig();
  const authenticator = await createAuthenticator(config);
  const app = createApp({ pool, config, authenticator, log: pino({ level: 'silent' }), clock: options.clock });
  return {
    app,
    config,
    authenticator,
    http: supertest(app.app),
    token: (role, user) => mintToken(config, { user: user ?? `test-${[role].flat().join('-')}`, roles: [role].flat(), ttlSeconds: 600 }),
  };
}

/** A key pair that is not the issuer's: for tokens whose signature must fail. */
export async function strangerKey(): Promise<{
  sign(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  jwk: JWK;
}> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    jwk: await exportJWK(privateKey),
    sign: (claims, header = {}) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', ...header }).sign(privateKey),
  };
}
