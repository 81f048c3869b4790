"""Fashion-MNIST's IDX files as numpy arrays, for the Python peers (python.py, command.py)."""
import gzip, os
import numpy as np

FM = os.environ.get('FMNIST_DIR', '/usr/share/datasets/fashion-mnist')

def idx(name):
    """One IDX file (gzip): its header's dimensions, then unsigned bytes."""
    with gzip.open(os.path.join(FM, name)) as f:
        b = f.read()
    rank = b[3]
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], 'big') for i in range(rank)]
    return np.frombuffer(b, np.uint8, offset=4 + 4 * rank).reshape(dims)

def images(split):
    """`split`'s images, rows of 784 pixels scaled to [0, 1]."""
    return idx(f'{split}-images-idx3-ubyte.gz').reshape(-1, 784).astype(np.float32) / 255

def labels(split):
    return idx(f'{split}-labels-idx1-ubyte.gz').astype(np.int64)
