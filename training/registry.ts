/**
 * The model registry in PostgreSQL. A model is registered as a candidate in one
 * transaction and made active in another, which retires the previous one: a process
 * killed at any point leaves exactly the previous active model (or none) active.
 */
import type pg from 'pg';
import type { Queryable } from '../db/index.ts';
import { parseArtefact, type Family, type ModelArtefact } from '../models/index.ts';
import { appendEntries, type AuditEntry } from '../db/index.ts';
import { withTransaction } from '../db/index.ts';

export type ModelStatus = 'candidate' | 'active' | 'retired' | 'refused';

export interface ModelEvent {
  event: 'registered' | 'promoted' | 'refused' | 'override' | 'retired' | 'disabled';
  actor: string;
  justification: string | null;
  at: string;
}

export interface NewModel {
  family: Family;
  backend: string;
  artefact: ModelArtefact;
  training: unknown;
  dataFingerprint: string;
  metrics: unknown;
  fairness: unknown;
  drift: unknown;
  gate: unknown;
  trainingSeconds: number;
}

export interface ModelRecord extends Omit<NewModel, 'artefact'> {
  version: number;
  status: ModelStatus;
  createdAt: string;
  featureNames: string[];
  artefact: ModelArtefact;
  events: ModelEvent[];
}

/**
 * Who asked, when a change comes through the service: the audit entry then names the
 * request (role, path, purpose). Without it the entry names the actor alone (a CLI user,
 * the retrain job). Every registry change writes its audit entry in its own transaction.
 */
export type AuditContext = Pick<AuditEntry, 'actor' | 'role' | 'method' | 'path' | 'purpose'>;

async function audit(
  client: pg.PoolClient,
  actor: string,
  action: string,
  detail: Record<string, unknown>,
  context?: AuditContext,
): Promise<void> {
  await appendEntries(client, [{ entry: { actor, ...context, action, status: context ? 200 : 0, detail }, at: new Date() }]);
}

export class RegistryError extends Error {
  override name = 'RegistryError';
}

export async function registerModel(pool: pg.Pool, model: NewModel, actor: string): Promise<number> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ version: number }>(
      `INSERT INTO models (family, backend, feature_names, artefact, training, data_fingerprint, metrics, fairness, drift, gate, training_seconds)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING version`,
      [
        model.family,
        model.backend,
        model.artefact.names,
        model.artefact,
        model.training,
        model.dataFingerprint,
        model.metrics,
        model.fairness,
        model.drift,
        model.gate,
        model.trainingSeconds,
      ],
    );
    const version = rows[0]!.version;
    await client.query(`INSERT INTO model_events (version, event, actor) VALUES ($1, 'registered', $2)`, [version, actor]);
    await audit(client, actor, 'models:register', { version, family: model.family });
    return version;
  });
}

type Activation = { event: 'promoted'; comparedWith: number | null } | { event: 'override'; justification: string };

/** The model's status, once it is sure that `how` may make it active; a RegistryError saying why not otherwise. */
async function activatable(client: Queryable, version: number, how: Activation): Promise<ModelStatus> {
  const { rows } = await client.query<{ status: ModelStatus }>('SELECT status FROM models WHERE version = $1', [version]);
  const status = rows[0]?.status;
  if (!status) throw new RegistryError(`there is no model version ${version} (hennep models lists them)`);
  if (status === 'active') throw new RegistryError(`model ${version} is already active`);
  if (how.event === 'promoted' && status !== 'candidate') {
    throw new RegistryError(
      `model ${version} is ${status}; only a candidate can be promoted (a refused model needs an override with a justification)`,
    );
  }
  // Counted in code points, as the CHECK on model_events counts with length().
  if (how.event === 'override' && [...how.justification.trim()].length < 20) {
    throw new RegistryError('activating a model by override needs a written justification of at least 20 characters (--justification "…")');
  }
  if (how.event === 'promoted') {
    // The gate compared against the model active then; if another took its place since
    // (an override, a concurrent run), that decision no longer holds.
    const current = await client.query<{ version: number }>(`SELECT version FROM models WHERE status = 'active'`);
    const now = current.rows[0]?.version ?? null;
    if (now !== how.comparedWith) {
      const judgedAgainst = how.comparedWith === null ? 'no active model' : `model ${how.comparedWith}`;
      throw new RegistryError(
        `model ${version} was judged against ${judgedAgainst}, but model ${now ?? '(none)'} is active now; train again to compare with it`,
      );
    }
  }
  return status;
}

/**
 * Makes `version` the active model in one transaction. `override` is a beheerder
 * activating a model the gate refused: it needs a written justification, kept with the model.
 */
export async function activateModel(pool: pg.Pool, version: number, actor: string, how: Activation, context?: AuditContext): Promise<void> {
  await withTransaction(pool, async (client) => {
    // Serialises concurrent promotions; the unique index would refuse a second active model anyway.
    await client.query('LOCK TABLE models IN SHARE ROW EXCLUSIVE MODE');
    const status = await activatable(client, version, how);
    const retired = await client.query<{ version: number }>(
      `UPDATE models SET status = 'retired' WHERE status = 'active' RETURNING version`,
    );
    for (const r of retired.rows)
      await client.query(`INSERT INTO model_events (version, event, actor) VALUES ($1, 'retired', $2)`, [r.version, actor]);
    await client.query(`UPDATE models SET status = 'active' WHERE version = $1`, [version]);
    await client.query(`INSERT INTO model_events (version, event, actor, justification) VALUES ($1, $2, $3, $4)`, [
      version,
      how.event,
      actor,
      how.event === 'override' ? how.justification : null,
    ]);
    await audit(
      client,
      actor,
      how.event === 'promoted' ? 'models:promote' : 'models:activate',
      {
        version,
        previousStatus: status,
        retired: retired.rows.map((r) => r.version),
        ...(how.event === 'override' ? { justification: how.justification } : { comparedWith: how.comparedWith }),
      },
      context,
    );
  });
}

/**
 * Switches the active model off: it is retired with a 'disabled' event and a reason, and
 * scoring answers 503 until a beheerder activates a model again. Returns the version.
 */
export async function disableModel(pool: pg.Pool, actor: string, reason: string, context?: AuditContext): Promise<number> {
  if ([...reason.trim()].length < 10) throw new RegistryError('switching the model off needs a reason of at least 10 characters');
  return withTransaction(pool, async (client) => {
    await client.query('LOCK TABLE models IN SHARE ROW EXCLUSIVE MODE');
    const { rows } = await client.query<{ version: number }>(
      `UPDATE models SET status = 'retired' WHERE status = 'active' RETURNING version`,
    );
    const version = rows[0]?.version;
    if (version === undefined) throw new RegistryError('no model is active: there is nothing to switch off');
    await client.query(`INSERT INTO model_events (version, event, actor, justification) VALUES ($1, 'disabled', $2, $3)`, [
      version,
      actor,
      reason.trim(),
    ]);
    await audit(client, actor, 'models:disable', { version, reason: reason.trim() }, context);
    return version;
  });
}

/** Why no model is active, when a beheerder switched it off: the latest 'disabled' event after the latest activation. */
export async function lastDisabled(db: Queryable): Promise<{ version: number; actor: string; reason: string; at: string } | null> {
  const { rows } = await db.query<{ version: number; actor: string; justification: string; at: Date; event: string }>(
    `SELECT version, actor, justification, at, event FROM model_events WHERE event IN ('disabled', 'promoted', 'override') ORDER BY id DESC LIMIT 1`,
  );
  const e = rows[0];
  return e && e.event === 'disabled' ? { version: e.version, actor: e.actor, reason: e.justification, at: e.at.toISOString() } : null;
}

export async function refuseModel(pool: pg.Pool, version: number, actor: string, reason: string): Promise<void> {
  await withTransaction(pool, async (client) => {
    const updated = await client.query(`UPDATE models SET status = 'refused' WHERE version = $1 AND status = 'candidate'`, [version]);
    if (updated.rowCount !== 1) throw new RegistryError(`model ${version} is not a candidate any more; it cannot be refused`);
    await client.query(`INSERT INTO model_events (version, event, actor, justification) VALUES ($1, 'refused', $2, $3)`, [
      version,
      actor,
      reason,
    ]);
    await audit(client, actor, 'models:refuse', { version, reason });
  });
}

const SELECT_MODEL = `
  SELECT m.*, to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created, coalesce(
    (SELECT json_agg(json_build_object('event', e.event, 'actor', e.actor, 'justification', e.justification, 'at', e.at::text) ORDER BY e.id)
       FROM model_events e WHERE e.version = m.version), '[]') AS events
  FROM models m`;

function toRecord(row: Record<string, unknown>): ModelRecord {
  return {
    version: row.version as number,
    family: row.family as Family,
    backend: row.backend as string,
    status: row.status as ModelStatus,
    createdAt: row.created as string,
    featureNames: row.feature_names as string[],
    artefact: parseArtefact(row.artefact, `model ${String(row.version)}`),
    training: row.training,
    dataFingerprint: row.data_fingerprint as string,
    metrics: row.metrics,
    fairness: row.fairness,
    drift: row.drift,
    gate: row.gate,
    trainingSeconds: row.training_seconds as number,
    events: row.events as ModelEvent[],
  };
}

export async function getModel(db: Queryable, version: number): Promise<ModelRecord | null> {
  const { rows } = await db.query(`${SELECT_MODEL} WHERE m.version = $1`, [version]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function activeModel(db: Queryable): Promise<ModelRecord | null> {
  const { rows } = await db.query(`${SELECT_MODEL} WHERE m.status = 'active'`);
  return rows[0] ? toRecord(rows[0]) : null;
}

export interface ModelSummary {
  version: number;
  family: Family;
  status: ModelStatus;
  createdAt: string;
  testYear: number | null;
  averagePrecision: number | null;
  precisionAt100: number | null;
  backend: string;
}

export async function listModels(db: Queryable): Promise<ModelSummary[]> {
  const { rows } = await db.query<{
    version: number;
    family: Family;
    status: ModelStatus;
    created: string;
    backend: string;
    test_year: number | null;
    ap: number | null;
    p100: number | null;
  }>(
    `SELECT version, family, status, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created, backend,
            (metrics #>> '{chosen,year}')::int AS test_year,
            (metrics #>> '{chosen,averagePrecision}')::float8 AS ap,
            (SELECT (x ->> 'precision')::float8 FROM jsonb_array_elements(metrics #> '{chosen,atK}') x WHERE (x ->> 'k')::int = 100) AS p100
     FROM models ORDER BY version`,
  );
  return rows.map((r) => ({
    version: r.version,
    family: r.family,
    status: r.status,
    createdAt: r.created,
    testYear: r.test_year,
    averagePrecision: r.ap,
    precisionAt100: r.p100,
    backend: r.backend,
  }));
}
