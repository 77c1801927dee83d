"""What a call of a small project helper computes, written in the caller's terms.

``def row_norm(x): return x.norm(dim=1, keepdim=True)`` and then ``x / row_norm(x)``: the
numerics rules judge the denominator by what it computes, so :func:`returned_expression` gives
``x.norm(dim=1, keepdim=True)`` with the helper's parameter replaced by the caller's argument node.
The rules then read it exactly as if it had been written inline: names in it are the caller's, a
guard in the helper (``.clamp(min=eps)``, ``+ eps``) is part of it, and library names are
respelled the way the caller's module imports them.

Only straight-line helpers are inlined: a body of plain ``name = expression`` assignments and one
``return expression``. Anything the caller's scope could not read the same way (a name of the
helper's module that is not an import or a function of the caller's own module, a lambda, a
comprehension, ``*args``) leaves the call as it is: nothing is concluded from an unknown.

The module's :class:`GraphFacts` (which finds the function a call runs, in any project module)
is registered by the rules that use it: :func:`register`.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

import libcst as cst

from gnnlint.analysis.scopes import Facts, argument, dotted_name

if TYPE_CHECKING:
    from gnnlint.analysis.graph import GraphFacts, Scope

# Both sides weak: a graph holds its facts, so a strong value would keep every linted file's facts
# and graph (its whole syntax tree) alive for the rest of the run.
_GRAPHS: weakref.WeakKeyDictionary[Facts, weakref.ReferenceType[GraphFacts]] = weakref.WeakKeyDictionary()


def register(graph: GraphFacts) -> None:
    """Let :func:`returned_expression` find the project functions called in ``graph``'s module."""
    _GRAPHS[graph.facts] = weakref.ref(graph)


def returned_expression(facts: Facts, call: cst.BaseExpression, element: int | None = None
                        ) -> cst.BaseExpression | None:
    """The expression a call of a straight-line project function returns, with its parameters
    bound to the call's arguments; with ``element``, that element of the tuple it returns
    (``s, n = stats(x)``); None for anything else."""
    if isinstance(call, cst.Call) and element is None:
        lam = _lambda_called(facts, call)
        if lam is not None:
            return _lambda_value(facts, lam, call)
    ref = _GRAPHS.get(facts)
    graph = None if ref is None else ref()
    if graph is None or not isinstance(call, cst.Call):
        return None
    scope, _ = graph.here()
    function = graph.function_for(call, scope)
    if function is None or not isinstance(function.node, cst.FunctionDef) or function.graph is None:
        return None
    # ``self.method(x)`` inlined is read with the caller's ``self``: only a method of the caller's
    # own class, called on the instance the caller runs on (its first parameter).
    own_method = function.graph is graph and facts.current_class is not None \
        and function.name.startswith(f"{facts.current_class}.") and isinstance(call.func, cst.Attribute) \
        and scope.params[:1] == [dotted_name(call.func.value)]
    names = _bound_parameters(function, call, own_method)
    if names is None:
        return None
    body = _straight_line(function.node, element)
    if body is None:
        return None
    helper_facts = function.graph.facts
    same_module = function.graph is graph
    for target, value in body:
        substituted = _substitute(value, names, helper_facts, facts, same_module)
        if substituted is None:
            return None
        names[target] = substituted
    return names.get(None)


def _lambda_called(facts: Facts, call: cst.Call) -> cst.Lambda | None:
    """The lambda a local name called here is bound to, once (``f = lambda x: torch.exp(x / t)``
    then ``f(s)``): its body reads the names of the scope that calls it."""
    if not isinstance(call.func, cst.Name):
        return None
    bindings = facts.bindings(call.func.value)
    if len(bindings) != 1 or bindings[0].kind != "assign" or not isinstance(bindings[0].value, cst.Lambda):
        return None
    return bindings[0].value


def _lambda_value(facts: Facts, lam: cst.Lambda, call: cst.Call) -> cst.BaseExpression | None:
    """The lambda's body with its parameters replaced by the arguments of ``call`` (plain
    parameters only, each passed)."""
    params = lam.params
    if params.posonly_params or params.kwonly_params or params.star_kwarg is not None \
            or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or any(a.star for a in call.args):
        return None
    names: dict[str | None, cst.BaseExpression] = {}
    for position, param in enumerate(params.params):
        value = argument(call, position, param.name.value)
        if value is None:
            return None
        names[param.name.value] = value
    return _substitute(lam.body, names, facts, facts, True, same_scope=True)


def _bound_parameters(function: Scope, call: cst.Call, own_method: bool) -> dict[str | None, cst.BaseExpression] | None:
    """Parameter name -> the argument passed at ``call`` (or a constant default); ``self`` of a
    method called through an attribute -> the receiver. None if a parameter cannot be bound."""
    node = function.node
    assert isinstance(node, cst.FunctionDef)
    if node.params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or node.params.star_kwarg is not None \
            or any(a.star for a in call.args):
        return None
    params = list(node.params.posonly_params) + list(node.params.params) + list(node.params.kwonly_params)
    passed = function.call_params(call)
    bound: dict[str | None, cst.BaseExpression] = {}
    implicit = [p.name.value for p in params if p.name.value not in passed]
    if implicit:
        if not own_method or implicit != [params[0].name.value] or not isinstance(call.func, cst.Attribute):
            return None
        bound[implicit[0]] = call.func.value  # ``self`` of ``obj.method(...)``
    for position, param in enumerate(params[len(implicit):]):
        name = param.name.value
        keyword_only = any(param is k for k in node.params.kwonly_params)
        value = argument(call, None if keyword_only else position, name)
        if value is None and param.default is not None and isinstance(param.default, (cst.Integer, cst.Float, cst.Name)) \
                and (not isinstance(param.default, cst.Name) or param.default.value in ("None", "True", "False")):
            value = param.default
        if value is None:
            return None
        bound[name] = value
    return bound


def _straight_line(function: cst.FunctionDef, element: int | None = None
                   ) -> list[tuple[str | None, cst.BaseExpression]] | None:
    """(name, value) for each ``name = value`` and (None, value) for the final ``return value``,
    when the body is only those (and a docstring). With ``element``, the return must be a tuple
    (no starred part) and its value is that element."""
    if not isinstance(function.body, cst.IndentedBlock) or function.asynchronous or function.decorators:
        return None
    steps: list[tuple[str | None, cst.BaseExpression]] = []
    statements = list(function.body.body)
    for index, statement in enumerate(statements):
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return None
        small = statement.body[0]
        last = index == len(statements) - 1
        if isinstance(small, cst.Expr) and index == 0 and isinstance(small.value, cst.SimpleString) and not last:
            continue
        if isinstance(small, cst.Return) and last and small.value is not None and element is not None:
            returned = small.value
            if not isinstance(returned, cst.Tuple) or element >= len(returned.elements) \
                    or any(isinstance(e, cst.StarredElement) for e in returned.elements):
                return None
            steps.append((None, returned.elements[element].value))
        elif isinstance(small, cst.Return) and last and small.value is not None \
                and not isinstance(small.value, (cst.Tuple, cst.List, cst.Dict)):
            steps.append((None, small.value))
        elif isinstance(small, cst.Assign) and not last and len(small.targets) == 1 \
                and isinstance(small.targets[0].target, cst.Name):
            steps.append((small.targets[0].target.value, small.value))
        else:
            return None
    return steps


def _substitute(value: cst.BaseExpression, names: dict[str | None, cst.BaseExpression], helper: Facts,
                caller: Facts, same_module: bool, same_scope: bool = False) -> cst.BaseExpression | None:
    from gnnlint.analysis._rewrites import Substitution  # a libcst class: imported on first use

    substitution = Substitution(names, helper, caller, same_module, same_scope)
    result = value.visit(substitution)
    if substitution.failed or not isinstance(result, cst.BaseExpression):
        return None
    return result
