# Modelled on multi-task molecule fine-tuning, where missing labels are stored as 0 and the loss
# is averaged over the valid entries only (`is_valid = y ** 2 > 0`), and on a graph generator that
# averages the hidden states of the nodes a thresholded prediction selects. A count of the entries
# that pass a test on data can be 0 (a batch whose labels are all missing, a row where nothing
# passes the threshold): the mean is then 0 / 0 = NaN. A clamp on the count guards it; so does a
# mask the code is given (a split's train mask), which the dataset fixes to be non-empty.
import torch


def train_step(model, batch, criterion, optimizer):
    pred = model(batch)
    y = batch.y.view(pred.shape).double()
    is_valid = y ** 2 > 0
    loss_mat = criterion(pred.double(), (y + 1) / 2)
    loss_mat = torch.where(is_valid, loss_mat, torch.zeros_like(loss_mat))
    loss = torch.sum(loss_mat) / torch.sum(is_valid)  # warning: [unguarded-division]
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


def train_step_renamed(net, data, crit, opt):
    out = net(data)
    target = data.y.view(out.shape)
    present = ~torch.isnan(target)
    per_entry = crit(out[present], target[present])
    total = per_entry.sum() / present.sum()  # warning: [unguarded-division]
    opt.zero_grad()
    total.backward()
    opt.step()


def train_step_clamped(model, batch, criterion, optimizer):
    pred = model(batch)
    y = batch.y.view(pred.shape)
    is_valid = y ** 2 > 0
    loss_mat = torch.where(is_valid, criterion(pred, (y + 1) / 2), torch.zeros_like(pred))
    loss = torch.sum(loss_mat) / torch.sum(is_valid).clamp(min=1)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


def split_accuracy(out, y, train_mask):
    # the split's mask is given, and holds the labelled nodes by construction
    correct = (out[train_mask].argmax(1) == y[train_mask]).sum()
    return correct / train_mask.sum()


def attend_selected(hidden, probs, thresh=0.5):
    picked = torch.gt(probs, thresh).long()
    n_picked = torch.sum(picked, dim=2, keepdim=True).float()
    return torch.sum(hidden * picked, dim=2, keepdim=True) / n_picked  # warning: [unguarded-division]


def attend_selected_renamed(states, scores, level=0.5):
    chosen = (scores > level).float()
    how_many = chosen.sum(dim=-1, keepdim=True)
    return (states * chosen).sum(dim=-1, keepdim=True) / how_many  # warning: [unguarded-division]


def attend_selected_guarded(hidden, probs, thresh=0.5):
    picked = torch.gt(probs, thresh).float()
    n_picked = torch.clamp(picked.sum(dim=2, keepdim=True), min=1.0)
    return torch.sum(hidden * picked, dim=2, keepdim=True) / n_picked


def masked_mae_tf(preds, labels, null_val=0.0):
    import tensorflow as tf

    mask = tf.cast(tf.not_equal(labels, null_val), tf.float32)
    return tf.reduce_sum(tf.abs(preds - labels) * mask) / tf.reduce_sum(mask)  # warning: [unguarded-division]


def masked_mae_np(preds, labels):
    import numpy as np

    valid = (labels != 0).astype("float32")
    return np.sum(np.abs(preds - labels) * valid) / np.sum(valid)  # warning: [unguarded-division]


def masked_mae_no_nan(preds, labels):
    import tensorflow as tf

    mask = tf.cast(tf.not_equal(labels, 0.0), tf.float32)
    return tf.math.divide_no_nan(tf.reduce_sum(tf.abs(preds - labels) * mask), tf.reduce_sum(mask))
