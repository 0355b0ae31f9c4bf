/** What one training run is asked to do, and those settings as the configuration gives them. */
import { userInfo } from 'node:os';
import type { Config } from '../config/index.ts';
import type { Family } from '../models/index.ts';
import { DEFAULT_BOUNDS, type FairnessBounds } from './fairness-gate.ts';
import type { LabelWeighting } from './label-weighting.ts';

export interface TrainSettings {
  family: Family | 'auto';
  testYear?: number;
  trainYears: number;
  seed: number;
  /** The additive model is chosen unless another family's validation AP is higher by more than this fraction and two bootstrap standard deviations. */
  additiveTolerance: number;
  /** Outer bags the additive model averages (models/bagging.ts). */
  additiveBags: number;
  /** Memory budget of the training rows; above it the negatives are sampled (negative-sampling.ts). */
  trainMemoryMb: number;
  /** Most addresses a run takes: above it, it refuses before building any year (size-limit.ts). */
  trainMaxAddresses: number;
  /** A new model replaces the active one when its test AP ≥ (1 − this) × the active model's on the same year. */
  promotionTolerance: number;
  /** List size for the fairness audit (the controls a year). */
  listSize: number;
  /** Which labels training learns from, by the control that made them. */
  labelWeighting: LabelWeighting;
  /** Serve a refit on the newest years (test year included) instead of the held-out fit. */
  refit: boolean;
  fairnessBounds: readonly FairnessBounds[];
  /** address_id → group, for the audit only (never stored, never a feature). */
  auditAttributes?: ReadonlyMap<string, string>;
  actor: string;
  onProgress?: (message: string) => void;
  /** When the training data's fingerprint equals this (the active model's), stop before fitting: nothing new to learn. */
  unchangedFingerprint?: string;
}

/** Training settings from the configuration; the command line may override the family and test year. */
export function trainSettings(config: Config, overrides: Partial<TrainSettings> = {}): TrainSettings {
  const bounds: FairnessBounds[] = DEFAULT_BOUNDS.map((b) =>
    b.metric === 'falsePositiveRate' ? { ...b, low: config.fairness.low, high: config.fairness.high } : { ...b },
  );
  return {
    family: 'auto',
    trainYears: config.trainYears,
    seed: config.seed,
    additiveTolerance: config.additiveTolerance,
    additiveBags: config.additiveBags,
    trainMemoryMb: config.trainMemoryMb,
    trainMaxAddresses: config.trainMaxAddresses,
    promotionTolerance: config.promotionTolerance,
    listSize: config.listSize,
    labelWeighting: config.labelWeighting,
    refit: config.refit,
    fairnessBounds: bounds,
    actor: `cli:${userInfo().username}`,
    ...overrides,
  };
}
