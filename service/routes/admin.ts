import { z } from 'zod';
import { FEATURE_CATALOGUE } from '../../features/index.ts';
import { modelCard } from '../../training/index.ts';
import { runRetrainJob } from '../../training/index.ts';
import { activateModel, disableModel, getModel, listModels, RegistryError } from '../../training/index.ts';
import { scoreAddresses } from '../../training/index.ts';
import { HEAD_PATTERN, parseHead } from '../audit.ts';
import { verifyAuditLogWithCheckpoints } from '../checkpoints/index.ts';
import { auditLogRoute } from './audit-log.ts';
import { HttpError, route, text, wholeNumber } from '../http.ts';
import { PERMISSIONS, permissionsOf } from '../permissions.ts';

/** Session, model registry, jobs and the audit log: no address-level data here. */
const checkpointSummary = z.object({
  seq: z.number().describe('the entry the checkpoint signed as the head'),
  hash: z.string().describe("that entry's hash as signed"),
  time: z.string().describe('when the head was read (UTC)'),
  keyId: z.string().describe('id of the Ed25519 key that signed it'),
  writer: z.string().describe('host:pid of the service that wrote it'),
  file: z.string().describe('the checkpoint file it is in'),
  signatureValid: z.boolean().describe('the signature verifies under the key the line carries'),
  matchesChain: z.boolean().describe('the chain holds that entry with that hash'),
});

const verifyResponse = z.object({
  ok: z.boolean().describe('the chain is intact, agrees with every signed checkpoint, and every checkpoint line verifies'),
  entries: z.number(),
  problemCount: z.number(),
  head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
  problems: z.array(z.object({ seq: z.number(), problem: z.string() })).describe('problems of the chain, found by walking it or by the checkpoints'),
  checkpoints: z.object({
    found: z.number().describe('checkpoint lines read; 0: none, so entries deleted from the end cannot show'),
    keys: z
      .array(z.object({ keyId: z.string(), lines: z.number(), first: z.string(), last: z.string() }))
      .describe('the keys that signed valid lines, oldest first, with how many and when: each replica logs its key id, and a key none holds means lines from someone else'),
    newest: checkpointSummary.nullable(),
    problemCount: z.number(),
    problems: z.array(z.object({ file: z.string(), line: z.number(), problem: z.string() })).describe('checkpoint lines that are not checkpoints or whose signature fails'),
  }),
});

const versionParams = z.object({ version: wholeNumber('a model version is a positive integer') });

export const adminRoutes = [
  route({
    method: 'get',
    path: '/me',
    action: 'session:read',
    summary: 'Who the token says you are, your roles and what they allow',
    response: z.object({ subject: z.string(), name: z.string(), roles: z.array(z.string()), permissions: z.array(z.object({ action: z.string(), description: z.string(), purpose: z.boolean() })), expiresAt: z.string() }),
    async handler({ principal }) {
      return {
        body: {
          subject: principal.subject,
          name: principal.name,
          roles: principal.roles,
          permissions: permissionsOf(principal.roles).map((action) => ({ action, description: PERMISSIONS[action].description, purpose: PERMISSIONS[action].purpose })),
          expiresAt: new Date(principal.expiresAt * 1000).toISOString(),
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/features',
    action: 'session:read',
    summary: 'The feature catalogue: every input a model may see, what it measures, its sources, how missing data is treated and why it is used',
    query: z.strictObject({ lang: z.enum(['nl', 'en']).default('nl') }),
    response: z.object({ items: z.array(z.object({ name: z.string(), group: z.string(), unit: z.string(), description: z.string(), sources: z.array(z.string()), missing: z.string(), purpose: z.string() })) }),
    async handler({ query }) {
      return {
        body: { items: FEATURE_CATALOGUE.map((f) => ({ name: f.name, group: f.group, unit: f.unit, description: f.description[query.lang], sources: [...f.sources], missing: f.missing, purpose: f.purpose })) },
      };
    },
  }),
  route({
    method: 'get',
    path: '/models',
    action: 'models:read',
    summary: 'Every registered model: version, family, status, test year, AP and precision@100',
    response: z.object({ items: z.array(z.object({ version: z.number(), family: z.string(), status: z.string(), createdAt: z.string(), testYear: z.number().nullable(), averagePrecision: z.number().nullable(), precisionAt100: z.number().nullable(), backend: z.string() })) }),
    async handler({ services }) {
      return { body: { items: await listModels(services.pool) } };
    },
  }),
  route({
    method: 'get',
    path: '/models/:version',
    action: 'models:read',
    summary: "A model's card (Algoritmeregister fields, metrics, fairness, drift, gate, events) and, for an additive model, its shape functions",
    params: versionParams,
    response: z.object({
      card: z.record(z.string(), z.unknown()),
      shapes: z.array(z.object({ feature: z.string(), edges: z.array(z.number()), terms: z.array(z.number()) })).nullable(),
      fairnessBounds: z
        .object({ low: z.number(), high: z.number() })
        .describe("the false-positive-rate ratio bounds configured now (HENNEP_FAIRNESS_LOW/HIGH); the card's fairness.bounds holds those the model was audited with, when it was trained with them stored"),
    }),
    errors: { 404: 'no such model version' },
    async handler({ params, services }) {
      const record = await getModel(services.pool, params.version);
      if (!record) throw new HttpError(404, 'unknown_model', `there is no model version ${params.version}`);
      const a = record.artefact;
      const shapes = a.family === 'additive' ? a.model.bins.map((b, j) => ({ feature: b.name, edges: b.edges, terms: a.model.terms[j]! })) : null;
      const fairnessBounds = { low: services.config.fairness.low, high: services.config.fairness.high };
      return { body: { card: modelCard(record), shapes, fairnessBounds }, detail: { version: params.version } };
    },
  }),
  route({
    method: 'post',
    path: '/models/:version/activate',
    action: 'models:activate',
    summary: 'Activate a model version by hand, with a written justification (at least 20 characters); the card and audit log show it. Scores the addresses when the model has no risk list yet',
    params: versionParams,
    body: z.strictObject({ justification: text(20, 2000, 'a hand activation needs a written justification of at least 20 characters') }),
    response: z.object({ version: z.number(), status: z.literal('active'), riskList: z.object({ id: z.number(), referenceDate: z.string(), addresses: z.number() }).nullable() }),
    errors: { 404: 'no such model version', 409: 'the model is already active' },
    async handler({ params, body, services, principal, auditBase }) {
      const record = await getModel(services.pool, params.version);
      if (!record) throw new HttpError(404, 'unknown_model', `there is no model version ${params.version}`);
      try {
        await activateModel(services.pool, params.version, principal.subject, { event: 'override', justification: body.justification }, auditBase);
      } catch (error) {
        if (error instanceof RegistryError) throw new HttpError(409, 'not_activated', error.message);
        throw error;
      }
      const lists = await services.pool.query<{ id: string }>('SELECT id FROM risk_lists WHERE model_version = $1 LIMIT 1', [params.version]);
      let riskList = null;
      if (lists.rowCount === 0) {
        const scored = await scoreAddresses(services.pool, { model: (await getModel(services.pool, params.version))! });
        riskList = { id: scored.listId, referenceDate: scored.referenceDate, addresses: scored.addresses };
      }
      return { body: { version: params.version, status: 'active' as const, riskList }, audited: true };
    },
  }),
  route({
    method: 'post',
    path: '/model/disable',
    action: 'models:disable',
    summary: 'Switch the active model off, with a reason: scoring and the risk list answer 503 until a model is activated again',
    body: z.strictObject({ reason: text(10, 2000, 'state why the model is switched off in at least 10 characters') }),
    response: z.object({ version: z.number(), status: z.literal('disabled') }),
    errors: { 409: 'no model is active' },
    async handler({ body, services, principal, auditBase }) {
      try {
        const version = await disableModel(services.pool, principal.subject, body.reason, auditBase);
        return { body: { version, status: 'disabled' as const }, audited: true };
      } catch (error) {
        if (error instanceof RegistryError) throw new HttpError(409, 'nothing_active', error.message);
        throw error;
      }
    },
  }),
  route({
    method: 'post',
    path: '/jobs/retrain',
    action: 'jobs:run',
    summary: 'Start a retrain-and-rescore run now (in the background; GET /jobs shows it)',
    response: z.object({ job: z.literal('retrain'), scheduledFor: z.string() }),
    successStatus: 202,
    async handler({ services, auditBase }) {
      const scheduledFor = new Date(Math.floor(services.clock().getTime() / 1000) * 1000);
      // Recorded before it starts: a run nobody can account for must not happen.
      await services.audit.append({ ...auditBase, action: 'jobs:run', status: 202, detail: { scheduledFor: scheduledFor.toISOString() } });
      const run = runRetrainJob(services.pool, services.config, scheduledFor, (message) => services.log.info({ job: 'retrain' }, message)).catch((error: Error) =>
        services.log.error({ job: 'retrain', err: error.message }, 'retrain run failed to record'),
      );
      services.background.add(run);
      void run.finally(() => services.background.delete(run));
      return { status: 202, body: { job: 'retrain' as const, scheduledFor: scheduledFor.toISOString() }, audited: true };
    },
  }),
  route({
    method: 'get',
    path: '/jobs',
    action: 'jobs:read',
    summary: 'The latest job runs (retrain, retention): when, where, outcome and detail',
    query: z.strictObject({ limit: wholeNumber('limit is a whole number', { max: 500 }).default(50) }),
    response: z.object({ items: z.array(z.object({ id: z.number(), job: z.string(), scheduledFor: z.string(), startedAt: z.string(), finishedAt: z.string().nullable(), outcome: z.string(), runner: z.string(), detail: z.unknown() })) }),
    async handler({ query, services }) {
      const { rows } = await services.pool.query<{ id: string; job: string; scheduled_for: Date; started_at: Date; finished_at: Date | null; outcome: string; runner: string; detail: unknown }>(
        'SELECT * FROM job_runs ORDER BY id DESC LIMIT $1',
        [query.limit],
      );
      return {
        body: {
          items: rows.map((r) => ({ id: Number(r.id), job: r.job, scheduledFor: r.scheduled_for.toISOString(), startedAt: r.started_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null, outcome: r.outcome, runner: r.runner, detail: r.detail })),
        },
      };
    },
  }),
  auditLogRoute,
  route({
    method: 'get',
    path: '/audit-log/verify',
    action: 'audit:verify',
    summary:
      'Walk the whole hash chain: every altered entry, broken link or gap, with its position; the head to record elsewhere. Holds the chain against the signed checkpoints (entries deleted from the end, a rewritten chain, a tampered checkpoint) and shows the newest. `head=SEQ:HASH` checks a head recorded earlier',
    query: z.strictObject({ head: z.string().regex(HEAD_PATTERN, 'a head is SEQ:HASH as verify printed it').optional() }),
    response: verifyResponse,
    async handler({ services, query }) {
      const result = await verifyAuditLogWithCheckpoints(services.pool, services.config.auditCheckpointDir, 50, query.head === undefined ? undefined : parseHead(query.head)!);
      return { body: result, detail: { ok: result.ok, entries: result.entries, problems: result.problemCount, checkpoints: result.checkpoints.found, checkpointProblems: result.checkpoints.problemCount } };
    },
  }),
];
