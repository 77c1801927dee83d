"""Arms of an ``if`` ruled out by the literals a call gives a function's parameters."""

from __future__ import annotations

import libcst as cst
import pytest

from gnnlint.analysis import arms


@pytest.mark.parametrize("test, literals, expected", [
    ("norm", {"norm": False}, False),
    ("not norm", {"norm": False}, True),
    ("add == False", {"add": False}, True),
    ("kind == 'sym'", {"kind": "rw"}, False),
    ("kind in ('sym', 'rw')", {"kind": "rw"}, True),
    ("kind not in ['sym']", {"kind": "sym"}, False),
    ("loops is None", {"loops": None}, True),
    ("loops is not None", {"loops": None}, False),
    ("k > 1", {"k": 2.0}, True),
    ("norm and other", {"norm": False}, False),   # decided by the one side known
    ("norm or other", {"norm": True}, True),
    ("norm and other", {"norm": True}, None),     # the other side decides: not known
    ("other", {"norm": True}, None),
    ("self.norm", {"norm": True}, None),          # an attribute is not the parameter
    ("k is 1", {"k": 1.0}, None),                 # identity of numbers is not what code means
    ("k < None", {"k": 1.0}, None),               # Python would raise
])
def test_a_test_is_decided_only_by_the_literals_it_reads(test: str, literals: dict[str, object],
                                                         expected: bool | None) -> None:
    assert arms.decide(cst.parse_expression(test), literals) is expected


@pytest.mark.parametrize("source, expected", [
    ("True", True), ("None", None), ("'sym'", "sym"), ("-0.5", -0.5), ("2", 2.0),
])
def test_literals_are_the_values_python_gives_them(source: str, expected: object) -> None:
    assert arms.literal(cst.parse_expression(source)) == expected


@pytest.mark.parametrize("source", ["x", "f()", "[1, 2]", "args.norm"])
def test_what_is_not_a_literal_decides_nothing(source: str) -> None:
    assert arms.literal(cst.parse_expression(source)) is arms.UNDECIDED


def _if(source: str) -> cst.If:
    statement = cst.parse_module(source).body[0]
    assert isinstance(statement, cst.If)
    return statement


@pytest.mark.parametrize("source, body, orelse", [
    ("if a:\n    return x\nelse:\n    return y\n", True, True),
    ("if a:\n    x = 1\nelse:\n    raise ValueError\n", False, True),
    ("if a: return x\n", True, False),
    ("if a:\n    return x\nelif b:\n    return y\n", True, False),          # no final else: may fall through
    ("if a:\n    return x\nelif b:\n    return y\nelse:\n    return z\n", True, True),
    ("if a:\n    for i in r:\n        return i\n", False, False),         # a loop may run no pass
])
def test_an_arm_always_exits_only_where_every_path_returns_or_raises(source: str, body: bool, orelse: bool) -> None:
    node = _if(source)
    assert (arms.always_exits(node.body), arms.always_exits(node.orelse)) == (body, orelse)


def _record(test: str, start: int, body_end: int, end: int, top_level: bool = True,
            body_exits: bool = False, orelse_exits: bool = False) -> arms.IfArms:
    return arms.IfArms(cst.parse_expression(test), start, body_end, end, top_level, body_exits, orelse_exits)


def test_the_arm_ruled_out_is_dead_and_the_other_runs() -> None:
    record = _record("norm", 3, 5, 8)
    assert arms.dead_spans([record], {"norm": True}) == [(6, 8)]
    assert arms.dead_spans([record], {"norm": False}) == [(4, 5)]
    assert arms.dead_spans([record], {}) == []


def test_a_top_level_arm_that_returns_ends_the_function_for_the_calls_that_take_it() -> None:
    record = _record("norm", 3, 4, 4, body_exits=True)
    spans = arms.dead_spans([record], {"norm": True})
    assert arms.is_dead(9, spans) and not arms.is_dead(4, spans)
    nested = _record("norm", 3, 4, 4, top_level=False, body_exits=True)
    assert arms.dead_spans([nested], {"norm": True}) == []   # inside a loop or another if: what follows may run
