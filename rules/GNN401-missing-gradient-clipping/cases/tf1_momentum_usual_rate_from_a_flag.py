# TensorFlow 1 with its flags module (the layout of many GCN ports): the momentum optimizer's rate is
# a flag whose default, what a run without flags trains with, is 0.01, the usual setting: nothing at risk
# that the rule sees, so the missing clipping is information only.
import tensorflow as tf

flags = tf.app.flags
FLAGS = flags.FLAGS
flags.DEFINE_float("base_rate", 0.01, "Initial learning rate.")
flags.DEFINE_integer("hidden", 32, "Hidden units.")

features = tf.placeholder(tf.float32, [None, 100])
support = tf.sparse_placeholder(tf.float32)
weights = tf.Variable(tf.random.normal([100, FLAGS.hidden]))
hidden = tf.nn.relu(tf.sparse_tensor_dense_matmul(support, tf.matmul(features, weights)))
objective = tf.reduce_mean(tf.square(hidden))
trainer = tf.train.MomentumOptimizer(learning_rate=FLAGS.base_rate, momentum=0.9)
update = trainer.minimize(objective)  # info: [missing-gradient-clipping]
