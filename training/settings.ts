import { userInfo } from 'node:os';
import type { Config } from '../config/index.ts';
import { DEFAULT_BOUNDS, type FairnessBounds } from './fairness.ts';
import type { TrainSettings } from './train.ts';

/** Training settings from the configuration; the command line may override the family and test year. */
export function trainSettings(config: Config, overrides: Partial<TrainSettings> = {}): TrainSettings {
  const bounds: FairnessBounds[] = DEFAULT_BOUNDS.map((b) => (b.metric === 'falsePositiveRate' ? { ...b, low: config.fairness.low, high: config.fairness.high } : { ...b }));
  return {
    family: 'auto',
    trainYears: config.trainYears,
    seed: config.seed,
    additiveTolerance: config.additiveTolerance,
    promotionTolerance: config.promotionTolerance,
    listSize: config.listSize,
    labelWeighting: config.labelWeighting,
    refit: config.refit,
    fairnessBounds: bounds,
    actor: `cli:${userInfo().username}`,
    ...overrides,
  };
}
