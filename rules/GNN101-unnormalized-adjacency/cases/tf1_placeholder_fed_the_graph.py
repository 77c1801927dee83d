# A TensorFlow 1 graph multiplies placeholders into the features; what they hold is what the session
# feeds them. The edge list turned into a 0/1 matrix and fed as the support sums neighbours by degree;
# the same matrix with self-loops and row-normalized before it is fed averages them. A key written
# into the feed dict by item assignment counts like a dict display.
import numpy as np
import scipy.sparse as sp
import tensorflow as tf

edges = np.loadtxt("edges.txt", dtype=np.int64)
n = int(edges.max()) + 1
features = np.load("x.npy")
raw = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n)).toarray()
averaged = raw + np.eye(n)
averaged = averaged / averaged.sum(1, keepdims=True)

support = tf.placeholder(tf.float32, shape=(n, n))
mean_support = tf.placeholder(tf.float32, shape=(n, n))
inputs = tf.placeholder(tf.float32, shape=(n, features.shape[1]))
w = tf.Variable(tf.random.truncated_normal((features.shape[1], 16), stddev=0.1))
h = tf.matmul(support, tf.matmul(inputs, w))  # error: [unnormalized-adjacency]
m = tf.matmul(mean_support, tf.matmul(inputs, w))
loss = tf.reduce_sum(h) + tf.reduce_sum(m)
step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    feed = {inputs: features, mean_support: averaged}
    feed[support] = raw
    for _ in range(10):
        sess.run(step, feed_dict=feed)
