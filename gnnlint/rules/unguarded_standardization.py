"""GNN302 unguarded-standardization: division by a standard deviation with no epsilon or clamp."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.analysis import ops
from gnnlint.cst_walk import descendants
from gnnlint.analysis.scopes import Binding, Facts, argument, dotted_name, keyed_read, number
from gnnlint.analysis.graph import GraphFacts, Scope
from gnnlint.analysis.numerics import Mutations, shape_free, subclass_stores, uncast
from gnnlint.analysis.passed import passed_arguments
from gnnlint.rules._division import DivisionRule

if TYPE_CHECKING:
    from gnnlint.engine import FileContext

# Reductions to a std or a variance, from the framework tables.
_STD = ops.functions_of("std")
_VAR = ops.functions_of("var")
_SQRT = frozenset({"numpy.sqrt", "math.sqrt", "torch.sqrt", "tensorflow.sqrt", "tensorflow.math.sqrt", "keras.ops.sqrt"})
_CASTS = frozenset({"float", "double", "to", "item", "detach", "squeeze", "reshape", "view"})
# Functions returning a tuple: the index of the std (or variance) and which it is.
_TUPLES = {"torch.std_mean": (0, "std"), "torch.var_mean": (0, "var"), "tensorflow.nn.moments": (1, "var")}


def _literal(expr: cst.BaseExpression | None) -> str | None:
    return str(expr.evaluated_value) if isinstance(expr, cst.SimpleString) else None


def _changed_in_place(scope: Scope, name: str, key: str) -> bool:
    """Whether ``scope`` changes the entry ``name[key]`` other than by storing a new value under the
    literal key (those stores are followed): ``d[key] op= ...``, ``d[key][...] = ...``, a store under a
    key that is not a literal (``for k in d: d[k] = d[k] + eps``), a method called on the dict or on
    the entry (``d.update(...)``, ``d[key].clamp_(...)``). Any of these may be the guard."""
    def entry_or_unknown(expr: cst.BaseExpression) -> bool:
        keyed = keyed_read(expr)
        if keyed is not None:
            return dotted_name(keyed[0]) == name and keyed[1] == key
        return isinstance(expr, cst.Subscript) and dotted_name(expr.value) == name

    for node in descendants(scope.node):
        if isinstance(node, cst.AugAssign) and entry_or_unknown(node.target):
            return True
        if isinstance(node, cst.Assign):
            for target in (t.target for t in node.targets):
                if isinstance(target, cst.Subscript) and (
                        entry_or_unknown(target.value) or keyed_read(target) is None and entry_or_unknown(target)):
                    return True
        if isinstance(node, cst.Expr) and isinstance(node.value, cst.Call) \
                and isinstance(node.value.func, cst.Attribute):
            receiver = node.value.func.value
            if dotted_name(receiver) == name or entry_or_unknown(receiver):
                return True
    return False


class UnguardedStandardization(DivisionRule):
    code = "GNN302"
    name = "unguarded-standardization"
    severity = "warning"
    message = "division by a standard deviation without an epsilon or clamp"
    fix_title = "divide by (std + eps) or std.clamp(min=eps); or use StandardScaler / NormalizeFeatures"
    triggers = ("std", "var", "moments")
    requires = (GraphFacts,)

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        self.pending: list[tuple[cst.CSTNode, cst.BaseExpression, Scope, int]] = []
        self.mutations = Mutations(self.facts)  # `std.clamp_(min=eps)` before the division

    def check_division(self, node: cst.CSTNode, numerator: cst.BaseExpression,
                       denominator: cst.BaseExpression) -> None:
        if not self._statistic(numerator):
            self._check(node, denominator)

    def visit_Call(self, node: cst.Call) -> None:
        self.mutations.record(node)
        super().visit_Call(node)

    def _statistic(self, numerator: cst.BaseExpression, depth: int = 3) -> bool:
        """A numerator that is itself a spread (``a.std() / b.std()``): the ratio of two statistics is a
        scale (a binarisation or variance-ratio factor), not data standardised by its spread."""
        while isinstance(numerator, cst.Call) and isinstance(numerator.func, cst.Attribute) \
                and numerator.func.attr.value in _CASTS and self.facts.qualified_name(numerator.func) is None:
            numerator = numerator.func.value
        if self._bare(numerator) is not None:
            return True
        last = self._last_store(numerator, depth)
        return last is not None and last.kind == "assign" and last.value is not None \
            and self._statistic(last.value, depth - 1)

    def _check(self, node: cst.CSTNode, denominator: cst.BaseExpression) -> None:
        if self.mutations.guarded(self._uncast(denominator)):
            return
        evidence = self._spread(denominator)
        if evidence is not None:
            self._report(node, evidence)
        elif dotted_name(self._uncast(denominator)) is not None or keyed_read(self._uncast(denominator)):
            # judged at the end of the file, when every construction and call in it is known
            self.pending.append((node, self._uncast(denominator), *GraphFacts.of(self.context).here()))

    def finish(self) -> None:
        for node, denominator, scope, at in self.pending:
            evidence = self._spread_from_elsewhere(denominator, scope, at)
            if evidence is not None:
                self._report(node, evidence)

    def _report(self, node: cst.CSTNode, evidence: str) -> None:
        self.report(node, f"`{self.source(node)}` divides by {evidence} with no epsilon or clamp: a constant "
                          "feature (or a batch of identical values) has std 0 and turns into 0 / 0 = NaN")

    def _spread(self, expr: cst.BaseExpression, depth: int = 3) -> str | None:
        """How ``expr`` is a bare standard deviation (quoted), or None if it is not or was guarded."""
        quoted = f"`{self.source(expr)}`"
        expr = self._uncast(expr)
        if self._bare(expr) == "std":
            return None if self._selected_by_positive_spread(expr) else quoted
        # sqrt(var) and var ** 0.5
        if isinstance(expr, cst.Call) and self.facts.call_name(expr) in _SQRT and expr.args \
                and self._is_variance(expr.args[0].value, depth):
            return quoted
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Power) \
                and number(expr.right) == 0.5 and self._is_variance(expr.left, depth):
            return quoted
        last = self._last_store(expr, depth)
        if last is None:
            return None
        assert last.value is not None  # _last_store returns stores with a value
        if last.kind == "unpack":
            return f"`{last.target}` from `{self.source(last.value)}`" if self._tuple_part(last) == "std" else None
        return f"`{last.target}` = `{self.source(last.value)}`" if self._spread(last.value, depth - 1) else None

    def _spread_from_elsewhere(self, expr: cst.BaseExpression, scope: Scope, at: int) -> str | None:
        """A bare std that reaches the division by a longer way than this module's own names: an
        attribute a constructor argument set (``self.std = std``), a parameter, an element of what
        a project function returns (``mean, std = statistics(train)`` in the script that builds the
        model), followed through the graph layer's stores into whichever module computed it."""
        origin = self._followed_std(expr, scope, at, hops=8)
        return f"`{self.source(expr)}`, which holds `{origin}`" if origin is not None else None

    def _followed_std(self, expr: cst.BaseExpression, scope: Scope, at: int, hops: int,
                      crossed: bool = False) -> str | None:
        """The bare std ``expr`` holds, found past a boundary (``crossed``: a parameter, a returned
        tuple, an attribute another method set); one reached by this function's own assignments
        is :meth:`_spread`'s, which also knows their guards."""
        graph = scope.graph
        if graph is None or hops <= 0:
            return None
        if isinstance(expr, cst.Call):
            if crossed and self._bare(expr, graph.facts) == "std":
                return graph.source(expr)
            kept = self._kept(expr, graph.facts)  # `std.to(device)`: the same values
            return self._followed_std(kept, scope, at, hops - 1, crossed) if kept is not None else None
        keyed = keyed_read(expr)
        if keyed is not None:
            return self._keyed_std(*keyed, scope, at, hops - 1)
        name = dotted_name(expr)
        if name is None or graph.facts.qualified_name(expr) is not None:
            return None
        store, home = graph.lookup(name, scope, at)
        if store is None or home is None or store.value is None and store.kind != "param":
            return None
        derived = self._set_by_subclass(name, scope, hops)
        if derived is not None:
            return derived
        changes = list(graph.after(name, home, store.order, at if home is scope else None))
        if changes and store.kind == "assign" and store.value is not None:
            return self._filled_with_std(store.value, changes, graph)
        if changes:
            return None  # `std[std == 0] = 1` after it: guarded
        if store.kind == "assign":
            where = store.where or home
            return self._followed_std(store.value, where, store.order, hops - 1,  # type: ignore[arg-type]
                                      crossed or where is not scope)
        if store.kind == "param" and home.kind == "function":
            for passed, caller, order in passed_arguments(home, name):
                found = self._followed_std(passed, caller, order, hops - 1, True)
                if found is not None:
                    return found
            return None
        if store.kind == "unpack" and store.index is not None and isinstance(store.value, cst.Call):
            function = graph.function_for(store.value, store.where or home, store.order)
            if function is None:
                return None
            for returned, order in function.returns:
                if isinstance(returned, (cst.Tuple, cst.List)) and store.index < len(returned.elements) \
                        and not isinstance(returned.elements[store.index], cst.StarredElement):
                    found = self._followed_std(returned.elements[store.index].value, function, order + 1,
                                               hops - 1, True)
                    if found is not None:
                        return found
        return None

    def _keyed_std(self, holder: cst.BaseExpression, key: str, scope: Scope, at: int, hops: int) -> str | None:
        """The bare std held under the literal ``key`` of the dict ``holder`` at statement ``at``: the
        last ``holder[key] = value`` before it (in this scope, or in a caller that fills a dict and
        hands it on), the entry of a dict literal, or of the dict a project function returns."""
        graph = scope.graph
        name = dotted_name(holder)
        if graph is None or name is None or hops <= 0 or graph.facts.qualified_name(holder) is not None:
            return None
        store, home = graph.lookup(name, scope, at)
        if _changed_in_place(home or scope, name, key):
            return None  # `d["std"] += eps`, `d["std"][d["std"] == 0] = 1`, `d.update(...)`: guarded
        start = store.order if store is not None and home is not None else -1
        entries = [s for s in graph.later_stores(name, home or scope, start) if s.kind == "subscript"
                   and keyed_read(s.node) == (s.node.value, key)  # type: ignore[attr-defined]
                   and (home is not scope or s.order < at and not graph.apart(s.order, at))]
        if entries:
            entry = entries[-1]
            if entry.value is None or entry.where is not None and _changed_in_place(entry.where, name, key):
                return None
            return self._followed_std(entry.value, entry.where or home or scope, entry.order, hops - 1, True)
        if store is None or home is None:
            return None
        if store.kind == "param" and home.kind == "function":
            for passed, caller, order in passed_arguments(home, name):
                found = self._keyed_std(passed, key, caller, order, hops - 1)
                if found is not None:
                    return found
            return None
        if store.kind != "assign" or store.value is None:
            return None
        where = store.where or home
        if isinstance(store.value, cst.Dict):
            for element in store.value.elements:
                if isinstance(element, cst.DictElement) and _literal(element.key) == key:
                    return self._followed_std(element.value, where, store.order, hops - 1, True)
            return None
        if isinstance(store.value, cst.Call):
            function = graph.function_for(store.value, where, store.order)
            for returned, order in function.returns if function is not None else ():
                found = self._keyed_std(returned, key, function, order + 1, hops - 1)  # type: ignore[arg-type]
                if found is not None:
                    return found
            return None
        return self._keyed_std(store.value, key, where, store.order, hops - 1)

    def _filled_with_std(self, allocated: cst.BaseExpression,
                         changes: list[tuple[str, cst.CSTNode, cst.BaseExpression | None]],
                         graph: GraphFacts) -> str | None:
        """An allocated tensor (``torch.zeros(t)``) whose only changes write a bare std into its
        entries (``s[i] = float(np.std(v))``, one per task): its entries are those stds."""
        facts = graph.facts
        if not isinstance(allocated, cst.Call) or "allocation" not in ops.of_function(facts.call_name(allocated)):
            return None
        stds = [uncast(facts, value) for kind, _, value in changes if kind == "subscript" and value is not None]
        if len(stds) != len(changes) or not all(self._bare(value, facts) == "std" for value in stds):
            return None
        return graph.source(stds[-1])

    def _kept(self, expr: cst.Call, facts: Facts) -> cst.BaseExpression | None:
        """The value under a cast or reshape of it (``s.to(device)``, ``float(s)``), else None."""
        inner = uncast(facts, expr)
        return inner if inner is not expr else shape_free(facts, expr)

    def _set_by_subclass(self, name: str, scope: Scope, hops: int) -> str | None:
        """The bare std a class deriving from this method's class stores in the attribute read here
        (a scaler's ``transform`` in the base class, the std set by a subclass's ``fit``): that
        subclass's instances divide by it. Not when the subclass changes the attribute in place too."""
        stores = subclass_stores(name, scope)
        if any(store.kind != "assign" for store, _ in stores):
            return None  # `self.scale[self.scale == 0] = 1`: guarded
        for store, where in stores:
            # the last store of each method is the one that stays (`s = x.std(0)` then `s = where(s == 0, 1, s)`)
            if store.value is not None and not any(w is where and other.order > store.order for other, w in stores):
                found = self._followed_std(store.value, where, store.order, hops - 1, True)
                if found is not None:
                    return found
        return None

    def _uncast(self, expr: cst.BaseExpression) -> cst.BaseExpression:
        """The tensor under casts and reshapes that keep its values (``s.item()``, ``float(s)``,
        ``s.reshape(1, -1, 1)``, ``s[None, :]``): a zero std stays zero through them. Not under a
        read of a dict entry (``stats["std"]``), which is another value than the dict."""
        while True:
            expr = uncast(self.facts, expr)
            inner = shape_free(self.facts, expr) if keyed_read(expr) is None else None
            if inner is None:
                return expr
            expr = inner

    def _selected_by_positive_spread(self, std: cst.BaseExpression) -> bool:
        """The std of an array whose columns were just selected where an earlier std is positive
        (``f = f[:, sigma > 0]``, then ``f.std(0)``): no column left is constant (GAT's process.py)."""
        data = std.func.value if isinstance(std, cst.Call) and isinstance(std.func, cst.Attribute) else None
        if data is None and isinstance(std, cst.Call) and std.args:
            data = std.args[0].value
        while isinstance(data, cst.Subscript):
            data = data.value
        name = dotted_name(data) if data is not None else None
        # The store of the array in effect where the std was taken (the walk may be further on).
        line = self.context.line(std) or 0
        earlier = [b for b in self.facts.bindings(name) if (self.context.line(b.node) or 0) < line] if name else []
        if not earlier or earlier[-1].kind != "assign" or not isinstance(earlier[-1].value, cst.Subscript):
            return False
        for node in descendants(earlier[-1].value.slice[-1]):
            if isinstance(node, cst.Comparison) and len(node.comparisons) == 1 \
                    and isinstance(node.comparisons[0].operator, (cst.GreaterThan, cst.NotEqual)) \
                    and number(node.comparisons[0].comparator) == 0:
                spread = dotted_name(node.left)
                if node.left is not None and (self._bare(node.left) or (spread is not None and any(
                        self._bare(value) for value in self.facts.values(spread)))):
                    return True
        return False

    def _is_variance(self, expr: cst.BaseExpression, depth: int) -> bool:
        if self._bare(expr) == "var":
            return True
        last = self._last_store(expr, depth)
        if last is None:
            return False
        assert last.value is not None  # _last_store returns stores with a value
        if last.kind == "unpack":
            return self._tuple_part(last) == "var"
        return self._is_variance(last.value, depth - 1)

    def _last_store(self, expr: cst.BaseExpression, depth: int) -> Binding | None:
        """The store that gave the name ``expr`` its current value, if a plain assignment or an
        unpacking: a later ``std[std == 0] = 1`` or ``std += eps`` is a guard, so then None."""
        name = dotted_name(expr)
        if name is None or depth <= 0:
            return None
        bindings = self.facts.bindings(name)
        if not bindings or bindings[-1].value is None or bindings[-1].kind not in ("assign", "unpack"):
            return None
        return bindings[-1]

    def _bare(self, expr: cst.BaseExpression, facts: Facts | None = None) -> str | None:
        """``std``/``var`` when ``expr`` is a std/variance reduction itself (``x.std(0)``, ``np.std(x)``),
        read with the names of the module it is in (``facts``; this one by default)."""
        facts = facts or self.facts
        while isinstance(expr, cst.Attribute) and expr.attr.value in ("values", "data"):
            expr = expr.value
        if not isinstance(expr, cst.Call):
            return None
        name = facts.call_name(expr)
        if name in _STD:
            return "std"
        if name in _VAR:
            return "var"
        func = expr.func
        if name is None and isinstance(func, cst.Attribute) and func.attr.value in ("std", "var", "nanstd") \
                and not isinstance(func.value, (cst.SimpleString, cst.Integer, cst.Float)):
            return "var" if func.attr.value == "var" else "std"
        return None

    def _tuple_part(self, binding: Binding) -> str | None:
        """``std`` for the first name of ``std, mean = torch.std_mean(x)``, ``var`` for the second of
        ``mean, var = tf.nn.moments(x, axes=[0])``."""
        if not isinstance(binding.value, cst.Call) or not isinstance(binding.node, cst.Assign):
            return None
        found = _TUPLES.get(self.facts.call_name(binding.value) or "")
        target = binding.node.targets[0].target
        if found is None or not isinstance(target, (cst.Tuple, cst.List)):
            return None
        index, kind = found
        names = [dotted_name(e.value) for e in target.elements]
        return kind if index < len(names) and names[index] == binding.target else None
