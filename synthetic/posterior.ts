import type { YearLogLikelihoods } from './likelihood.ts';
import { initialCultivationProbability, nextCultivationProbability } from './risk.ts';

/**
 * The exact forward filter behind `p_bayes`, one per address (the model couples addresses
 * only through observed finds, so the joint posterior factorises). For each group g it
 * carries P(c = 1 | g, observed past), and across groups the log posterior odds of b.
 */
export class Posterior {
  /** [address × 2 groups]: P(c_t = 1 | g, signals before 1 January t) after `predict`, P(c_t = 1 | g, signals up to 31 December t) after `update`. */
  private readonly cultivating: Float64Array;
  private readonly logOddsB: Float64Array;

  constructor(groupBPriors: readonly number[]) {
    this.cultivating = new Float64Array(2 * groupBPriors.length);
    this.logOddsB = Float64Array.from(groupBPriors, (p) => Math.log(p / (1 - p)));
  }

  /**
   * Moves address `i` into a new year and returns P(c = 1 | everything dated before
   * 1 January) = Σ_g P(g | past) · P(c = 1 | g, past). Times P(some control finds it | c = 1)
   * it is p_bayes (simulation.ts).
   */
  predict(i: number, firstYear: boolean, foundLastYear: boolean, hazard: number): number {
    for (let g = 0; g < 2; g++) {
      const previous = this.cultivating[2 * i + g] ?? 0;
      this.cultivating[2 * i + g] = firstYear
        ? initialCultivationProbability(hazard)
        : nextCultivationProbability(previous, foundLastYear, hazard);
    }
    const weightB = 1 / (1 + Math.exp(-(this.logOddsB[i] ?? 0)));
    return (1 - weightB) * (this.cultivating[2 * i] ?? 0) + weightB * (this.cultivating[2 * i + 1] ?? 0);
  }

  /** Conditions address `i` on its signals of the year (Bayes' rule per group, then across groups). */
  update(i: number, logLikelihoods: YearLogLikelihoods): void {
    const logEvidence = [0, 0];
    for (let g = 0; g < 2; g++) {
      const prior = this.cultivating[2 * i + g] ?? 0;
      const idle = Math.log(1 - prior) + (logLikelihoods[2 * g] ?? 0);
      const cultivating = Math.log(prior) + (logLikelihoods[2 * g + 1] ?? 0);
      // Log space: a year's likelihoods can be far below the smallest double.
      const max = Math.max(idle, cultivating);
      logEvidence[g] = max + Math.log(Math.exp(idle - max) + Math.exp(cultivating - max));
      this.cultivating[2 * i + g] = Math.exp(cultivating - (logEvidence[g] ?? 0));
    }
    this.logOddsB[i] = (this.logOddsB[i] ?? 0) + (logEvidence[1] ?? 0) - (logEvidence[0] ?? 0);
  }
}
