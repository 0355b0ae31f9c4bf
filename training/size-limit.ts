/**
 * The largest city one training run takes. Training thins its training years under the
 * memory budget (HENNEP_TRAIN_MEMORY_MB), but holds the validation and test years whole:
 * every address's features twice. Above the limit it refuses before it builds any year,
 * rather than run out of memory an hour in.
 */
import type { Queryable } from '../db/index.ts';
import { FEATURE_NAMES } from '../features/index.ts';

export class TrainingSizeError extends Error {
  override name = 'TrainingSizeError';
}

/** The bytes the two whole years take per address: two rows of float64 features. */
const WHOLE_YEARS_BYTES_PER_ADDRESS = 2 * 8 * FEATURE_NAMES.length;

/** Refuses when the database holds more addresses than `max`. */
export async function assertTrainable(db: Queryable, max: number): Promise<void> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses');
  const addresses = rows[0]?.n ?? 0;
  if (addresses <= max) return;
  const gb = ((addresses * WHOLE_YEARS_BYTES_PER_ADDRESS) / 1e9).toFixed(1);
  throw new TrainingSizeError(
    `the database holds ${addresses.toLocaleString('en')} addresses, more than the ${max.toLocaleString('en')} a training run is set to take ` +
      '(HENNEP_TRAIN_MAX_ADDRESSES; the largest city measured to train in under 4 GB, README, Performance, Scale): ' +
      `training holds its validation and test years whole (${gb} GB of features here, besides the training rows' budget); ` +
      'raise the limit on a machine with the memory for it, or train per region (docs/scale.md §5). Nothing was trained',
  );
}
