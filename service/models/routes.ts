/** The model registry for the beheerder (and readers of cards), and the retrain jobs: no address-level data here. */
import { z } from 'zod';
import { LANGUAGES } from '../../config/index.ts';
import { gateReasonWords, listModels, modelCard } from '../../training/index.ts';
import { langSchema, text, wholeNumber } from '../http/fields.ts';
import { route } from '../http/route.ts';
import { activateByHand, modelOr404, switchOff } from './registry.ts';
import { startRetrain } from './retrain.ts';
import { jobRuns } from './store.ts';

const versionParams = z.object({ version: wholeNumber('a model version is a positive integer') });

export const modelRoutes = [
  route({
    method: 'get',
    path: '/models',
    action: 'models:read',
    summary: 'Every registered model: version, family, status, test year, AP and precision@100',
    response: z.object({
      items: z.array(
        z.object({
          version: z.number(),
          family: z.string(),
          status: z.string(),
          createdAt: z.string(),
          testYear: z.number().nullable(),
          averagePrecision: z.number().nullable(),
          precisionAt100: z.number().nullable(),
          backend: z.string(),
        }),
      ),
    }),
    async handler({ services }) {
      return { body: { items: await listModels(services.pool) } };
    },
  }),
  route({
    method: 'get',
    path: '/models/:version',
    action: 'models:read',
    summary:
      "A model's card (Algoritmeregister fields, metrics, fairness, drift, gate, events) and, for an additive model, its shape functions",
    params: versionParams,
    query: z.strictObject({ lang: langSchema }),
    response: z.object({
      card: z.record(z.string(), z.unknown()),
      gateReasons: z
        .array(z.object({ text: z.string(), lang: z.enum(LANGUAGES) }))
        .describe(
          "the promotion gate's reasons in the language asked for, where the stored figures re-word them; a reason only its stored " +
            'English says comes with lang en',
        ),
      shapes: z
        .array(
          z.object({
            feature: z.string(),
            edges: z.array(z.number()),
            terms: z.array(z.number()),
            spread: z
              .array(z.number())
              .nullable()
              .describe("per bin, the standard deviation of its value across the model's outer bags: the error bar (null: one fit)"),
            monotone: z.enum(['increasing', 'decreasing']).nullable().describe('made monotone after fitting, in this direction'),
          }),
        )
        .nullable(),
      pairs: z
        .array(
          z.object({
            features: z.tuple([z.string(), z.string()]),
            edges: z.tuple([z.array(z.number()), z.array(z.number())]),
            terms: z.array(z.number()).describe('row-major: one row per coarse bin of the first feature'),
          }),
        )
        .nullable()
        .describe("an additive model's pair terms: what two features do together beyond each alone, per cell of their coarse bins"),
      fairnessBounds: z
        .object({ low: z.number(), high: z.number() })
        .describe(
          "the false-positive-rate ratio bounds configured now (HENNEP_FAIRNESS_LOW/HIGH); the card's fairness.bounds holds those the " +
            'model was audited with, when it was trained with them stored',
        ),
    }),
    errors: { 404: 'no such model version' },
    async handler(context) {
      const { params, query, services } = context;
      const record = await modelOr404(context, params.version);
      const a = record.artefact;
      const shapes =
        a.family === 'additive'
          ? a.model.bins.map((b, j) => ({
              feature: b.name,
              edges: b.edges,
              terms: a.model.terms[j]!,
              spread: a.spread?.[j] ?? null,
              monotone: a.monotone?.[b.name] ?? null,
            }))
          : null;
      const pairs =
        a.family === 'additive'
          ? (a.model.pairs ?? []).map((p) => ({
              features: [a.names[p.features[0]]!, a.names[p.features[1]]!] as [string, string],
              edges: p.edges,
              terms: p.terms,
            }))
          : null;
      const fairnessBounds = { low: services.config.fairness.low, high: services.config.fairness.high };
      return {
        body: { card: modelCard(record, query.lang), gateReasons: gateReasonWords(record, query.lang), shapes, pairs, fairnessBounds },
        detail: { version: params.version },
      };
    },
  }),
  route({
    method: 'post',
    path: '/models/:version/activate',
    action: 'models:activate',
    summary:
      'Activate a model version by hand, with a written justification (at least 20 characters); the card and audit log show it. Scores ' +
      'the addresses when the model has no risk list yet',
    params: versionParams,
    body: z.strictObject({ justification: text(20, 2000, 'a hand activation needs a written justification of at least 20 characters') }),
    response: z.object({
      version: z.number(),
      status: z.literal('active'),
      riskList: z.object({ id: z.number(), referenceDate: z.string(), addresses: z.number() }).nullable(),
    }),
    errors: { 404: 'no such model version', 409: 'the model is already active' },
    async handler(context) {
      const riskList = await activateByHand(context, context.params.version, context.body.justification);
      return { body: { version: context.params.version, status: 'active' as const, riskList }, audited: true };
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
    async handler(context) {
      const version = await switchOff(context, context.body.reason);
      return { body: { version, status: 'disabled' as const }, audited: true };
    },
  }),
  route({
    method: 'post',
    path: '/jobs/retrain',
    action: 'jobs:run',
    summary: 'Start a retrain-and-rescore run now (in the background; GET /jobs shows it)',
    response: z.object({ job: z.literal('retrain'), scheduledFor: z.string() }),
    successStatus: 202,
    async handler(context) {
      const scheduledFor = await startRetrain(context);
      return { status: 202, body: { job: 'retrain' as const, scheduledFor: scheduledFor.toISOString() }, audited: true };
    },
  }),
  route({
    method: 'get',
    path: '/jobs',
    action: 'jobs:read',
    summary: 'The latest job runs (retrain, retention): when, where, outcome and detail',
    query: z.strictObject({ limit: wholeNumber('limit is a whole number', { max: 500 }).default(50) }),
    response: z.object({
      items: z.array(
        z.object({
          id: z.number(),
          job: z.string(),
          scheduledFor: z.string(),
          startedAt: z.string(),
          finishedAt: z.string().nullable(),
          outcome: z.string(),
          runner: z.string(),
          detail: z.unknown(),
        }),
      ),
    }),
    async handler({ query, services }) {
      return { body: { items: await jobRuns(services.pool, query.limit) } };
    },
  }),
];
