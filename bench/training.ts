/**
 * Model quality and training time on the bench city: every family, the automatic choice,
 * the exact limit `p_bayes` of the synthetic city, and XGBoost fitted on the very same
 * exported matrix (train / validation / test years) when Debian's python3-xgboost is there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { loadTensorflow } from '../models/index.ts';
import { loadConfig } from '../config/index.ts';
import { buildFeatures, type FeatureMatrix } from '../features/index.ts';
import { DEFAULT_BAGGING, scoreRows } from '../models/index.ts';
import type { LoadedBackend } from '../models/index.ts';
import { buildDatasets, planYears, type YearPlan } from '../training/index.ts';
import { labelProvenance } from '../training/index.ts';
import { refitForServing } from '../training/index.ts';
import { calibrateGroups, verdictWords } from '../training/index.ts';
import { averagePrecision, expectedAveragePrecision, pairedBootstrapAp, precisionAtK } from '../training/index.ts';
import { fitAndChoose, type Fitted } from '../training/index.ts';
import { parseTruthCsv } from '../training/index.ts';
import { samplingCheck } from './sampling.ts';
import { BENCH_DIR } from './city.ts';
import { runXgboostPeer, type PeerResult } from './peer.ts';

export interface QualityRow {
  model: string;
  averagePrecision: number;
  precisionAt100: number;
  fitSeconds: number | null;
  note: string;
  /** Mean AP over the test year's labels drawn again from p_bayes: the AP without the luck of one draw. */
  expectedAp?: { mean: number; sd: number };
}

export interface TrainingBench {
  testYear: number;
  positives: number;
  rows: QualityRow[];
  checks: Array<{ what: string; value: string; target: string; pass: boolean }>;
  /** Readings without a target, printed after the checks. */
  readings: Array<{ what: string; value: string }>;
}

/** Label draws for the expected AP: its Monte Carlo error is then about sd / 14. */
const DRAWS = 200;

/** p_bayes and the protected group of every address of `year`, in the order of `addressIds`. */
function truthOf(cityDir: string, year: number, addressIds: readonly string[]): { bayes: Float64Array; groups: Array<'a' | 'b'> } {
  const file = join(cityDir, 'truth.csv');
  const truth = parseTruthCsv(readFileSync(file, 'utf8'), file, year);
  const rows = addressIds.map((id) => {
    const row = truth.get(id);
    if (!row) throw new Error(`${file} has no ${year} row for address ${id}`);
    return row;
  });
  return { bayes: Float64Array.from(rows, (r) => r.pBayes), groups: rows.map((r) => r.group) };
}

export async function benchTraining(
  pool: pg.Pool,
  cityDir: string,
  testYear: number,
  trainYears: number,
  log: (message: string) => void,
  options: { sampling?: boolean } = {},
): Promise<TrainingBench> {
  const backend = await loadTensorflow();
  const plan = await planYears(pool, { testYear, trainYears });
  log(`training bench: train ${plan.train.join(', ')}, validate ${plan.validation}, test ${plan.test}; backend ${backend.name}`);
  const data = await buildDatasets(pool, plan);
  const settings = { family: 'auto', seed: 1, additiveTolerance: 0.1, additiveBags: DEFAULT_BAGGING.bags, onProgress: log } as const;
  const { fitted, chosen, selection } = await fitAndChoose(backend, data, plan.test, settings);
  const labels = data.test.y;
  const { bayes, groups } = truthOf(cityDir, plan.test, data.test.addressIds);
  const { rows, chosenRow } = qualityRows(fitted, chosen, bayes, labels);
  const testScores: Array<ArrayLike<number>> = [bayes, ...fitted.map((f) => f.testLogits)];
  log(`selection: ${selection}`);
  const chosenAp = chosen.candidate.test.averagePrecision;
  const bayesAp = rows[0]!.averagePrecision;
  const versusBayes = pairedBootstrapAp(chosen.testLogits, bayes, labels);
  const timeChecks: TrainingBench['checks'] = [];
  const oneDraw: TrainingBench['readings'] = [
    {
      what:
        `one draw of labels: chosen model (${chosen.artefact.family}) AP / p_bayes AP (paired ` +
        `bootstrap sd of the AP difference ${versusBayes.sd.toFixed(4)})`,
      value: (chosenAp / bayesAp).toFixed(3),
    },
  ];
  const split = (d: typeof data.train) => ({ x: d.x, y: d.y, rows: d.rows });
  const splits = { train: split(data.train), valid: split(data.validation), test: split(data.test) };
  const peer = await runXgboostPeer(splits, data.train.names, { seed: 1, workDir: join(BENCH_DIR, 'peer') });
  if (peer.ran) {
    const compared = comparePeer(peer.result, { fitted, chosen, labels });
    rows.push(compared.row);
    testScores.push(peer.result.testScores);
    oneDraw.push(compared.oneDraw);
    timeChecks.push(compared.time);
  } else {
    log(`XGBoost peer skipped: ${peer.reason}`);
  }
  // The same draws for every model, in the order of the rows.
  expectedAveragePrecision(testScores, bayes, DRAWS).forEach((e, i) => (rows[i]!.expectedAp = e));
  const expectedBayes = rows[0]!.expectedAp!.mean;
  const expectedChosen = chosenRow.expectedAp!.mean;
  const ratios = [ratioCheck('p_bayes', expectedChosen, expectedBayes, 0.85)];
  if (peer.ran) ratios.push(ratioCheck('the XGBoost peer', expectedChosen, rows.at(-1)!.expectedAp!.mean, 0.97));
  // Once, on the first test year: each costs another fit of the chosen family.
  const sampling = options.sampling ? [await samplingCheck({ backend, data, chosen, bayes, testYear: plan.test })] : [];
  const checks = [...ratios, ...timeChecks, ...sampling];
  const readings: TrainingBench['readings'] = [
    ...oneDraw,
    ...groupCalibrationReadings(chosen, { labels, groups, bayes }),
    ...(await forwardCheck(pool, cityDir, { backend, plan, trainYears, matrices: data.byYear, chosen }, log)),
  ];
  return { testYear: plan.test, positives: data.test.positives, rows, checks, readings };
}

/**
 * The chosen model's expected AP (labels drawn from p_bayes, without the luck of one draw)
 * as a share of another's, against a target share; when it misses, by how much, in the line.
 */
function ratioCheck(other: string, chosen: number, reference: number, target: number): TrainingBench['checks'][number] {
  const ratio = chosen / reference;
  const short = ratio < target ? `; short by ${(target - ratio).toFixed(3)} × (${(target * reference - chosen).toFixed(4)} AP)` : '';
  return {
    what: `chosen model's expected AP / ${other}'s (${chosen.toFixed(4)} / ${reference.toFixed(4)}, ${DRAWS} draws of the labels${short})`,
    value: ratio.toFixed(3),
    target: `≥ ${target.toFixed(2)}`,
    pass: ratio >= target,
  };
}

/** A row per fitted family after the limit's, and which of them is the chosen model's. */
function qualityRows(
  fitted: readonly Fitted[],
  chosen: Fitted,
  bayes: Float64Array,
  labels: ArrayLike<number>,
): { rows: QualityRow[]; chosenRow: QualityRow } {
  const limit: QualityRow = {
    model: 'p_bayes (the limit)',
    averagePrecision: averagePrecision(bayes, labels),
    precisionAt100: precisionAtK(bayes, labels, 100),
    fitSeconds: null,
    note: 'exact posterior of the synthetic city',
  };
  const rows = [limit];
  let chosenRow = limit;
  for (const f of fitted) {
    const row: QualityRow = {
      model: `${f.artefact.family}${f === chosen ? ' (chosen)' : ''}`,
      averagePrecision: f.candidate.test.averagePrecision,
      precisionAt100: f.candidate.test.atK.find((k) => k.k === 100)!.precision,
      fitSeconds: f.candidate.seconds,
      note: `validation AP ${f.candidate.validationAveragePrecision.toFixed(4)}, ${keptWords(f)}`,
    };
    rows.push(row);
    if (f === chosen) chosenRow = row;
  }
  return { rows, chosenRow };
}

/** XGBoost's row, the chosen model's AP beside it on the drawn labels, and its training time against XGBoost's fit (at most three times). */
function comparePeer(
  peer: PeerResult,
  run: { fitted: readonly Fitted[]; chosen: Fitted; labels: ArrayLike<number> },
): { row: QualityRow; oneDraw: TrainingBench['readings'][number]; time: TrainingBench['checks'][number] } {
  const { fitted, chosen, labels } = run;
  const xgbAp = averagePrecision(peer.testScores, labels);
  const chosenAp = chosen.candidate.test.averagePrecision;
  const row: QualityRow = {
    model: `XGBoost ${peer.version}`,
    averagePrecision: xgbAp,
    precisionAt100: precisionAtK(peer.testScores, labels, 100),
    fitSeconds: peer.fitSeconds,
    note: `validation AP ${peer.validAp.toFixed(4)}, best iteration ${peer.bestIteration}`,
  };
  const { sd } = pairedBootstrapAp(chosen.testLogits, peer.testScores, labels);
  const ratio = chosen.candidate.seconds / peer.fitSeconds;
  const allFamilies = fitted.reduce((sum, f) => sum + f.candidate.seconds, 0);
  const times =
    `${chosen.candidate.seconds.toFixed(1)} s / ${peer.fitSeconds.toFixed(1)} s; all ` +
    `${fitted.length} families together ${allFamilies.toFixed(1)} s`;
  return {
    row,
    oneDraw: {
      what: `one draw of labels: chosen AP − XGBoost AP (paired bootstrap sd ${sd.toFixed(4)})`,
      value: (chosenAp - xgbAp).toFixed(4),
    },
    time: {
      what: `chosen model's training time / XGBoost fit time (${times})`,
      value: `${ratio.toFixed(2)}×`,
      target: '≤ 3×',
      pass: ratio <= 3,
    },
  };
}

/**
 * Calibration within the protected group of truth.csv: false anonymous tips fall more
 * often on group b, so its predicted rate should stand above what controls find there.
 * Beside the found share, the mean p_bayes of the group: the exact probability of a find
 * given what was observable, free of the luck of one year's labels.
 */
function groupCalibrationReadings(
  chosen: Fitted,
  test: { labels: ArrayLike<number>; groups: Array<'a' | 'b'>; bayes: Float64Array },
): TrainingBench['readings'] {
  const { labels, groups, bayes } = test;
  return calibrateGroups({ probabilities: chosen.testProbabilities, labels, groupOf: groups }).map((g) => {
    let sum = 0;
    groups.forEach((group, i) => (sum += group === g.group ? bayes[i]! : 0));
    const interval = `${(100 * g.low).toFixed(3)}–${(100 * g.high).toFixed(3)} %`;
    return {
      what:
        `calibration within group ${g.group} of the chosen model (${g.addresses.toLocaleString('en')} addresses, ${g.positives} finds): ` +
        'mean predicted vs found (90 % interval); mean p_bayes',
      value:
        `${(100 * g.meanPredicted).toFixed(3)} % vs ${(100 * g.observedRate).toFixed(3)} % (${interval}): ${verdictWords(g.verdict)}; ` +
        `p_bayes ${((100 * sum) / g.addresses).toFixed(3)} %`,
    };
  });
}

/**
 * The served refit against the held-out fit on the year after the test year, the year it
 * would score in use: expected AP over label draws from that year's p_bayes. Skipped when
 * that year's labels are not complete.
 */
async function forwardCheck(
  pool: pg.Pool,
  cityDir: string,
  run: { backend: LoadedBackend; plan: YearPlan; trainYears: number; matrices: ReadonlyMap<number, FeatureMatrix>; chosen: Fitted },
  log: (message: string) => void,
): Promise<TrainingBench['readings']> {
  const next = run.plan.test + 1;
  if (!run.plan.complete.includes(next)) return [];
  const provenance = await labelProvenance(pool, [...run.matrices.keys()]);
  const refit = await refitForServing(
    run.backend,
    { family: run.chosen.artefact.family, plan: run.chosen.refit },
    run.matrices,
    provenance,
    {
      test: run.plan.test,
      trainYears: run.trainYears,
      seed: 1,
      bags: DEFAULT_BAGGING.bags,
      labelWeighting: 'none',
      memoryMb: loadConfig({}).trainMemoryMb,
    },
  );
  if ('skipped' in refit) return [{ what: `refit of the chosen model, judged on ${next}`, value: refit.skipped }];
  log(`refit on ${refit.record.years.join(', ')} in ${refit.record.seconds.toFixed(1)} s; judging on ${next}`);
  const matrix = await buildFeatures(pool, `${next}-01-01`);
  const { bayes } = truthOf(cityDir, next, matrix.addressIds);
  const held = scoreRows(run.chosen.artefact, matrix.values, matrix.addressIds.length, run.backend.tf).logits;
  const served = scoreRows(refit.artefact, matrix.values, matrix.addressIds.length, run.backend.tf).logits;
  const [limit, heldAp, refitAp] = expectedAveragePrecision([bayes, held, served], bayes, DRAWS);
  return [
    {
      what:
        `forward check on ${next}: expected AP of the held-out fit (trained ${run.plan.train.join(', ')}) ` +
        `and of its refit on ${refit.record.years.join(', ')} ` +
        `(${refit.record.epochs} sweeps${refit.record.pairSweeps ? ` and ${refit.record.pairSweeps} pair sweeps` : ''}, calibration ` +
        `cross-fitted, ${refit.record.seconds.toFixed(1)} s), against p_bayes ${limit!.mean.toFixed(4)}`,
      value:
        `${heldAp!.mean.toFixed(4)} (${(heldAp!.mean / limit!.mean).toFixed(3)} ×) → ` +
        `${refitAp!.mean.toFixed(4)} (${(refitAp!.mean / limit!.mean).toFixed(3)} ×)`,
    },
  ];
}

/** What early stopping kept: the sweeps or epochs, for the additive model the bags' mean and the pair sweeps. */
function keptWords(f: Fitted): string {
  const pairs = f.refit.pairSweeps ? `, ${f.refit.pairSweeps} pair sweeps` : '';
  return f.artefact.family === 'additive' ? `${f.refit.epochs} sweeps kept (bags' mean)${pairs}` : `${f.refit.epochs} epochs kept`;
}
