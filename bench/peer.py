"""XGBoost as a peer for the benchmark's TensorFlow.js models.

Usage: /usr/bin/python3 bench/peer.py DIR

DIR holds train.f32, valid.f32, test.f32 and meta.json, written by bench/peer.ts from
the very feature matrix and split the TensorFlow.js models see: little-endian float32,
row-major [rows, 1 + features], column 0 the 0/1 label, then the raw features in the
order of meta["features"]. Trees need no scaling, so the values are left as they are.

Only the fit is timed. The test-set probabilities go to DIR/test.scores.f64 (float64,
little-endian, one per test row, same order) rather than being scored here, so that
AP and P@k come from the same TypeScript metric code for every model. validAp is
reported as a check on early stopping, not as a benchmark figure.

Prints one JSON line on stdout.
"""

import json
import math
import pathlib
import sys
import time

import numpy as np
import xgboost
from sklearn.metrics import average_precision_score


def load_split(directory, name, rows, features):
    """Labels [rows] and features [rows, features] from DIR/<name>.f32."""
    matrix = np.fromfile(directory / f"{name}.f32", dtype="<f4")
    if matrix.size != rows * (1 + features):
        raise ValueError(f"{name}.f32 holds {matrix.size} values, expected {rows} x {1 + features}")
    matrix = matrix.reshape(rows, 1 + features)
    return matrix[:, 0].astype(np.int32), matrix[:, 1:]


def main(directory):
    meta = json.loads((directory / "meta.json").read_text())
    width = len(meta["features"])
    y_train, x_train = load_split(directory, "train", meta["rows"]["train"], width)
    y_valid, x_valid = load_split(directory, "valid", meta["rows"]["valid"], width)
    y_test, x_test = load_split(directory, "test", meta["rows"]["test"], width)

    positives = int(y_train.sum())
    if positives == 0 or positives == len(y_train):
        raise ValueError("the training split needs both positive and negative rows")
    model = xgboost.XGBClassifier(
        tree_method="hist",
        n_jobs=meta["threads"],
        random_state=meta["seed"],
        learning_rate=0.05,
        max_depth=4,
        n_estimators=2000,
        min_child_weight=1,
        subsample=0.8,
        colsample_bytree=0.8,
        # The square root tempers the full class ratio, which over-weights rare positives.
        scale_pos_weight=math.sqrt((len(y_train) - positives) / positives),
        eval_metric="aucpr",
        early_stopping_rounds=100,
    )

    started = time.perf_counter()
    model.fit(x_train, y_train, eval_set=[(x_valid, y_valid)], verbose=False)
    fit_seconds = time.perf_counter() - started

    best = (0, model.best_iteration + 1)
    valid_ap = average_precision_score(y_valid, model.predict_proba(x_valid, iteration_range=best)[:, 1])
    test_scores = model.predict_proba(x_test, iteration_range=best)[:, 1].astype("<f8")
    if len(test_scores) != len(y_test):
        raise ValueError("one test score per test row expected")
    test_scores.tofile(directory / "test.scores.f64")

    print(json.dumps({
        "peer": "xgboost",
        "version": xgboost.__version__,
        "fitSeconds": fit_seconds,
        "bestIteration": int(model.best_iteration),
        "validAp": float(valid_ap),
        "testScores": "test.scores.f64",
    }))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: peer.py DIR")
    main(pathlib.Path(sys.argv[1]))
