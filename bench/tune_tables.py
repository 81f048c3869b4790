"""`neurite tune` on issue #21's ten public tables, on the splits of scripts/compare-tables.py:
each table's labelled rows split 75/25 (stratified for classes, seed S), both parts written in the
table's own format; on the training part a `neurite tune` of BUDGET (default 2m, seed 0, 3 folds,
one worker per core) and `neurite train` with the defaults, both scored on the test part by
`neurite evaluate`; scikit-learn 1.2.1's HistGradientBoosting (defaults, random_state 0) fitted on
the same training rows after compare-tables.py's hand preparation and scored on the same test rows.

Run: /usr/bin/python3 bench/tune_tables.py RAW_DIR bin/neurite.js [SPLITS [TABLES]]
(RAW_DIR as in scripts/compare-tables.py; SPLITS is a count (seeds 0..n-1) or a list such as 0,2 or 1, for split 1 alone.)
Prints one JSON line per table and split, then a summary table (bench/notes.md, docs/tune.md).
"""
import json, os, subprocess, sys, tempfile, time, warnings
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split

# hand_prepare adds columns one at a time; pandas' warning about it says nothing about the results
warnings.filterwarnings('ignore', category=pd.errors.PerformanceWarning)

# compare-tables.py's tables, loading, splits and hand preparation, without running its main()
HERE = os.path.dirname(os.path.abspath(__file__))
_src = open(os.path.join(HERE, '..', 'scripts', 'compare-tables.py')).read()
ct = {}
exec(compile(_src.rsplit('\nmain()', 1)[0], 'compare-tables.py', 'exec'), ct)


def run_json(args):
    r = subprocess.run(['node', *args, '--json'], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip().splitlines()[-1])
    return json.loads(r.stdout)


def score(ev):
    return ev['accuracy'] if 'accuracy' in ev else ev['r2']


def main():
    raw, bin_ = sys.argv[1], sys.argv[2]
    arg = sys.argv[3] if len(sys.argv) > 3 else '1'
    splits = [int(s) for s in arg.split(',') if s] if ',' in arg else list(range(int(arg)))
    only = sys.argv[4].split(',') if len(sys.argv) > 4 else None
    budget = os.environ.get('BUDGET', '2m')
    results = []
    for name, target, task, drop in ct['TABLES']:
        if only and name not in only:
            continue
        df, lines = ct['load'](raw, name)
        labelled = np.flatnonzero(df[target].notna().to_numpy())
        for seed in splits:
            strat = df[target].iloc[labelled].astype(str) if task == 'c' else None
            tr, te = train_test_split(labelled, test_size=0.25, random_state=seed, stratify=strat)
            Xtr, Xte = ct['hand_prepare'](df.iloc[tr], df.iloc[te], target, drop)
            ytr, yte = df[target].iloc[tr], df[target].iloc[te]
            if task == 'c':
                hgb = HistGradientBoostingClassifier(random_state=0).fit(Xtr, ytr.astype(str))
                h = accuracy_score(yte.astype(str), hgb.predict(Xte))
            else:
                hgb = HistGradientBoostingRegressor(random_state=0).fit(Xtr, ytr.astype(float))
                h = r2_score(yte.astype(float), hgb.predict(Xte))
            row = {'table': name, 'target': target, 'split': seed, 'rows': len(labelled), 'hgb': round(h, 4)}
            with tempfile.TemporaryDirectory() as d:
                src = df if name.endswith('.json') else lines
                train = ct['write_part'](src, name, tr, d, 'train')
                test = ct['write_part'](src, name, te, d, 'test')
                try:
                    run_json([bin_, 'train', '--data', train, '--target', target, '--seed', str(seed + 1), '--out', f'{d}/default.json'])
                    row['default'] = round(score(run_json([bin_, 'evaluate', '--model', f'{d}/default.json', '--data', test])), 4)
                    t0 = time.time()
                    t = run_json([bin_, 'tune', '--data', train, '--target', target, '--budget', budget, '--seed', '0', '--out', f'{d}/tuned.json'])
                    row['tuneSeconds'] = round(time.time() - t0)
                    row['trials'], row['search'] = t['trials'], round(t['best']['score'], 4)
                    row['best'] = {**t['best']['settings'], 'finalEpochs': t['finalEpochs']}
                    row['written'] = t['written']['trial'] if 'written' in t else t['best']['trial']
                    row['repeats'] = t.get('repeats', 1)
                    row['tuned'] = round(score(run_json([bin_, 'evaluate', '--model', f'{d}/tuned.json', '--data', test])), 4)
                except RuntimeError as e:
                    row['error'] = str(e)
            row['load'] = os.getloadavg()[0]
            print(json.dumps(row), flush=True)
            results.append(row)
    print('\n| table | metric | splits | defaults | tuned | HistGradientBoosting | tuned − HGB |')
    print('|---|---|---|---|---|---|---|')
    within = 0
    names = [t for t in ct['TABLES'] if any(r['table'] == t[0] for r in results)]
    for name, _, task, _ in names:
        rs = [r for r in results if r['table'] == name]
        m = lambda k: np.mean([r[k] for r in rs]) if all(k in r for r in rs) else float('nan')
        gap = m('tuned') - m('hgb')
        within += bool(gap >= -0.01)
        print(f"| {name} | {'accuracy' if task == 'c' else 'r²'} | {len(rs)} | {m('default'):.4f} | {m('tuned'):.4f} | {m('hgb'):.4f} | {gap:+.4f} |")
    print(f'\ntuned within 0.01 of HistGradientBoosting (or above) on {within} of {len(names)} tables')


main()
