"""Round trips through files: the path patterns that pair a load with the save that wrote it."""

from __future__ import annotations

import libcst as cst
import pytest

from gnnlint.analysis import saved

_JOIN = {"os.path.join", "open"}


def _pattern(source: str, held: dict[str, str] | None = None) -> str:
    """The pattern of the path expression ``source``; ``held`` gives what names hold."""
    def follow(name: cst.Name, _read: cst.CSTNode) -> cst.BaseExpression | None:
        return cst.parse_expression(held[name.value]) if held and name.value in held else None

    def name_of(call: cst.Call) -> str | None:
        spelled = cst.Module([]).code_for_node(call.func)
        return spelled if spelled in _JOIN else None

    return saved.pattern(cst.parse_expression(source), follow, name_of)


@pytest.mark.parametrize("source, expected", [
    ("'./' + name + '/adj/' + str(i) + '.npy'", "./*/adj/*.npy"),
    ("os.path.join(out_dir, 'his.npz')", "*/his.npz"),
    ("f'{root}/graphs/adj_{name}.npz'", "*/graphs/adj_*.npz"),
    ("'cache/{}_{}.pkl'.format(dataset, k)", "cache/*_*.pkl"),
    ("'adj_%s.npy' % dataset", "adj_*.npy"),
    ("folder / 'adj.npz'", "*/adj.npz"),
    ("open(path, 'rb')", "data/adj.pkl"),
    ("handle", "data/adj.pkl"),
])
def test_a_path_pattern_keeps_its_literals_and_stars_what_is_computed(source: str, expected: str) -> None:
    held = {"path": "'data/adj.pkl'", "handle": "open(path, 'wb')"}
    assert _pattern(source, held) == expected


@pytest.mark.parametrize("loaded, written, suffix, same", [
    ("./database/*/adj/*.npy", "./*/adj/*.npy", ".npy", True),   # a computed name in the same literal folder
    ("*/*/his.npz", "*/his.npz", "", True),                       # one file name, different folders above
    ("*/idx_*.npy", "*/idx_train", ".npy", True),                 # np.save appends .npy
    ("*/adj/*.npy", "*/features/*.npy", ".npy", False),           # same computed name, other folder
    ("*.npy", "*.npy", ".npy", False),                            # nothing literal to pair them by
    ("data/adj.pkl", "data/feat.pkl", "", False),
])
def test_a_load_pairs_with_a_save_that_names_the_same_file(loaded: str, written: str, suffix: str, same: bool) -> None:
    assert saved.same_file(loaded, written, suffix) is same


def test_the_text_search_looks_for_the_longest_literal_of_the_file_name() -> None:
    assert saved.needle("./database/*/adj/*.npy") == "adj"
    assert saved.needle("*/graph_adj_*.npz") == "graph_adj_"
    assert saved.needle("*.npy") is None
