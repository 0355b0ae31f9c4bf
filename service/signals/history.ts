/**
 * An address's dossier for the analist: the controls found at it before (inspections of
 * every source, their outcomes as corrected), and every signal of it — proposal, the
 * RIEC's decision with its legal basis and reason, the control and its outcome with any
 * corrections — newest first, so that a proposal is made knowing what went before.
 */
import { z } from 'zod';
import type { Lang } from '../../config/index.ts';
import type { Queryable } from '../../db/index.ts';
import { HttpError } from '../http/errors.ts';
import { addressOf } from '../risk/present.ts';
import { addressSchema } from '../risk/schemas.ts';
import { historyRows } from './store.ts';
import { iso, signalOf, signalSchema } from './view.ts';

const OUTCOMES = ['cultivation', 'preparation', 'nothing_found', 'no_access'] as const;

const correctionSchema = z.object({ from: z.enum(OUTCOMES), to: z.enum(OUTCOMES), reason: z.string(), by: z.string(), at: z.string() });

export const historySchema = z.object({
  addressId: z.string(),
  address: addressSchema,
  inspections: z
    .array(
      z.object({
        inspectedOn: z.string(),
        reason: z.enum(['tip', 'police', 'risk_model', 'random', 'other']).describe('why the control was made'),
        outcome: z.enum(OUTCOMES).describe('as corrected, when it was'),
      }),
    )
    .describe('every control recorded at the address, newest first'),
  signals: z
    .array(signalSchema.extend({ corrections: z.array(correctionSchema).describe("corrections of the control's outcome, oldest first") }))
    .describe('every signal of the address, newest first'),
});
export type AddressHistory = z.infer<typeof historySchema>;

export async function addressHistory(db: Queryable, addressId: string, lang: Lang): Promise<AddressHistory> {
  const { address, signals, inspections, corrections } = await historyRows(db, addressId);
  if (!address) throw new HttpError(404, 'unknown_address', `there is no address ${addressId} in the data`);
  return {
    addressId,
    address: addressOf(address),
    inspections: inspections.map((i) => ({
      inspectedOn: i.inspected_on,
      reason: i.reason as AddressHistory['inspections'][number]['reason'],
      outcome: i.outcome as (typeof OUTCOMES)[number],
    })),
    signals: signals.map((s) => ({
      ...signalOf(s, lang),
      corrections: corrections
        .filter((c) => c.signal_id === s.id)
        .map((c) => ({
          from: c.from_outcome as (typeof OUTCOMES)[number],
          to: c.to_outcome as (typeof OUTCOMES)[number],
          reason: c.reason,
          by: c.corrected_by,
          at: iso(c.corrected_at)!,
        })),
    })),
  };
}
