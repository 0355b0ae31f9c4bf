import { FAMILIES } from '../models/index.ts';
import type { ScaleOptions } from './scale-types.ts';

/** The scale section's options on the bench command line, for node:util parseArgs. */
export const SCALE_ARGS = {
  sizes: { type: 'string' },
  databases: { type: 'string' },
  family: { type: 'string' },
  'embedded-max': { type: 'string' },
  'step-timeout': { type: 'string' },
} as const;

export const SCALE_USAGE = [
  'scale [--sizes N,N,…] [--databases postgres,embedded] [--family F] [--embedded-max N] [--step-timeout S]',
  '  --sizes          addresses per city, smallest first is the reference of the ratios (default 20000,150000)',
  '  --databases      where to run (default postgres,embedded)',
  '  --family         the model family to train: auto, logistic, additive or mlp (default additive, the one auto chooses)',
  '  --embedded-max   largest size run on the embedded database (default 300000, the largest measured)',
  '  --step-timeout   seconds after which a step is ended and recorded as timed out (default 1200)',
  '  HENNEP_TRAIN_YEARS sets the training years as for hennep train (default 4, as the pipeline section)',
].join('\n');

export class ScaleUsageError extends Error {
  override name = 'ScaleUsageError';
}

function count(text: string, what: string): number {
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 1) throw new ScaleUsageError(`${what}: '${text}' is not a positive whole number`);
  return value;
}

export function scaleOptionsOf(
  values: Partial<Record<keyof typeof SCALE_ARGS, string>>,
  env: NodeJS.ProcessEnv = process.env,
): ScaleOptions {
  const sizes = (values.sizes ?? '20000,150000').split(',').map((s) => count(s.trim(), '--sizes'));
  if (new Set(sizes).size !== sizes.length) throw new ScaleUsageError(`--sizes names a size twice: ${values.sizes}`);
  const databases = (values.databases ?? 'postgres,embedded').split(',').map((d) => d.trim());
  for (const d of databases)
    if (d !== 'postgres' && d !== 'embedded') throw new ScaleUsageError(`--databases: '${d}' is neither postgres nor embedded`);
  const family = values.family ?? 'additive';
  if (family !== 'auto' && !(FAMILIES as readonly string[]).includes(family))
    throw new ScaleUsageError(`--family is auto, ${FAMILIES.join(', ')}; not '${family}'`);
  return {
    sizes: sizes.sort((a, b) => a - b),
    databases: databases as ScaleOptions['databases'],
    family,
    embeddedMax: count(values['embedded-max'] ?? '300000', '--embedded-max'),
    stepTimeoutSeconds: count(values['step-timeout'] ?? '1200', '--step-timeout'),
    trainYears: count(env.HENNEP_TRAIN_YEARS ?? '4', 'HENNEP_TRAIN_YEARS'),
  };
}
