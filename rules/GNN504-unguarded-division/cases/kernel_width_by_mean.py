# Modelled on an adaptive Gaussian kernel over node features: the squared distances of each graph
# are divided by their own mean along the node-pair axis (the kernel width) with no epsilon. A
# graph whose nodes all have the same features (or a padded, all-zero one) has every distance 0,
# so its mean is 0 and the kernel is exp(0 / 0) = NaN. A mean over the whole tensor (a training
# mask divided by its mean) is 0 only when every entry is, and stays unreported.
import tensorflow as tf
import torch


def kernel(node_feat, idx_row, idx_col):
    diff = node_feat[:, idx_row, :] - node_feat[:, idx_col, :]
    dist2 = (diff * diff).sum(dim=2)
    sigma2 = torch.mean(dist2, dim=1, keepdim=True)
    return torch.exp(-dist2 / sigma2)  # warning: [unguarded-division]


def kernel_guarded(node_feat, idx_row, idx_col):
    diff = node_feat[:, idx_row, :] - node_feat[:, idx_col, :]
    dist2 = (diff * diff).sum(dim=2)
    sigma2 = torch.mean(dist2, dim=1, keepdim=True) + 1e-7
    return torch.exp(-dist2 / sigma2)


def masked_loss(loss, mask):
    mask = tf.cast(mask, dtype=tf.float32)
    mask /= tf.reduce_mean(mask)
    return tf.reduce_mean(loss * mask)
