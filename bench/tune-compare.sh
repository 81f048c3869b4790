#!/bin/bash
# neurite tune against the default network and scikit-learn's HistGradientBoosting (bench/notes.md,
# "tune against the defaults"). For each table: a search of BUDGET (default 2m) with seed 0 on 3
# folds, then both the defaults and the tuned model cross-validated on other folds (5 folds, seeds
# 1, 2 and 3: SEEDS), since the search's own score is the best of many on its folds. "Tuned" is
# what tune writes (since the finalist check, the finalist or defaults that won on the check's folds): the setting trained on all of a fold's training rows (--validation-split
# 0) for the epochs tune retrains it for. Built-in datasets are written
# as CSV first; a table may also be a CSV path whose last column is the target.
# Run with: npm run build && bench/tune-compare.sh spiral digits moons salary [BUDGET=2m] [SPACE=space.json] [SEEDS="1 2 3"]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$(mktemp -d)}
N="node $ROOT/bin/neurite.js"
cd "$OUT"
for t in "$@"; do
  if [ -f "$t" ]; then cp "$t" .; t=$(basename "$t" .csv); else
    node -e "import('$ROOT/dist/index.js').then(({ loadDataset }) => { const d = loadDataset('$t');
      require('fs').writeFileSync('$t.csv', [d.columns.join(','), ...d.rows.map((r) => r.join(','))].join('\n') + '\n'); })"
  fi
  echo "== $t ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load$(uptime | sed 's/.*average//'))"
  $N tune --data $t.csv --budget "${BUDGET:-2m}" --folds 3 --seed 0 ${SPACE:+--space $SPACE} --out $t-best.json --log $t.jsonl --json > $t-tune.json 2> $t-tune.err
  # tune writes what train builds when no trial beats it on the search's folds ("defaults")
  args=$(node -e "const r = require('./$t-tune.json'), s = (r.written || r.best).settings;
    if (r.defaults && r.defaults.chosen) { console.log(''); process.exit(0); }
    const a = ['--hidden', s.hidden.join(',') || 'none', '--activation', s.activation, '--lr', s.lr, '--batch-size', s.batchSize, '--epochs', r.finalEpochs, '--validation-split', 0];
    if (s.weightDecay) a.push('--weight-decay', s.weightDecay); if (s.dropout) a.push('--dropout', s.dropout);
    console.log(a.join(' '))")
  node -e "const r = require('./$t-tune.json'), b = r.best, f = (v) => v.toFixed(4);
    console.log('search:', r.trials, 'trials,', r.records, 'records in', r.seconds.toFixed(0), 's; best', r.metric, f(b.score), '±', f(b.std), 'at', b.epochs, 'epochs');
    if (r.check) for (const c of r.check.contenders) console.log('check', c.trial, c.epochs ?? '', c.score === null ? 'not scored' : f(c.score) + ' ± ' + f(c.std));
    if (r.defaults) console.log('defaults on the check folds:', f(r.defaults.score), '±', f(r.defaults.std), r.defaults.chosen ? '(written: no finalist beats them)' : '(beaten)');
    console.log('tuned: $args')"
  for seed in ${SEEDS:-1 2 3}; do
    $N cv --data $t.csv --folds 5 --seed $seed --json > $t-cv-default-$seed.json 2>/dev/null
    $N cv --data $t.csv --folds 5 --seed $seed $args --json > $t-cv-tuned-$seed.json 2>/dev/null
    node -e "const d = require('./$t-cv-default-$seed.json'), u = require('./$t-cv-tuned-$seed.json'), f = (v) => v.toFixed(4);
      console.log('5 folds, seed $seed: default', f(d.mean), '±', f(d.std), ' tuned', f(u.mean), '±', f(u.std));"
  done
  OMP_NUM_THREADS=1 /usr/bin/python3 "$ROOT/bench/tune_hgb.py" $t.csv
done
echo "files in $OUT"
