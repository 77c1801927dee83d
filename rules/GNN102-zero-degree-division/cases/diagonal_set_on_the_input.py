# A parameter whose diagonal is set to 1 (`setdiag(1)`) has every row sum >= 1: its inverse square root
# needs no other guard. Setting the diagonal to 0 removes the loops instead, and the guard with them.
import numpy as np


def renormalize(m):
    m_hat = m.tolil()
    m_hat.setdiag(1)
    m_hat = m_hat.tocsr()
    r = np.sqrt(np.ravel(m_hat.sum(1)))
    return m_hat / r[:, None] / r[None, :]


def loop_free(m):
    bare = m.tolil()
    bare.setdiag(0)
    bare = bare.tocsr()
    r = np.sqrt(np.ravel(bare.sum(1)))
    return bare / r[:, None]  # error: [zero-degree-division]
