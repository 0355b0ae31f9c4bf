/**
 * What negative sampling under the memory budget costs in quality: the chosen family fitted
 * again on every find and a quarter of the other training rows (weighted by 4), against the
 * fit on all rows, judged on the test year by the expected AP (labels drawn from p_bayes).
 */
import { DEFAULT_BAGGING, type LoadedBackend } from '../models/index.ts';
import { BYTES_PER_VALUE, expectedAveragePrecision, fitAndChoose, sampleNegatives, type Fitted } from '../training/index.ts';
import type { buildDatasets } from '../training/index.ts';

/** The share of the negatives the comparison keeps: about what a city of 600,000 addresses keeps at the default budget. */
const RATE = 0.25;
/** The bound on the loss in expected AP. */
const MOST_LOST = 0.02;

export async function samplingCheck(run: {
  backend: LoadedBackend;
  data: Awaited<ReturnType<typeof buildDatasets>>;
  chosen: Fitted;
  bayes: Float64Array;
  testYear: number;
}): Promise<{ what: string; value: string; target: string; pass: boolean }> {
  const { data, chosen } = run;
  const width = data.train.names.length;
  // The budget whose rows hold every find and RATE of the rest.
  const rows = data.train.positives + RATE * (data.train.rows - data.train.positives);
  const budgetMb = (rows * width * BYTES_PER_VALUE) / (1024 * 1024);
  const { dataset, sampling } = sampleNegatives(data.train, budgetMb, 1);
  const family = chosen.artefact.family;
  const settings = { family, seed: 1, additiveTolerance: 0.1, additiveBags: DEFAULT_BAGGING.bags };
  const sampled = (await fitAndChoose(run.backend, { ...data, train: dataset }, run.testYear, settings)).chosen;
  const [limit, full, part] = expectedAveragePrecision([run.bayes, chosen.testLogits, sampled.testLogits], run.bayes, 200);
  const lost = full!.mean - part!.mean;
  return {
    what:
      `negative sampling: ${family} fitted on every find and ${sampling!.keptNegatives.toLocaleString('en')} of ` +
      `${sampling!.negatives.toLocaleString('en')} other training rows (${(sampling!.rate * 100).toFixed(1)} %, weight ${(1 / sampling!.rate).toFixed(2)}), ` +
      `expected AP ${part!.mean.toFixed(4)} against ${full!.mean.toFixed(4)} on all rows (${(part!.mean / limit!.mean).toFixed(3)} and ` +
      `${(full!.mean / limit!.mean).toFixed(3)} × p_bayes); fit ${sampled.candidate.seconds.toFixed(1)} s against ${chosen.candidate.seconds.toFixed(1)} s`,
    value: `${lost >= 0 ? '−' : '+'}${Math.abs(lost).toFixed(4)}`,
    target: `loss ≤ ${MOST_LOST}`,
    pass: lost <= MOST_LOST,
  };
}
