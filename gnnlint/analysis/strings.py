"""Whether an ``if`` test over strings the analysis knows holds: which arm of
``if act == "relu": ... elif act in ("tanh", "sigmoid"): ...`` runs when ``act`` is known (a
literal, a parameter's default, a parsed option's default). One evaluator for the model index
(:mod:`gnnlint.analysis.models`) and the training scan (:mod:`gnnlint.analysis.training`), each
saying through ``known`` which expressions hold which string."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst

def test_holds(test: cst.BaseExpression, known: Callable[[cst.BaseExpression], str | None]) -> bool | None:
    """True/False when ``test`` compares known strings (``==``, ``!=``, ``in``/``not in`` a literal
    collection, ``is None``, a string's truth, ``callable(s)``), joined by ``and``/``or``/``not``;
    None when it reads anything else."""
    if isinstance(test, cst.BooleanOperation):
        left, right = test_holds(test.left, known), test_holds(test.right, known)
        if isinstance(test.operator, cst.Or):
            return True if left or right else (None if left is None or right is None else False)
        return False if left is False or right is False else (None if left is None or right is None else True)
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = test_holds(test.expression, known)
        return None if inner is None else not inner
    if isinstance(test, cst.Name):
        held = known(test)
        return None if held is None else bool(held)
    if isinstance(test, cst.Call) and isinstance(test.func, cst.Name) and test.func.value == "callable" \
            and len(test.args) == 1 and known(test.args[0].value) is not None:
        return False  # a string is not a callable passed in place of a name
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return None
    target, spelled = test.comparisons[0], known(test.left)
    if spelled is None:
        return None
    if isinstance(target.operator, (cst.Is, cst.IsNot)) and isinstance(target.comparator, cst.Name) \
            and target.comparator.value == "None":
        return isinstance(target.operator, cst.IsNot)
    if isinstance(target.operator, (cst.Equal, cst.NotEqual)):
        other = known(target.comparator)
        return None if other is None else (spelled == other) == isinstance(target.operator, cst.Equal)
    if isinstance(target.operator, (cst.In, cst.NotIn)) and isinstance(target.comparator, (cst.List, cst.Tuple, cst.Set)):
        options = [known(e.value) for e in target.comparator.elements]
        return None if None in options else (spelled in options) == isinstance(target.operator, cst.In)
    return None


def arm_taken(statement: cst.If, known: Callable[[cst.BaseExpression], str | None]
              ) -> Sequence[cst.BaseStatement] | None:
    """The statements of the arm of an ``if``/``elif``/``else`` chain that the known strings choose
    (none when no arm runs); None when a test is undecided or the chosen arm is a one-line body."""
    branch: cst.If | cst.Else | None = statement
    while isinstance(branch, cst.If):
        taken = test_holds(branch.test, known)
        if taken is None:
            return None
        if taken:
            break
        branch = branch.orelse
    if branch is None:
        return ()
    return list(branch.body.body) if isinstance(branch.body, cst.IndentedBlock) else None
