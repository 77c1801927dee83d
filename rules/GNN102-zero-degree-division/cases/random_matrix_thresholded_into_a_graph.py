# A random graph drawn by thresholding a random square matrix, in a script: the thresholded matrix is
# still a square 0/1 matrix, so its row sums are degrees and can be zero.
import numpy as np

if __name__ == "__main__":
    n = 100
    adj = np.random.rand(n, n)
    adj = (adj > 0.9).astype(np.float32)
    x = np.ones((n, 16), dtype=np.float32)
    deg = adj.sum(axis=1)
    dinv = np.power(deg, -0.5)  # error: [zero-degree-division]
    print((dinv[:, None] * adj * dinv[None, :] @ x).sum())

    looped = (np.random.rand(n, n) > 0.9).astype(np.float32) + np.eye(n, dtype=np.float32)
    dinv = np.power(looped.sum(axis=1), -0.5)
    print((dinv[:, None] * looped * dinv[None, :] @ x).sum())
