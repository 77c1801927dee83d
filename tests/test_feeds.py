"""TF1 placeholders hold what the session feeds them (gnnlint/analysis/feeds.py): the feeds are found
through dict displays, ``.update`` in a helper of another module, list comprehensions of
placeholders, the ``(coords, data, shape)`` triple of a sparse placeholder and a default; a feed
this layer cannot read, or two feeds that disagree, leave the placeholder unknown (quiet)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst
import pytest

from gnnlint.api import lint_paths
from gnnlint.rules import builtin_rules
from gnnlint.testing import lint_with

RULES = builtin_rules()

GRAPH = """
    import numpy as np
    import scipy.sparse as sp
    import tensorflow as tf

    edges = np.loadtxt("edges.txt", dtype=np.int64)
    n = int(edges.max()) + 1
    raw = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    loops = raw + sp.eye(n)
    d = sp.diags(np.power(np.array(loops.sum(1)).flatten(), -0.5))
    normalized = (d @ loops @ d).tocoo()
"""


def lines(source: str, code: str = "GNN101") -> list[int]:
    return sorted(d.line for d in lint_with(textwrap.dedent(GRAPH + source), RULES) if d.code == code)


def line_of(source: str, marker: str) -> int:
    return textwrap.dedent(GRAPH + source).splitlines().index(marker) + 1


SPARSE = """
    def sparse_to_tuple(m):
        m = m.tocoo()
        return np.vstack((m.row, m.col)).transpose(), m.data, m.shape

    support = tf.sparse_placeholder(tf.float32)
    x = tf.placeholder(tf.float32)
    w = tf.Variable(tf.random.truncated_normal((16, 16), stddev=0.1))
    h = tf.sparse_tensor_dense_matmul(support, tf.matmul(x, w))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(h))
    with tf.Session() as sess:
        sess.run(step, feed_dict={support: sparse_to_tuple(MATRIX), x: np.ones((n, 16))})
"""


@pytest.mark.parametrize(("matrix", "flagged"), [("raw", True), ("normalized", False)])
def test_a_sparse_placeholder_holds_the_matrix_whose_coordinate_triple_is_fed(matrix: str, flagged: bool) -> None:
    source = SPARSE.replace("MATRIX", matrix)
    at = line_of(source, "h = tf.sparse_tensor_dense_matmul(support, tf.matmul(x, w))")
    assert lines(source) == ([at] if flagged else [])


DEFAULT = """
    a = tf.placeholder_with_default(DEFAULT, shape=(None, None))
    x = tf.placeholder(tf.float32)
    h = tf.matmul(a, x)
    with tf.Session() as sess:
        sess.run(h, FEED)
"""


@pytest.mark.parametrize(("default", "feed", "flagged"), [
    ("raw.toarray()", "feed_dict={x: np.ones((n, 4))}", True),  # never fed: the default is what it holds
    ("normalized.toarray()", "feed_dict={x: np.ones((n, 4)), a: normalized.toarray()}", False),
    ("normalized.toarray()", "feed_dict={x: np.ones((n, 4)), a: raw.toarray()}", False),  # disagree: quiet
])
def test_a_placeholder_with_default_holds_its_default_as_well_as_its_feeds(default: str, feed: str,
                                                                           flagged: bool) -> None:
    source = DEFAULT.replace("DEFAULT", default).replace("FEED", feed)
    assert lines(source) == ([line_of(source, "h = tf.matmul(a, x)")] if flagged else [])


TWO_FEEDS = """
    import loaders

    a = tf.placeholder(tf.float32, shape=(n, n))
    x = tf.placeholder(tf.float32)
    h = tf.matmul(a, x)
    with tf.Session() as sess:
        sess.run(h, feed_dict={a: raw.toarray(), x: np.ones((n, 4))})
        sess.run(h, feed_dict=OTHER)
"""


@pytest.mark.parametrize(("other", "flagged"), [
    ("{a: raw.toarray(), x: np.zeros((n, 4))}", True),
    ("{a: normalized.toarray(), x: np.zeros((n, 4))}", False),  # two feeds that disagree
    ("loaders.feed_dict(a, x)", False),  # built where this layer cannot look: it may feed `a`
])
def test_every_feed_of_a_placeholder_must_agree(other: str, flagged: bool) -> None:
    source = TWO_FEEDS.replace("OTHER", other)
    assert lines(source) == ([line_of(source, "h = tf.matmul(a, x)")] if flagged else [])


# Kipf's GCN in three modules: the placeholders a dict of lists built by a comprehension in the
# script, the feed written by `.update` in utils.construct_feed_dict, the layer reading
# `placeholders['support'][i]` through `self.support` and a `dot` helper.
KIPF = {
    "utils.py": """
        import numpy as np
        import scipy.sparse as sp


        def sparse_to_tuple(sparse_mx):
            def to_tuple(mx):
                if not sp.isspmatrix_coo(mx):
                    mx = mx.tocoo()
                coords = np.vstack((mx.row, mx.col)).transpose()
                return coords, mx.data, mx.shape

            if isinstance(sparse_mx, list):
                for i in range(len(sparse_mx)):
                    sparse_mx[i] = to_tuple(sparse_mx[i])
            else:
                sparse_mx = to_tuple(sparse_mx)
            return sparse_mx


        def preprocess_adj(adj):
            adj = sp.coo_matrix(adj + sp.eye(adj.shape[0]))
            d = sp.diags(np.power(np.array(adj.sum(1)).flatten(), -0.5))
            return sparse_to_tuple(adj.dot(d).transpose().dot(d).tocoo())


        def construct_feed_dict(features, support, labels, placeholders):
            feed_dict = dict()
            feed_dict.update({placeholders['labels']: labels})
            feed_dict.update({placeholders['features']: features})
            feed_dict.update({placeholders['support'][i]: support[i] for i in range(len(support))})
            return feed_dict
    """,
    "layers.py": """
        import tensorflow as tf


        def dot(x, y, sparse=False):
            if sparse:
                res = tf.sparse_tensor_dense_matmul(x, y)
            else:
                res = tf.matmul(x, y)
            return res


        class GraphConvolution(object):
            def __init__(self, input_dim, output_dim, placeholders):
                self.support = placeholders['support']
                self.w = tf.Variable(tf.random.truncated_normal((input_dim, output_dim), stddev=0.1))

            def __call__(self, inputs):
                supports = []
                for i in range(len(self.support)):
                    supports.append(dot(self.support[i], tf.matmul(inputs, self.w), sparse=True))
                return tf.nn.relu(tf.add_n(supports))
    """,
    "train.py": """
        import numpy as np
        import scipy.sparse as sp
        import tensorflow as tf
        from layers import GraphConvolution
        from utils import construct_feed_dict, preprocess_adj, sparse_to_tuple

        edges = np.loadtxt("edges.txt", dtype=np.int64)
        n = int(edges.max()) + 1
        adj = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
        features = np.load("x.npy")
        labels = np.load("y.npy")
        support = [SUPPORT]
        placeholders = {
            'support': [tf.sparse_placeholder(tf.float32) for _ in range(len(support))],
            'features': tf.placeholder(tf.float32),
            'labels': tf.placeholder(tf.float32),
        }
        out = GraphConvolution(features.shape[1], 7, placeholders)(placeholders['features'])
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=out, labels=placeholders['labels']))
        step = tf.train.AdamOptimizer(0.01).minimize(loss)
        sess = tf.Session()
        for epoch in range(200):
            sess.run(step, feed_dict=construct_feed_dict(features, support, labels, placeholders))
    """,
}


@pytest.mark.parametrize(("support", "flagged"), [("sparse_to_tuple(adj)", True), ("preprocess_adj(adj)", False)])
def test_placeholders_fed_by_a_helper_of_another_module_through_a_comprehension(tmp_path: Path, support: str,
                                                                                flagged: bool) -> None:
    for name, text in KIPF.items():
        (tmp_path / name).write_text(textwrap.dedent(text.replace("SUPPORT", support)).lstrip(), encoding="utf-8")
    found = sorted((Path(d.path).name, d.line) for d in lint_paths([tmp_path]) if d.code == "GNN101")
    assert found == ([("layers.py", 20)] if flagged else [])


def test_a_placeholder_s_feeds_are_found_without_generating_the_module_s_code(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # Feeds are indexed once per module, from the source text: generating the module's code per
    # placeholder took a minute for a few hundred of them, and a deep sum hit the recursion limit (GNN900).
    def generated(module: object) -> str:
        raise AssertionError("the module's code was generated")

    monkeypatch.setattr(cst.Module, "code", property(generated))
    terms = 100
    body = "".join(f"a{i} = tf.placeholder(tf.float32, shape=(n, n))\nh{i} = tf.matmul(a{i}, x)\n"
                   for i in range(terms))
    body += "loss = " + " + ".join(f"tf.reduce_sum(h{i})" for i in range(terms)) + "\n"
    body += "".join(f"sess.run(loss, feed_dict={{a{i}: np.eye(n) + {i}}})\n" for i in range(terms))
    (tmp_path / "train.py").write_text(textwrap.dedent(GRAPH) + "x = np.ones((n, 4))\nsess = tf.Session()\n" + body)
    assert [d.code for d in lint_paths([tmp_path]) if d.severity != "info"] == []
