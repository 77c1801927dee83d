# Modelled on preprocessing code that row-normalises a NumPy feature or count matrix and then
# replaces the NaN that an all-zero row produces (`r[np.isnan(r)] = 0`, `np.nan_to_num(...)`).
# NumPy carries no gradient, so once the NaN entries are overwritten nothing of the 0 / 0 is left.
# A patch of another array (or of the name rebound), none at all, or one after the quotient was
# read (the read keeps the NaN) leaves the empty rows NaN. Entries set before the patch are no read.
import numpy as np


def row_shares(counts):
    shares = counts / counts.sum(axis=1, keepdims=True)
    shares[np.isnan(shares)] = 0.0
    return shares


def unit_rows(features):
    return np.nan_to_num(features / np.linalg.norm(features, axis=1, keepdims=True))


def unit_rows_unpatched(features):
    rows = features / np.linalg.norm(features, axis=1, keepdims=True)  # warning: [unguarded-division]
    return rows


def row_shares_patching_another(counts, other):
    shares = counts / counts.sum(axis=1, keepdims=True)  # warning: [unguarded-division]
    other[~np.isfinite(other)] = 0.0
    return shares


def row_shares_read_before_patch(counts):
    shares = counts / counts.sum(axis=1, keepdims=True)  # warning: [unguarded-division]
    total = shares.sum()
    shares[np.isnan(shares)] = 0.0
    return shares, total


def row_shares_entry_set_before_patch(counts):
    shares = counts / counts.sum(axis=1, keepdims=True)
    shares[0] = 1.0
    shares[np.isnan(shares)] = 0.0
    return shares


def row_shares_rebound_before_patch(counts, other):
    shares = counts / counts.sum(axis=1, keepdims=True)  # warning: [unguarded-division]
    kept = shares
    shares = other.copy()
    shares[np.isnan(shares)] = 0.0
    return kept, shares
