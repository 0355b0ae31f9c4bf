/**
 * A control as the interventieteam sees it: address, priority and a short explanation,
 * nothing more — not whether the list or chance chose the address, so that neither
 * colours the visit — and, once finished, its outcome with the corrections of it.
 */
import { z } from 'zod';
import type { Lang } from '../../config/index.ts';
import { INSPECTION_OUTCOMES } from '../../ingest/index.ts';
import { addressOf } from '../risk/present.ts';
import { addressSchema } from '../risk/schemas.ts';
import { CONTROL_STATUSES } from '../signals/states.ts';
import type { SignalRow } from '../signals/store.ts';
import { iso } from '../signals/view.ts';
import { localDate } from './dates.ts';

export type Outcome = (typeof INSPECTION_OUTCOMES)[number];

/** A correction of a recorded outcome: who, when, why, from what to what. */
export interface Correction {
  id: number;
  at: string;
  by: string;
  from: Outcome;
  to: Outcome;
  reason: string;
}

const correctionSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  by: z.string(),
  from: z.enum(INSPECTION_OUTCOMES),
  to: z.enum(INSPECTION_OUTCOMES),
  reason: z.string(),
});

export const controlSchema = z.object({
  id: z.number().int(),
  addressId: z.string(),
  address: addressSchema,
  status: z.enum(CONTROL_STATUSES),
  priority: z.number().int(),
  plannedFor: z.string().nullable(),
  approvedAt: z.string(),
  approvedOn: z.string().describe('the day the RIEC approved it (Dutch time): the first day it may be planned or inspected'),
  reasons: z.array(z.string()),
  legalBasis: z.string().describe('the legal basis the RIEC approved the control on'),
  outcome: z.enum(INSPECTION_OUTCOMES).nullable().describe('as corrected, when it was'),
  inspectionId: z.string().nullable(),
  inspectedOn: z.string().nullable(),
  outcomeAt: z.string().nullable().describe('when the outcome was first recorded'),
  corrections: z
    .array(correctionSchema)
    .describe("corrections of the recorded outcome, oldest first: the first one's `from` is the outcome as first recorded"),
});
export type Control = z.infer<typeof controlSchema>;

export function controlOf(r: SignalRow, lang: Lang, corrections: Correction[] = []): Control {
  return {
    id: Number(r.id),
    addressId: r.address_id,
    address: addressOf(r),
    status: r.status as Control['status'],
    priority: r.priority!,
    plannedFor: r.planned_for,
    approvedAt: iso(r.decided_at)!,
    approvedOn: localDate(r.decided_at!),
    reasons: r.explanation.reasons[lang].map((x) => x.sentence),
    legalBasis: r.legal_basis!,
    outcome: r.outcome as Outcome | null,
    inspectionId: r.inspection_id,
    inspectedOn: r.inspected_on,
    outcomeAt: iso(r.outcome_at),
    corrections,
  };
}
