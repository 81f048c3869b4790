"""scikit-learn's HistGradientBoosting (default settings), 5-fold cross-validated (stratified for
classes, shuffled, random_state 1) on CSV files whose last column is the target: the bar that
`neurite tune` is compared with (bench/notes.md, "tune against the defaults").

Run with: OMP_NUM_THREADS=1 /usr/bin/python3 bench/tune_hgb.py FILE.csv ... (bench/tune-compare.sh runs it)
"""
import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score

for path in sys.argv[1:]:
    t = pd.read_csv(path)
    x, y = t.iloc[:, :-1].to_numpy(dtype=float), t.iloc[:, -1]
    classify = y.dtype == object or (np.issubdtype(y.dtype, np.integer) and y.nunique() <= 20)
    if classify:
        model, cv = HistGradientBoostingClassifier(random_state=0), StratifiedKFold(5, shuffle=True, random_state=1)
    else:
        model, cv = HistGradientBoostingRegressor(random_state=0), KFold(5, shuffle=True, random_state=1)
    s = cross_val_score(model, x, y, cv=cv)
    print(f'{path}: {"accuracy" if classify else "r2"} {s.mean():.4f} ± {s.std():.4f}')
