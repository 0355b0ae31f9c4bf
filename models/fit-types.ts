/**
 * The types every fitting loop shares: what it is fitted on, how it is stopped, and what
 * it reports per epoch. Kept apart from the loops themselves so that the shared Adam loop
 * and the families that use it all import them from here, not from one another.
 */

/** A matrix of scaled features, row-major [rows, features], with 0/1 labels. */
export interface LabelledMatrix {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  features: number;
  /** Per-row loss weights (label weighting); absent: every row 1. */
  weights?: Float32Array;
}

/** Settings of the Adam loop the logistic and MLP families share. */
export interface FitOptions {
  maxEpochs: number;
  batchSize: number;
  learningRate: number;
  /** Learning rate multiplier per epoch: large steps while far from the optimum, small ones once near it. */
  decay: number;
  /** Epochs without a better validation score before stopping. */
  patience: number;
  seed: number;
  /** Weight of a positive in the loss; default sqrt(negatives / positives). */
  positiveWeight?: number;
  /** Keep the last epoch instead of the best on validation: a refit runs a fixed number of epochs. */
  keepLast?: boolean;
}

/** Scores a model's validation logits against the labels, higher is better (training passes AP). */
export type ValidationMetric = (logits: Float64Array, labels: Float32Array) => number;

/** One epoch (or sweep) of a fit: its training loss and its score on the validation rows. */
export interface FitHistory {
  epoch: number;
  loss: number;
  validationScore: number;
}
