/** A signal as the analist and the RIEC see it, with the explanation it was proposed on in their language. */
import { z } from 'zod';
import type { Lang } from '../../config/index.ts';
import { addressOf } from '../risk/present.ts';
import { addressSchema, reasonsSchema } from '../risk/schemas.ts';
import { SIGNAL_KINDS, SIGNAL_STATUSES } from './states.ts';
import type { SignalRow } from './store.ts';

export const signalSchema = z.object({
  id: z.number().int(),
  addressId: z.string(),
  address: addressSchema,
  status: z.enum(SIGNAL_STATUSES),
  kind: z.enum(SIGNAL_KINDS).describe('risk_model: an analist proposed it from the list; sample: drawn at random (proposed by the system)'),
  sampleId: z.number().int().nullable().describe('the sample it was drawn in (kind sample)'),
  modelVersion: z.number().int(),
  rank: z.number().int(),
  explanation: z.object({
    listId: z.number(),
    referenceDate: z.string(),
    score: z.number(),
    probability: z.number(),
    percentile: z.number(),
    reasons: reasonsSchema,
    basis: z
      .object({ raising: reasonsSchema, lowering: reasonsSchema, baseRate: z.number() })
      .nullable()
      .describe(
        "the basis in full: the five features that raise the score most, the five that lower it most, and the list's base rate (mean probability); null for a proposal made before it was kept",
      ),
  }),
  proposal: z.object({ by: z.string(), at: z.string(), reason: z.string() }),
  decision: z
    .object({ by: z.string(), at: z.string(), legalBasis: z.string().nullable(), reason: z.string(), priority: z.number().nullable() })
    .nullable(),
  control: z
    .object({
      plannedBy: z.string().nullable(),
      plannedFor: z.string().nullable(),
      outcome: z.string().nullable(),
      outcomeBy: z.string().nullable(),
      outcomeAt: z.string().nullable(),
      inspectionId: z.string().nullable(),
    })
    .nullable(),
});
export type Signal = z.infer<typeof signalSchema>;

export const iso = (d: Date | null) => d?.toISOString() ?? null;

export function signalOf(r: SignalRow, lang: Lang): Signal {
  const e = r.explanation;
  return {
    id: Number(r.id),
    addressId: r.address_id,
    address: addressOf(r),
    status: r.status,
    kind: r.kind,
    sampleId: r.sample_id === null ? null : Number(r.sample_id),
    modelVersion: r.model_version,
    rank: r.rank,
    explanation: {
      listId: e.listId,
      referenceDate: e.referenceDate,
      score: e.score,
      probability: e.probability,
      percentile: e.percentile,
      reasons: e.reasons[lang],
      basis: e.basis ? { raising: e.basis.raising[lang], lowering: e.basis.lowering[lang], baseRate: e.basis.baseRate } : null,
    },
    proposal: { by: r.proposed_by, at: iso(r.proposed_at)!, reason: r.proposal_reason },
    decision: r.decided_by
      ? { by: r.decided_by, at: iso(r.decided_at)!, legalBasis: r.legal_basis, reason: r.decision_reason!, priority: r.priority }
      : null,
    control:
      r.planned_by || r.outcome
        ? {
            plannedBy: r.planned_by,
            plannedFor: r.planned_for,
            outcome: r.outcome,
            outcomeBy: r.outcome_by,
            outcomeAt: iso(r.outcome_at),
            inspectionId: r.inspection_id,
          }
        : null,
  };
}
