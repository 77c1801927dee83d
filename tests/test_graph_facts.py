"""The graph dataflow layer: what a name holds (adjacency, degree, inverse) and how it was made safe."""

from __future__ import annotations

import textwrap

import libcst as cst

from gnnlint.analysis.graph import GraphFacts
from gnnlint.analysis.scopes import dotted_name
from gnnlint.rule import Rule
from gnnlint.rules import builtin_rules
from gnnlint.testing import lint_with

RULES = builtin_rules()


class _Capture(Rule):
    """A rule that needs the graph record and keeps it: the engine builds and feeds it."""

    code = "TST001"
    name = "capture-graph-facts"
    message = "-"
    requires = (GraphFacts,)
    captured: list[GraphFacts] = []

    def finish(self) -> None:
        _Capture.captured.append(GraphFacts.of(self.context))


def facts(source: str) -> GraphFacts:
    _Capture.captured.clear()
    lint_with(textwrap.dedent(source), [_Capture])
    return _Capture.captured[-1]


def test_names_are_followed_through_assignments_and_unpacking():
    graph = facts("""
        import networkx as nx
        G = nx.karate_club_graph()
        adj = nx.to_numpy_array(G)
        A2 = adj
        first, second = A2, 3
        """)
    for name in ("adj", "A2", "first"):
        val = graph.value_of(name)
        assert val.is_raw_adjacency, name
        assert val.dense is not None
    assert graph.line(graph.value_of("first").origin) == 4


def test_statements_sharing_a_line_follow_one_another():
    # `a = f(x); b = g(a)` runs in order: the second statement reads the first's store.
    graph = facts("""
        import numpy as np
        import networkx as nx
        adj = nx.to_numpy_array(nx.path_graph(4)); d = np.power(adj.sum(1), -0.5)
        loops = adj + np.eye(4); copy = loops
        """)
    assert graph.value_of("d").is_inverse and not graph.value_of("d").guard
    assert graph.value_of("copy").self_loops


def test_augmented_assignment_adds_self_loops():
    graph = facts("""
        import numpy as np
        import scipy.sparse as sp
        A = sp.coo_matrix((w, (row, col)))
        A += sp.eye(5)
        """)
    val = graph.value_of("A")
    assert val.is_raw_adjacency and val.self_loops


def test_subscript_and_in_place_stores_are_guards_or_self_loops():
    graph = facts("""
        import numpy as np
        import networkx as nx
        adj = nx.to_numpy_array(nx.path_graph(4))
        d = np.power(adj.sum(1), -0.5)
        d[np.isinf(d)] = 0.0
        raw = np.power(adj.sum(1), -0.5)
        adj[np.diag_indices_from(adj)] = 1
        """)
    assert graph.value_of("d").is_inverse and graph.value_of("d").guard
    assert graph.value_of("raw").is_inverse and not graph.value_of("raw").guard
    assert graph.value_of("adj").self_loops


def test_helpers_defined_after_their_caller_are_followed():
    graph = facts("""
        import networkx as nx
        adj = nx.adjacency_matrix(nx.karate_club_graph())
        good = normalize(adj)
        bad = passthrough(adj)

        def normalize(a):
            deg = a.sum(axis=1)
            return a / deg

        def passthrough(a):
            return a.tocsr()
        """)
    assert graph.value_of("good").normalized == "row"
    assert graph.value_of("bad").is_raw_adjacency


def test_tuple_returns_and_self_attributes():
    graph = facts("""
        import networkx as nx
        def load():
            G = nx.karate_club_graph()
            return nx.adjacency_matrix(G), None

        class Model:
            def __init__(self):
                self.adj, self.x = load()

            def forward(self):
                h = self.adj
        """)
    assert graph.value_of("h", "Model.forward").is_raw_adjacency


def test_a_comprehension_variable_is_each_element_within_its_statement_only():
    graph = facts("""
        import networkx as nx
        def norm(a):
            return a
        adjs = [nx.adjacency_matrix(nx.karate_club_graph())]
        a = None
        normed = [norm(a) for a in adjs]
        after = a
        """)
    (call, caller, at), = graph.callers(graph.functions["norm"])
    assert graph.bind(graph.functions["norm"], call, caller, at, None)["a"].is_raw_adjacency
    assert graph.value_of("after").kind == "other"  # the comprehension's `a` does not leak out


def test_unknown_calls_hide_what_they_return():
    graph = facts("""
        import networkx as nx
        from mylib import preprocess
        adj = preprocess(nx.adjacency_matrix(nx.karate_club_graph()))
        """)
    assert graph.value_of("adj").kind == "other"


def test_degrees_and_their_guards():
    graph = facts("""
        import torch
        from torch_geometric.utils import degree, add_remaining_self_loops
        def f(graph, edge_index, n):
            degs = graph.out_degrees().float().clamp(min=1)
            plain = graph.in_degrees()
            eps = degree(edge_index[0], n) + 1e-9
            big = degree(edge_index[0], n) + 1e-6
            edge_index, _ = add_remaining_self_loops(edge_index, num_nodes=n)
            looped = degree(edge_index[0], n)
        """)
    assert graph.value_of("degs", "f").guard
    plain = graph.value_of("plain", "f")
    assert plain.is_degree and not plain.guard
    eps = graph.value_of("eps", "f")
    assert eps.eps is not None and eps.eps[0] == 1e-9 and not eps.guard
    assert graph.value_of("big", "f").guard == "epsilon 1e-06"
    assert graph.value_of("looped", "f").guard.startswith("self-loops")


def test_degree_matrices_and_their_inverses():
    graph = facts("""
        import numpy as np
        import networkx as nx
        adj = nx.to_numpy_array(nx.karate_club_graph())
        D = np.diag(adj.sum(axis=1))
        D_inv = np.linalg.inv(D)
        norm = D_inv @ adj
        times = D @ adj
        """)
    assert graph.value_of("D").diagonal and graph.value_of("D").power == 1
    assert graph.value_of("D_inv").power == -1
    assert graph.value_of("norm").normalized == "row"
    assert graph.value_of("times").times_degree is not None


def test_spektral_datasets_and_preprocessing():
    graph = facts("""
        from spektral.datasets import Citation
        from spektral.layers import GCNConv
        from spektral.transforms import LayerPreprocess
        from spektral.utils import gcn_filter
        raw = Citation("cora")[0].a
        pre = Citation("cora", transforms=[LayerPreprocess(GCNConv)])[0].a
        filtered = gcn_filter(raw)
        """)
    assert graph.value_of("raw").is_raw_adjacency
    assert graph.value_of("pre").normalized
    filtered = graph.value_of("filtered")
    assert filtered.normalized == "gcn_filter" and filtered.self_loops


def test_square_matrices_become_adjacencies_by_provenance_not_by_name():
    """RULES.md: a value's role follows from how it was built and used, never from its name."""
    graph = facts("""
        import numpy as np
        adj = np.random.rand(50, 50)
        m = np.zeros((50, 50))
        m[src, dst] = 1.0
        eye_filled = np.zeros((50, 50))
        eye_filled[idx, idx] = 1.0
        """)
    assert graph.value_of("adj").kind == "square"  # a random matrix is no graph until it is used as one
    assert graph.value_of("m").is_raw_adjacency  # filled in at (source, target) pairs
    assert graph.value_of("eye_filled").kind == "square"  # a diagonal fill is no edge list


def test_a_square_matrix_multiplied_into_features_from_the_left_is_propagation():
    source = """
        import numpy as np
        m = np.random.rand(50, 50)
        feats = np.random.rand(50, 8)
        out = m @ feats
        paths = m @ m
        """
    found = {(d.line, d.code) for d in lint_with(textwrap.dedent(source), RULES)}
    assert (5, "GNN101") in found and (6, "GNN101") not in found


def test_the_diagonal_of_an_unnormalised_laplacian_is_the_degree():
    graph = facts("""
        import networkx as nx
        import numpy as np
        from torch_geometric.utils import get_laplacian, to_scipy_sparse_matrix
        g = nx.path_graph(4)
        adj = nx.to_numpy_array(g)
        by_hand = np.diag(adj.sum(1)) - adj
        on_diagonal = np.diag(by_hand)
        listed = to_scipy_sparse_matrix(*get_laplacian(edges, normalization=None))
        from_edges = listed.diagonal()
        symmetric = to_scipy_sparse_matrix(*get_laplacian(edges, normalization="sym"))
        not_degrees = symmetric.diagonal()
        """)
    for name in ("on_diagonal", "from_edges"):
        val = graph.value_of(name)
        assert val.is_degree and val.power == 1 and not val.guard, name
    assert not graph.value_of("not_degrees").is_degree


def test_a_zeros_batch_given_inverse_degrees_slice_by_slice_holds_them():
    graph = facts("""
        import torch
        def prep(a):
            d = torch.sum(a, dim=2)
            m = torch.zeros(a.size(0), a.size(1), a.size(2))
            for i in range(m.size(0)):
                m[i, :, :] = torch.diag(torch.pow(d[i, :], -0.5))
            return torch.matmul(torch.matmul(m, a), m)
        """)
    val = graph.value_of("m", "prep")
    assert val.is_inverse and val.diagonal


def _entries(pick: str, table: str | None = None) -> list[str]:
    """The entries :func:`table_entries` reads for ``pick``, with ``T`` holding ``table``."""
    import libcst as cst

    from gnnlint.analysis.tables import table_entries
    held = cst.parse_expression(table) if table is not None else None
    return [cst.Module([]).code_for_node(e) for e in
            table_entries(cst.parse_expression(pick), lambda name: held if name.value == "T" else None)]


def test_a_literal_key_of_any_kind_picks_one_entry_of_a_table():
    assert _entries('{"gcn": GCN, "gin": GIN}["gin"]') == ["GIN"]
    assert _entries("{0: GCN, 1: GIN}[1]") == ["GIN"]
    assert _entries("{0: GCN, 1: GIN}[1.0]") == ["GIN"]  # 1 == 1.0: one entry, as Python finds it
    assert _entries("T[1]", "{0: GCN, 1: GIN}") == ["GIN"]
    assert _entries("{0: GCN, 1: GIN}[k]") == ["GCN", "GIN"]  # an option: any entry
    assert _entries('{KEY: GCN, "b": GIN}["b"]') == ["GCN", "GIN"]  # KEY may equal "b"


def test_an_index_out_of_range_picks_nothing_and_get_may_give_its_default():
    assert _entries("[GCN, GIN][2]") == []  # an IndexError: no class runs
    assert _entries("[GCN, GIN][-2]") == ["GCN"]
    assert _entries("[GCN, GIN][-3]") == []
    assert _entries('{"gcn": GCN}.get(name, GIN)') == ["GCN", "GIN"]  # the default when name is missing
    assert _entries('{"gcn": GCN}.get("gcn", GIN)') == ["GCN"]
    assert _entries('{"gcn": GCN}.get("sage", GIN)') == ["GIN"]
    assert _entries('{"gcn": GCN}.get(name, None)') == ["GCN"]
    assert _entries('{"gcn": GCN}.get(name, make())') == []  # not a class: the table is not one of classes


def _arm_classes(source: str) -> list[str]:
    graph = facts(source)
    call = next(site.node for site in graph.module_scope.sites
                if isinstance(site.node, cst.Call) and dotted_name(site.node.func) == "model")
    at = next(site.order for site in graph.module_scope.sites if site.node is call)
    return [name for _path, name in graph._arm_instances(call.func, graph.module_scope, at)]


_CHAIN = """
import sys
import torch
class GCN(torch.nn.Module): pass
class GIN(torch.nn.Module): pass
if sys.argv[1] == "gcn":
    model = GCN()
elif sys.argv[1] == "lin":
    model = {second}
else:
    model = GIN()
{after}
out = model(x)
"""


def test_each_arm_of_an_if_elif_chain_builds_one_of_the_classes_a_name_may_hold():
    assert _arm_classes(_CHAIN.format(second="GCN()", after="")) == ["GCN", "GIN"]


def test_arm_instances_refuse_a_library_class_a_non_assignment_or_a_store_outside_the_chain():
    assert _arm_classes(_CHAIN.format(second="torch.nn.Linear(4, 4)", after="")) == []  # not only ours runs
    assert _arm_classes(_CHAIN.format(second="GCN()\n    model += 1", after="")) == []  # changed in its arm
    assert _arm_classes(_CHAIN.format(second="GCN()", after="model = GCN()")) == []  # one value after
    augmented = _CHAIN.replace("    model = GCN()\n", "    model += GCN()\n", 1).format(second="GCN()", after="")
    assert _arm_classes(augmented) == []  # an arm that changes the value rather than stores one


def test_arm_path_caches_agree_with_the_arms_as_they_are_recorded():
    # An elif chain nests each arm in the one before: `apart` from paths, not a scan of every arm.
    arms = "\n".join(f"elif k == {i}:\n    model = GCN()" for i in range(1, 60))
    graph = facts(f"import torch\nclass GCN(torch.nn.Module): pass\nif k == 0:\n    model = GCN()\n{arms}\n"
                  "else:\n    model = GCN()\nout = model(x)\n")
    stores = graph.module_scope.stores["model"]
    assert all(graph.apart(a.order, b.order) for a in stores for b in stores if a is not b)
    assert not any(graph.apart(s.order, graph._order) for s in stores)
