# Modelled on keras-gat's examples/gat.py before its NaN fix (issue "citeseer dataset loss is nan"):
# features divided in place by their row sums brought into shape with reshape(-1, 1). A featureless
# node (Citeseer has some) gives 0 / 0. The same division spelt with keepdims, [:, None] or
# expand_dims is the same hazard; a guarded sum is not.
import numpy as np

X = np.load("features.npy")
X /= X.sum(1).reshape(-1, 1)  # warning: [unguarded-division]

Y = np.load("features.npy")
Y = Y / np.expand_dims(Y.sum(1), 1)  # warning: [unguarded-division]

Z = np.load("features.npy")
Z = Z / np.maximum(Z.sum(1).reshape(-1, 1), 1e-12)

counts = np.zeros((4, 3), dtype=np.int32)
counts[0, [0, 2]] = [5, 1]
counts += 1  # add-one smoothing: every entry >= 1, no row sums to 0
probabilities = counts / counts.sum(1).reshape(-1, 1)
