import tensorflow as tf
import torch
import torch.nn.functional as F


def losses(logits, scores, y):
    a = F.log_softmax(logits, dim=1)  # error: [unguarded-log]
    b = F.log_softmax(logits, dim=-1)  # error: [unguarded-log]
    c = F.logsigmoid(scores)  # error: [unguarded-log]
    d = tf.nn.log_softmax(logits, axis=-1)  # error: [unguarded-log]
    e = logits.log_softmax(1)  # error: [unguarded-log]
    return a, b, c, d, e
