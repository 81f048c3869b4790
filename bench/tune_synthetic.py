"""The two synthetic tables of bench/notes.md's "tune against the defaults": noisy (200 x 30, the
defaults overfit before #21's small-table rule) and wide (1,500 x 60, the defaults overfit).
Two informative columns each: y = x0 + x1 + noise > 0, as "yes"/"no".
Run with: /usr/bin/python3 bench/tune_synthetic.py OUT_DIR  (writes OUT_DIR/noisy.csv, wide.csv)"""
import os
import sys

import numpy as np


def table(seed, rows, cols, fmt):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, cols))
    y = x[:, 0] + x[:, 1] + 0.5 * rng.normal(size=rows) > 0
    head = ','.join([f'x{i}' for i in range(cols)] + ['y'])
    return head + '\n' + ''.join(','.join(fmt(v) for v in r) + (',yes\n' if t else ',no\n') for r, t in zip(x, y))


out = sys.argv[1] if len(sys.argv) > 1 else '.'
with open(os.path.join(out, 'noisy.csv'), 'w') as f:
    f.write(table(0, 200, 30, lambda v: repr(float(v))))
with open(os.path.join(out, 'wide.csv'), 'w') as f:
    f.write(table(1, 1500, 60, lambda v: f'{v:.4f}'))
