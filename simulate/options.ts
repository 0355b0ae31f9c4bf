import { z } from 'zod';
import { LABEL_WEIGHTINGS, type LabelWeighting } from '../config/index.ts';

/**
 * What `hennep simulate` compares: ways of sending a yearly capacity of extra controls on
 * top of the city's current practice (tips, police, its own small random sample).
 */
export const POLICIES = ['status-quo', 'random', 'model', 'model+sample', 'limit'] as const;
export type Policy = (typeof POLICIES)[number];

/** The values of the training setting HENNEP_LABEL_WEIGHTING. */
export { LABEL_WEIGHTINGS, type LabelWeighting };

export const simulateOptionsSchema = z
  .object({
    /** Dwellings in the synthetic city. */
    addresses: z.number().int().min(100),
    seed: z.number().int().min(0),
    /** First year of the city's history (its own controls only). */
    startYear: z.number().int().min(2000),
    /** First year in which the policies send controls; the history runs up to the year before. */
    from: z.number().int(),
    years: z.number().int().min(1).max(30),
    /** Extra controls a year. */
    capacity: z.number().int().min(1),
    policies: z.array(z.enum(POLICIES)).min(1),
    /** Share of the capacity that `model+sample` draws at random. */
    sampleShare: z.number().min(0).max(1),
    labelWeightings: z.array(z.enum(LABEL_WEIGHTINGS)).min(1),
  })
  .refine((o) => o.from - o.startYear >= 4, {
    message: 'the history (startYear to from − 1) needs at least 4 years: training needs years before its validation and test years',
    path: ['from'],
  })
  .refine((o) => o.capacity <= o.addresses / 2, { message: 'the capacity must be at most half the addresses', path: ['capacity'] });

export type SimulateOptions = z.output<typeof simulateOptionsSchema>;

/** One simulated run: a policy under one label weighting, on a database and a city of its own. */
export interface RunKey {
  policy: Policy;
  labelWeighting: LabelWeighting;
}

/** Every run the options ask for, policies in the order given, each under every label weighting. */
export function runKeys(options: SimulateOptions): RunKey[] {
  return [...new Set(options.policies)].flatMap((policy) =>
    [...new Set(options.labelWeightings)].map((labelWeighting) => ({ policy, labelWeighting })),
  );
}

export function lastYear(options: SimulateOptions): number {
  return options.from + options.years - 1;
}
