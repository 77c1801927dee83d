import tensorflow as tf
import torch
import torch.nn.functional as F


def losses(logits, scores, y):
    a = torch.log(F.softmax(logits, dim=1))  # error: [unguarded-log]
    b = F.softmax(logits, dim=-1).log()  # error: [unguarded-log]
    c = torch.log(torch.sigmoid(scores))  # error: [unguarded-log]
    d = tf.math.log(tf.nn.softmax(logits, axis=-1))  # error: [unguarded-log]
    e = torch.log(logits.softmax(1))  # error: [unguarded-log]
    return a, b, c, d, e
