"""GNN301 max-scaling: features divided by their global maximum."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from gnnlint.cst_walk import descendants
from gnnlint.analysis.scopes import argument, dotted_name, names_in, number
from gnnlint.rules._division import DivisionRule
from gnnlint.analysis.graph import GraphFacts, Scope
from gnnlint.analysis.numerics import shape_free, trace, uncast
from gnnlint.analysis.passed import passed_arguments
from gnnlint.analysis.branches import ZeroExits
from gnnlint.analysis.scopes import Facts

# Reductions over the whole tensor when called with the tensor alone (no axis/dim).
_GLOBAL_MAX = {"numpy.max", "numpy.amax", "numpy.nanmax", "torch.max", "torch.amax",
               "tensorflow.reduce_max", "tensorflow.math.reduce_max", "keras.ops.max"}
_ARRAYS = {"numpy", "torch", "tensorflow", "keras", "jax"}
# Methods that iterate over the rows (or values) of a table or array: `for _, row in df.iterrows()`.
_ROWS = frozenset({"iterrows", "itertuples", "iteritems", "items", "values", "tolist", "to_numpy"})
_ABS = {"numpy.abs", "numpy.absolute", "numpy.fabs", "torch.abs", "tensorflow.abs", "tensorflow.math.abs"}


class MaxScaling(ZeroExits, DivisionRule):
    code = "GNN301"
    name = "max-scaling"
    severity = "warning"
    message = "features divided by their global maximum"
    fix_title = "standardize per feature ((x - mean) / (std + eps), StandardScaler) or min-max with an epsilon"
    triggers = ("max",)
    requires = (GraphFacts,)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Divisions whose operands come from another function: judged once every caller is known.
        self.pending: list[tuple[cst.CSTNode, cst.BaseExpression, cst.BaseExpression, Scope, int]] = []

    def check_division(self, node: cst.CSTNode, numerator: cst.BaseExpression,
                       denominator: cst.BaseExpression) -> None:
        if self.zero_excluded(uncast(self.facts, denominator)):
            return  # `if sup == 0: return x` before `x / sup`: the guard an epsilon would give
        # What the divisor holds here: its latest store (`d = d.clamp_min(eps)` replaces the maximum
        # an earlier branch stored), looking through reshapes and casts.
        for candidate in trace(self.facts, denominator):
            base = self._global_max_of(candidate)
            if base is not None and self._same_value(base, numerator):
                which = "global maximum" if self._is_global(candidate) else "maximum along an axis"
                self.report(node, f"`{self.source(node)}` scales `{self.source(base)}` by its {which}: one "
                                  "outlier squashes every other value towards 0, and an all-zero input divides by zero")
                return
            if base is not None and number(numerator) == 1.0:  # 1 / max(x): the factor that scales x to [0, 1]
                self.report(node, f"`{self.source(node)}` is the reciprocal of the maximum of `{self.source(base)}`, "
                                  "a max-scaling factor with no epsilon: an all-zero row or input gives inf, and one "
                                  "outlier squashes every other value towards 0")
                return
        if self.zeros_replaced(denominator):
            return
        data = self._range_of(denominator)
        if data is not None and self._shifted_by_minimum(numerator, data):
            self._report_range(node, data)
        elif data is None and isinstance(denominator, (cst.BinaryOperation, cst.Name, cst.Attribute)) \
                and not any(isinstance(c, cst.Subscript) and self._positive_selection(c)
                            for c in trace(self.facts, denominator, depth=3)):
            self.pending.append((node, numerator, denominator, *GraphFacts.of(self.context).here()))

    def _report_range(self, node: cst.CSTNode, data: str) -> None:
        self.report(node, f"`{self.source(node)}` min-max scales by the range of `{data}` with no epsilon: a "
                          "constant input (or feature) has range 0 and gives 0 / 0 = NaN, and one outlier "
                          "squashes every other value")

    def finish(self) -> None:
        """Min-max scaling whose extremes reach the division through other functions: a helper's
        parameters (``normalize(max_d, min_d, x)`` called with a helper's returned pair), or
        attributes a constructor stored from its arguments (``Scaler(x.min(), x.max())``)."""
        for node, numerator, denominator, scope, at in self.pending:
            data = self._range_of(denominator, (scope, at))
            if data is not None and self._shifted_by_minimum(numerator, data, (scope, at)):
                self._report_range(node, data)

    # -- values followed through the stores of the graph layer --------------------------------------

    def _origins(self, expr: cst.BaseExpression, scope: Scope, at: int) -> Iterator[tuple[cst.BaseExpression, Facts]]:
        """``expr`` and what it may hold (see :meth:`_places`), with the facts of its module."""
        for value, place, _at in self._places(expr, scope, at):
            assert place.graph is not None  # _places yields only scopes of a module's record
            yield value, place.graph.facts

    def _places(self, expr: cst.BaseExpression, scope: Scope, at: int,
                hops: int = 0) -> Iterator[tuple[cst.BaseExpression, Scope, int]]:
        """``expr`` and what it may hold, with the facts of the module it is written in: through
        assignments, a helper's returned tuple (``r[0]`` with ``r = helper(x)``), a parameter (what each
        caller passes) and an attribute stored in another method."""
        graph = scope.graph
        if graph is None:
            return
        yield expr, scope, at
        if hops > 8:
            return
        if isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index):
            index = number(expr.slice[0].slice.value)
            if index is not None and index >= 0 and index == int(index):
                yield from self._element(expr.value, int(index), scope, at, hops + 1)
                return
        inner = shape_free(graph.facts, expr)
        if inner is not None:
            yield from self._places(inner, scope, at, hops + 1)
            return
        name = dotted_name(expr)
        if name is None or graph.facts.qualified_name(expr) is not None:
            return
        store, home = graph.lookup(name, scope, at)
        if store is None or home is None:
            return
        if home.kind == "class":
            # An attribute may hold what any method stored; `self.m = torch.from_numpy(self.m)`
            # converts what it held and adds nothing.
            for stored in home.stores.get(name, []):
                if stored.kind == "assign" and stored.value is not None and name not in names_in(stored.value):
                    yield from self._places(stored.value, stored.where or home, stored.order, hops + 1)
            return
        where = store.where or home
        if store.kind == "assign" and store.value is not None:
            yield from self._places(store.value, where, store.order, hops + 1)
        elif store.kind == "unpack" and store.value is not None and store.index is not None:
            yield from self._element(store.value, store.index, where, store.order, hops + 1)
        elif store.kind == "param" and home.kind == "function":
            for passed, caller, order in passed_arguments(home, name):
                yield from self._places(passed, caller, order, hops + 1)

    def _element(self, expr: cst.BaseExpression, index: int, scope: Scope, at: int,
                 hops: int) -> Iterator[tuple[cst.BaseExpression, Scope, int]]:
        """What element ``index`` of ``expr`` may hold: of a tuple, of what a project function returns."""
        for value, place, order in self._places(expr, scope, at, hops):
            graph = place.graph
            if isinstance(value, (cst.Tuple, cst.List)) and index < len(value.elements):
                yield from self._places(value.elements[index].value, place, order, hops + 1)
            elif isinstance(value, cst.Call) and graph is not None:
                function = graph.function_for(value, place, order)
                if function is None:
                    continue
                for returned, after in function.returns:
                    if isinstance(returned, (cst.Tuple, cst.List)) and index < len(returned.elements):
                        yield from self._places(returned.elements[index].value, function, after + 1, hops + 1)

    # -- min-max: (x - x.min()) / (x.max() - x.min()) ------------------------------------------------

    def _range_of(self, denominator: cst.BaseExpression, place: tuple[Scope, int] | None = None) -> str | None:
        """The data whose range ``max - min`` the denominator is (through names, reshapes), else None."""
        for candidate, _facts in self._traced(denominator, 3, place):
            if isinstance(candidate, cst.Subscript) and self._positive_selection(candidate):
                return None  # r[r > 0]: only the columns with a non-zero range are kept
            if isinstance(candidate, cst.BinaryOperation) and isinstance(candidate.operator, cst.Subtract):
                top, bottom = self._extreme(candidate.left, "max", place), self._extreme(candidate.right, "min", place)
                return top if top is not None and top == bottom else None
        return None

    def _positive_selection(self, subscript: cst.Subscript) -> bool:
        """An index that keeps only positive (non-zero) entries: ``[r > 0]``, ``[:, r.gt(0)]``, or a
        name holding such a mask."""
        for element in subscript.slice:
            index = element.slice
            if not isinstance(index, cst.Index):
                continue
            for value in self.facts.resolve(index.value):
                while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
                        and value.func.attr.value in ("nonzero", "squeeze", "flatten", "view", "reshape"):
                    value = value.func.value
                if isinstance(value, cst.Comparison) and len(value.comparisons) == 1 \
                        and isinstance(value.comparisons[0].operator, (cst.GreaterThan, cst.NotEqual)) \
                        and number(value.comparisons[0].comparator) == 0:
                    return True
                if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
                        and value.func.attr.value in ("gt", "ne") and number(argument(value, 0, "other")) == 0:
                    return True
        return False

    def _shifted_by_minimum(self, numerator: cst.BaseExpression, data: str,
                            place: tuple[Scope, int] | None = None) -> bool:
        """``(x - x_min) * 2`` or ``(y - x_min)``: the numerator subtracts the same minimum."""
        return any(isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Subtract)
                   and self._extreme(node.right, "min", place) == data for node in descendants(numerator))

    def _traced(self, expr: cst.BaseExpression, depth: int,
                place: tuple[Scope, int] | None) -> Iterator[tuple[cst.BaseExpression, Facts]]:
        """What ``expr`` may hold: in this function during the walk, or from ``place`` on through
        other functions once the file is walked."""
        if place is None:
            for candidate in trace(self.facts, expr, depth=depth):
                yield candidate, self.facts
        else:
            yield from self._origins(expr, *place)

    def _extreme(self, expr: cst.BaseExpression, kind: str, place: tuple[Scope, int] | None = None) -> str | None:
        """What ``expr`` is the maximum (``kind="max"``) or minimum of, as written (``x`` for
        ``x.max()``, ``x.max(0).max(0)``, ``np.max(x, axis=0)``, a name holding one, expanded)."""
        for candidate, facts in self._traced(expr, 4, place):
            reduced, found = candidate, False
            while isinstance(reduced, cst.Call):
                func = reduced.func
                if isinstance(func, cst.Attribute) and func.attr.value in (kind, "a" + kind, "nan" + kind) \
                        and facts.qualified_name(func) is None:
                    reduced, found = func.value, True
                elif (facts.call_name(reduced) or "").rsplit(".", 1)[-1] in (kind, "a" + kind, "nan" + kind, \
                                                                              "reduce_" + kind) \
                        and reduced.args and (facts.call_name(reduced) or "").split(".")[0] in _ARRAYS:
                    reduced, found = reduced.args[0].value, True
                else:
                    break
            if found:
                return self.context.module.code_for_node(reduced).replace(" ", "")
        return None

    def _same_value(self, base: cst.BaseExpression, numerator: cst.BaseExpression) -> bool:
        """Whether the numerator is (or contains) the value whose maximum divides it: ``X`` in
        ``(X - m) / X.max()``, or the same slice ``raw[:, :6] / np.max(raw[:, :6])``."""
        name = dotted_name(base)
        if name is not None and name in names_in(numerator):
            return True
        compact = "".join(self.source(base).split())
        if name is None and compact in "".join(self.source(numerator).split()):
            return True
        forms = self._forms(base)
        return any(isinstance(part, cst.Subscript) and self._forms(part) & forms for part in descendants(numerator))

    def _forms(self, expr: cst.BaseExpression) -> set[str]:
        """The data ``expr`` reads, spelled compactly in the ways the file writes it: ``d['age']`` for
        ``age`` after ``age = d['age'].values``, and for ``row['age']`` in ``for _, row in d.iterrows()``
        (an element drawn from the table in a loop is part of it)."""
        forms = set()
        for value in self.facts.resolve(expr, depth=2):
            while isinstance(value, cst.Attribute) and value.attr.value in _ROWS:
                value = value.value
            while isinstance(value, cst.Call) and not value.args and isinstance(value.func, cst.Attribute) \
                    and value.func.attr.value in _ROWS:
                value = value.func.value
            forms.add(self._compact(value))
            if isinstance(value, cst.Subscript) and isinstance(value.value, cst.Name):
                table = self._iterated(value.value.value)
                if table is not None:
                    forms.add(self._compact(table) + self._compact(value)[len(value.value.value):])
        return forms

    def _iterated(self, name: str) -> cst.BaseExpression | None:
        """The table whose rows the loop variable ``name`` runs over (``df`` in ``for _, r in df.iterrows()``)."""
        bindings = self.facts.bindings(name)
        if not bindings or not isinstance(bindings[-1].node, (cst.For, cst.CompFor)) or bindings[-1].value is None:
            return None
        value = bindings[-1].value
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "enumerate" \
                and value.args and self.facts.qualified_name(value.func) is None:
            value = value.args[0].value  # for i, (_, row) in enumerate(df.iterrows())
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value in _ROWS:
            return value.func.value
        return value if bindings[-1].kind == "for" else None

    def _compact(self, expr: cst.CSTNode) -> str:
        return "".join(self.context.module.code_for_node(expr).split())

    def _global_max_of(self, expr: cst.BaseExpression, unwrapped: bool = False) -> cst.BaseExpression | None:
        """The expression whose maximum ``expr`` is, global or along an axis (RULES.md: "global or per
        feature"): ``x.max()``, ``np.max(x)``, ``x.abs().max()``, ``X.max(axis=0)``, ``x.amax(dim=0)``,
        ``tf.reduce_max(x, axis=0)``, and torch's ``x.max(dim=1).values`` / ``[0]``."""
        if isinstance(expr, cst.Attribute) and expr.attr.value == "values":
            expr = expr.value  # torch.max(x, dim) returns (values, indices)
        elif isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index) \
                and number(expr.slice[0].slice.value) == 0:
            expr = expr.value
        expr = uncast(self.facts, expr)
        if not isinstance(expr, cst.Call):
            if isinstance(expr, (cst.Name, cst.Attribute)) and not unwrapped:
                # `b_max = torch.max(b, dim=2)` ... `b / b_max.values`
                return next((found for value in trace(self.facts, expr) if value is not expr
                             for found in [self._global_max_of(value, unwrapped=True)] if found is not None), None)
            return None
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("max", "amax") \
                and all(arg.keyword is not None or _axes(arg.value) for arg in expr.args):
            if self.facts.qualified_name(func) is None:  # a method on a tensor, not np.max
                return self._of_maxima(func.value)
        name = self.facts.call_name(expr)
        if name in _GLOBAL_MAX and expr.args and expr.args[0].keyword is None \
                and all(arg.keyword is not None or _axes(arg.value) or name.startswith("numpy.")
                        for arg in expr.args[1:]):  # np.max(x, axis): NumPy's second argument is the axis
            return self._of_maxima(expr.args[0].value)
        return None

    def _of_maxima(self, base: cst.BaseExpression) -> cst.BaseExpression | None:
        """What a maximum reduces, under ``abs``; the maximum of maxima is the maximum of what they
        reduce: ``df.max().max()`` (a table's column maxima, then theirs), ``np.max(x.max(0))``."""
        if isinstance(base, cst.Call):
            inner = self._global_max_of(base, unwrapped=True)
            if inner is not None:
                return inner
        return self._strip_abs(base)

    def _is_global(self, expr: cst.BaseExpression) -> bool:
        """``x.max()`` / ``np.max(x)``: no axis given (``b.max(dim=1).values`` and friends have one)."""
        expr = uncast(self.facts, expr)
        if isinstance(expr, (cst.Name, cst.Attribute)):  # `m = x.max()` ... `x / float(m)`
            expr = next((v for v in self.facts.resolve(expr) if isinstance(v, cst.Call)), expr)
        if not isinstance(expr, cst.Call):
            return False
        extra = expr.args[1:] if self.facts.call_name(expr) in _GLOBAL_MAX else expr.args
        return not extra

    def _strip_abs(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        if isinstance(expr, cst.Call):
            if isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "abs" and not expr.args \
                    and self.facts.qualified_name(expr.func) is None:
                return expr.func.value
            if self.facts.call_name(expr) in _ABS or (isinstance(expr.func, cst.Name) and expr.func.value == "abs"):
                return argument(expr, 0, "x")
            return None
        return expr


def _axes(expr: cst.BaseExpression) -> bool:
    """An axis argument: a literal ``0`` or a tuple of them ``(0, 2)``."""
    if isinstance(expr, (cst.Tuple, cst.List)):
        return bool(expr.elements) and all(number(e.value) is not None for e in expr.elements)
    return number(expr) is not None
