"""W1 end to end as a user would write it (#28 point 6): python3 bench/peers/command.py <torch|sklearn> <train|predict> DIR.
train: reads Fashion-MNIST's IDX files, trains 784-256-128-10 (relu, softmax + cross-entropy, Adam 1e-3,
batch 128, shuffled, 3 epochs), prints each epoch's loss and accuracy (from the batches' outputs, as
`neurite train` does) and saves the model in DIR; predict (torch): loads it, reads the test images and
writes image, prediction and the 10 probabilities per image to DIR/torch-predictions.csv, as
`neurite predict --out` does. The whole process is what bench/command.mjs times; this prints
`TIMES {json}` with its own load and train seconds."""
import gzip, json, os, sys, time
t_start = time.perf_counter()
import numpy as np
from fmnist import images, labels

lib, task, out = sys.argv[1], sys.argv[2], sys.argv[3]
EPOCHS = int(os.environ.get('C1_EPOCHS', '3'))

times = {}
if lib == 'torch':
    import torch, torch.nn as nn, torch.nn.functional as F
    torch.set_num_threads(2); torch.manual_seed(1)
    m = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    path = os.path.join(out, 'torch-w1.pt')
    t = time.perf_counter()
    if task == 'train':
        x, y = torch.from_numpy(images('train')), torch.from_numpy(labels('train'))
        times['load'] = time.perf_counter() - t; t = time.perf_counter()
        opt = torch.optim.Adam(m.parameters(), 1e-3)
        n = len(x)
        for epoch in range(EPOCHS):
            perm = torch.randperm(n); loss_sum = 0.0; hits = 0
            for s in range(0, n, 128):
                i = perm[s:s + 128]
                z = m(x[i]); loss = F.cross_entropy(z, y[i])
                opt.zero_grad(); loss.backward(); opt.step()
                loss_sum += loss.item() * len(i); hits += (z.argmax(1) == y[i]).sum().item()
            print(f'epoch {epoch + 1}/{EPOCHS}  loss {loss_sum / n:.4f}  accuracy {hits / n:.4f}', file=sys.stderr)
        times['train'] = time.perf_counter() - t
        torch.save(m.state_dict(), path)
    else:
        m.load_state_dict(torch.load(path)); m.eval()
        x = torch.from_numpy(images('t10k'))
        times['load'] = time.perf_counter() - t; t = time.perf_counter()
        with torch.no_grad():
            p = torch.cat([F.softmax(m(x[s:s + 1000]), 1) for s in range(0, len(x), 1000)]).numpy()
        times['predict'] = time.perf_counter() - t; t = time.perf_counter()
        with open(os.path.join(out, 'torch-predictions.csv'), 'w') as f:
            f.write('image,prediction,' + ','.join(f'p_{k}' for k in range(10)) + '\n')
            for i, row in enumerate(p):
                f.write(f'{i},{row.argmax()},' + ','.join(f'{v:.7g}' for v in row) + '\n')
        times['write'] = time.perf_counter() - t
elif lib == 'sklearn':
    import pickle, warnings
    from sklearn.neural_network import MLPClassifier
    warnings.filterwarnings('ignore')  # "did not converge" after 3 epochs
    t = time.perf_counter()
    x, y = images('train'), labels('train')
    times['load'] = time.perf_counter() - t; t = time.perf_counter()
    m = MLPClassifier((256, 128), solver='adam', learning_rate_init=1e-3, batch_size=128, alpha=0, max_iter=EPOCHS, shuffle=True, random_state=1)
    m.fit(x, y)
    times['train'] = time.perf_counter() - t
    print(f'loss {m.loss_:.4f}', file=sys.stderr)
    with open(os.path.join(out, 'sklearn-w1.pkl'), 'wb') as f:
        pickle.dump(m, f)
times['inside'] = time.perf_counter() - t_start
print('TIMES ' + json.dumps(times), flush=True)
