import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runXgboostPeer, type PeerSplit } from '../../bench/peer.ts';
import { Shuffler } from '../../models/shuffle.ts';
import { rocAuc } from '../../training/metrics.ts';
import { temporaryDirectory } from '../support/tmp.ts';

const PYTHON = '/usr/bin/python3';
const FEATURES = ['signal', 'noise', 'weak'] as const;
const hasXgboost = spawnSync(PYTHON, ['-c', 'import xgboost, sklearn.metrics'], { stdio: 'ignore' }).status === 0;

/** A split of `rows` × 3 features where the chance of a positive label rises steeply with feature 0. */
function syntheticSplit(rows: number, random: Shuffler): PeerSplit {
  const x = new Float64Array(rows * FEATURES.length);
  const y = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    const signal = random.next() * 10;
    x[row * 3] = signal;
    x[row * 3 + 1] = random.next() * 100;
    x[row * 3 + 2] = random.next();
    y[row] = random.next() < 1 / (1 + Math.exp(-(signal - 7) * 1.5)) ? 1 : 0;
  }
  return { x, y, rows };
}

describe('XGBoost peer', () => {
  it('answers ran: false and names the python when it does not exist', async () => {
    const split = syntheticSplit(10, new Shuffler(1));
    const outcome = await runXgboostPeer({ train: split, valid: split, test: split }, FEATURES, {
      seed: 1,
      workDir: join(temporaryDirectory('peer'), 'work'),
      python: '/nonexistent/python3',
    });
    expect(outcome.ran).toBe(false);
    if (!outcome.ran) expect(outcome.reason).toMatch(/\/nonexistent\/python3 does not exist.*apt-get install/);
  });

  it.skipIf(!hasXgboost)('scores every test row and ranks by the informative feature', async () => {
    const random = new Shuffler(7);
    const split = { train: syntheticSplit(3000, random), valid: syntheticSplit(1000, random), test: syntheticSplit(1000, random) };
    const workDir = join(temporaryDirectory('peer'), 'work');

    const outcome = await runXgboostPeer(split, FEATURES, { seed: 1, threads: 2, workDir });

    if (!outcome.ran) throw new Error(outcome.reason);
    const { result } = outcome;
    expect(result.testScores).toHaveLength(1000);
    expect(result.testScores.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(rocAuc(result.testScores, split.test.y)).toBeGreaterThan(0.8);
    expect(result.fitSeconds).toBeGreaterThan(0);
    expect(result.validAp).toBeGreaterThan(0.5);
    expect(existsSync(join(workDir, 'meta.json'))).toBe(true);
  });

  it.skipIf(!hasXgboost)('throws with the script error when the training split has a single class', async () => {
    const split = syntheticSplit(50, new Shuffler(3));
    const train = { ...split, y: new Uint8Array(50) };
    const workDir = join(temporaryDirectory('peer'), 'work');
    await expect(runXgboostPeer({ train, valid: split, test: split }, FEATURES, { seed: 1, workDir })).rejects.toThrow(
      /exit code 1[\s\S]*both positive and negative/,
    );
  });
});
