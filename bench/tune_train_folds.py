"""`neurite train` with its defaults against a tuned setting on the same folds: scikit-learn's
StratifiedKFold (5 folds, shuffled, seeds 1, 2, 3) of a CSV whose last column is the class; each
fold's parts written as CSV, `neurite train` (seed 1) on the training part and `neurite evaluate`
on the held-out part. Unlike `neurite cv`, this scores what `train` builds, including its
small-table rule (a network chosen by cross-validation under 1,000 rows, Note [small tables]).

Run: /usr/bin/python3 bench/tune_train_folds.py bin/neurite.js FILE.csv "--hidden 63,38 --lr 0.01 ..."
(bench/notes.md, "tune against the defaults, session 3")
"""
import json, subprocess, sys, tempfile
import numpy as np, pandas as pd
from sklearn.model_selection import StratifiedKFold


def accuracy(bin_, args, train, test, d):
    r = subprocess.run(['node', bin_, 'train', '--data', train, '--out', f'{d}/m.json', '--seed', '1', '--json', *args], capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(r.stderr.strip().splitlines()[-1])
    e = subprocess.run(['node', bin_, 'evaluate', '--model', f'{d}/m.json', '--data', test, '--json'], capture_output=True, text=True)
    return json.loads(e.stdout)['accuracy']


def main():
    bin_, path, tuned = sys.argv[1], sys.argv[2], sys.argv[3].split()
    df = pd.read_csv(path)
    y = df.iloc[:, -1].astype(str)
    for seed in (1, 2, 3):
        scores = {'defaults': [], 'tuned': []}
        for tr, te in StratifiedKFold(5, shuffle=True, random_state=seed).split(df, y):
            with tempfile.TemporaryDirectory() as d:
                df.iloc[tr].to_csv(f'{d}/train.csv', index=False)
                df.iloc[te].to_csv(f'{d}/test.csv', index=False)
                scores['defaults'].append(accuracy(bin_, [], f'{d}/train.csv', f'{d}/test.csv', d))
                scores['tuned'].append(accuracy(bin_, tuned, f'{d}/train.csv', f'{d}/test.csv', d))
        print(f"{path} seed {seed}: defaults {np.mean(scores['defaults']):.4f} tuned {np.mean(scores['tuned']):.4f}", flush=True)


main()
