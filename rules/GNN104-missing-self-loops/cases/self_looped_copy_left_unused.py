# Modelled on gnn-benchmark's renormalize_adj: the function builds the self-looped graph (setdiag(1) on a
# copy) and then normalizes the original one, without loops; the copy is never read.
import numpy as np


def renormalize(m):
    m_hat = m.tolil()
    m_hat.setdiag(1)
    m_hat = m_hat.tocsr()
    s = np.ravel(m.sum(1))
    s[s == 0] = 1
    r = np.sqrt(s)
    return m / r[:, None] / r[None, :]  # warning: [missing-self-loops]


def renormalize_the_copy(m):
    m_hat = m.tolil()
    m_hat.setdiag(1)
    m_hat = m_hat.tocsr()
    r = np.sqrt(np.ravel(m_hat.sum(1)))
    return m_hat / r[:, None] / r[None, :]


def without_loops(m):
    # The loops removed and never put back (as in gnn-benchmark-style `normalize_adj`, whose
    # `eliminate_self_loops` comes first): no unused copy, but the operator has no self-loops either.
    bare = m.tolil()
    bare.setdiag(0)
    bare = bare.tocsr()
    s = np.ravel(bare.sum(1))
    s[s == 0] = 1
    r = np.sqrt(s)
    return bare / r[:, None] / r[None, :]  # warning: [missing-self-loops]
