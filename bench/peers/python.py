"""PyTorch, scikit-learn and numpy on the bench workloads: python3 bench/peers/python.py <torch|sklearn|numpy> <w1|w2|w3|w4|w5|w7>.
Prints one line `RESULT {json}`. Run with OMP_WAIT_POLICY=PASSIVE (torch's OpenMP pool otherwise
spins against OpenBLAS's threads on 2 cores)."""
import json, os, sys, time
import numpy as np
from fmnist import images, labels

lib, workload = sys.argv[1], sys.argv[2]
secs = lambda n, d: float(os.environ.get(n, d))
HERE = os.path.dirname(os.path.abspath(__file__))

def emit(**r):
    print('RESULT ' + json.dumps({'lib': lib, 'workload': workload, **r}), flush=True)

def fmnist(split):
    return images(split), labels(split)

def digits():
    d = np.loadtxt(os.path.join(HERE, '..', '..', 'data', 'digits.csv'), delimiter=',', skiprows=1)
    return (d[:, :64] / 16).astype(np.float32), d[:, 64].astype(np.int64)

def timed(fn, per, seconds, warm=1):
    for _ in range(warm): fn()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        fn(); n += per
    return n / (time.perf_counter() - t0)

if lib == 'numpy':
    a, b = np.random.rand(2048, 2048).astype(np.float32), np.random.rand(2048, 2048).astype(np.float32)
    ts = []
    a @ b
    for _ in range(5):
        t = time.perf_counter(); a @ b; ts.append(time.perf_counter() - t)
    emit(value=2 * 2048 ** 3 / sorted(ts)[2] / 1e9, unit='GFLOP/s')
elif lib == 'torch':
    import torch, torch.nn as nn, torch.nn.functional as F
    torch.set_num_threads(2); torch.manual_seed(1)
    def shuffled(n, size):
        """The next `size` row indices of a shuffle of n rows, reshuffled when fewer than `size` remain."""
        state = {'perm': torch.randperm(n), 'at': 0}
        def take():
            if state['at'] + size > n: state['perm'], state['at'] = torch.randperm(n), 0
            state['at'] += size
            return state['perm'][state['at'] - size:state['at']]
        return take
    mlp = lambda: nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    if workload == 'w1':
        x, y = map(torch.from_numpy, fmnist('train'))
        m = mlp(); opt = torch.optim.Adam(m.parameters(), 1e-3)
        batch = shuffled(60000, 128)
        def step():
            i = batch()
            opt.zero_grad(); F.cross_entropy(m(x[i]), y[i]).backward(); opt.step()
        emit(value=timed(step, 128, secs('W1_SECONDS', 15), 5), unit='samples/s')
    elif workload == 'w2':
        x = torch.tensor([[0., 0], [0, 1], [1, 0], [1, 1]]); y = torch.tensor([[0.], [1], [1], [0]])
        m = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1), nn.Sigmoid()); opt = torch.optim.SGD(m.parameters(), 0.5)
        def step():
            opt.zero_grad(); F.mse_loss(m(x), y).backward(); opt.step()
        emit(value=timed(step, 1, secs('W2_SECONDS', 5), 200), unit='steps/s')
    elif workload == 'w3':
        x, y = map(torch.from_numpy, digits())
        m = nn.Sequential(nn.Linear(64, 32), nn.Sigmoid(), nn.Linear(32, 10)); opt = torch.optim.SGD(m.parameters(), 0.1)
        state = {'i': 0}
        def step():
            i = state['i'] % len(x); state['i'] += 1
            opt.zero_grad(); F.cross_entropy(m(x[i:i + 1]), y[i:i + 1]).backward(); opt.step()
        emit(value=timed(step, 1, secs('W3_SECONDS', 8), 50), unit='samples/s')
    elif workload == 'w4':
        x = torch.from_numpy(fmnist('t10k')[0]); m = mlp()
        def run():
            with torch.no_grad():
                for s in range(0, 10000, 1000): F.softmax(m(x[s:s + 1000]), 1).numpy()
        emit(value=timed(run, 10000, secs('W4_SECONDS', 5)), unit='samples/s')
    elif workload == 'w7':
        # issue #25's network: conv:32:3,maxpool:2,conv:64:3,maxpool:2,flatten,dense:128,dropout:0.3 (+ softmax output)
        x, y = fmnist('train'); x, y = torch.from_numpy(x).reshape(-1, 1, 28, 28), torch.from_numpy(y)
        m = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))
        opt = torch.optim.Adam(m.parameters(), 1e-3)
        batch = shuffled(60000, 64)
        def step():
            i = batch()
            opt.zero_grad(); F.cross_entropy(m(x[i]), y[i]).backward(); opt.step()
        emit(value=timed(step, 64, secs('W7_SECONDS', 20), 5), unit='samples/s')
    elif workload == 'w5':
        a, b = torch.rand(2048, 2048), torch.rand(2048, 2048)
        emit(value=timed(lambda: a @ b, 2 * 2048 ** 3, 3) / 1e9, unit='GFLOP/s')
elif lib == 'sklearn':
    from sklearn.neural_network import MLPClassifier
    import warnings; warnings.filterwarnings('ignore')
    if workload == 'w1':
        x, y = fmnist('train')
        m = MLPClassifier((256, 128), solver='adam', learning_rate_init=1e-3, batch_size=128, alpha=0, max_iter=1, warm_start=True, shuffle=True, random_state=1)
        m.fit(x, y)
        emit(value=timed(lambda: m.fit(x, y), 60000, secs('W1_SECONDS', 15), 0), unit='samples/s')
    elif workload == 'w3':
        x, y = digits()
        m = MLPClassifier((32,), activation='logistic', solver='sgd', learning_rate_init=0.1, momentum=0, batch_size=1, alpha=0, max_iter=1, warm_start=True, random_state=1)
        m.fit(x, y)
        emit(value=timed(lambda: m.fit(x, y), len(x), secs('W3_SECONDS', 8), 0), unit='samples/s')
    elif workload == 'w4':
        x, y = fmnist('t10k')
        m = MLPClassifier((256, 128), max_iter=1, random_state=1).fit(x[:1000], y[:1000])
        def run():
            for s in range(0, 10000, 1000): m.predict_proba(x[s:s + 1000])
        emit(value=timed(run, 10000, secs('W4_SECONDS', 5)), unit='samples/s')
