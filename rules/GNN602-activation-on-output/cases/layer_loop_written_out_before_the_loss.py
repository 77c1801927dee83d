# Modelled on graph-attack code that keeps a surrogate GCN's weights as plain tensors and writes
# the propagation out in the function that builds the loss, with no model class: a flag turns on
# a ReLU inside the loop over the weight matrices, so when it is set the last pass clips the class
# scores too, and those go to a loss that expects raw logits. A ReLU skipped on the last pass, or
# a flag that changes from pass to pass, leaves the scores raw.
import tensorflow as tf


class Surrogate:
    def __init__(self, adj, features, weights, labels, train_idx):
        self.adj = adj
        self.features = features
        self.weights = weights
        self.labels = labels
        self.train_idx = train_idx

    def build(self, rectify=False):
        out = self.features
        for w in self.weights:
            out = self.adj @ out @ w
            if rectify:
                out = tf.nn.relu(out)  # warning: [activation-on-output]
        self.scores = out
        picked = tf.gather(self.scores, self.train_idx)
        return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=self.labels, logits=picked))

    def build_guarded(self, rectify=False):
        out = self.features
        for i, w in enumerate(self.weights):
            out = tf.matmul(self.adj, tf.matmul(out, w))
            if rectify and i < len(self.weights) - 1:
                out = tf.nn.relu(out)
        return tf.nn.softmax_cross_entropy_with_logits(labels=self.labels, logits=out)

    def build_alternating(self):
        out = self.features
        odd = False
        for w in self.weights:
            out = self.adj @ out @ w
            odd = not odd
            if odd:
                out = tf.nn.relu(out)
        return tf.nn.softmax_cross_entropy_with_logits(labels=self.labels, logits=out)
