"""Sign facts for the numerics rules: whether a value is strictly positive (``pos``) or non-negative
(``nonneg``), judged from how it was built, never from what it is called.

A row of strictly positive terms never sums to 0, so dividing by that sum is safe (GNN504); a
reciprocal ``1 / (d + eps)`` of a non-negative ``d`` is strictly positive; ``exp``, ``softplus``,
``ones``, sizes and positive constants are positive; ``abs``, squares, norms, ``relu``,
``one_hot``, counts and probabilities are non-negative. ``None`` means "not known" and is the
default answer: a rule never rests a finding on a sign, only a guard.

Names are followed through the stores the shared value layer (:class:`GraphFacts`) records, so
the answer holds at the statement the walk is in, also through the module's own helper functions
(``square_distance(a, b)`` returning ``|a|^2 + |b|^2 - 2 a.b^T``, a squared distance).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import libcst as cst

from gnnlint.analysis import ops
from gnnlint.analysis.scopes import argument, dotted_name, fold, number
from gnnlint.analysis.numerics import attribute_stores, canonical, segment_sum

if TYPE_CHECKING:
    from gnnlint.analysis.graph import GraphFacts, Scope, Store

Sign = Literal["pos", "nonneg"]

# What library operations do to the sign of their result: the framework tables (analysis/ops).
_KEEPS_SIGN = frozenset(ops.KEEPS_SIGN)


def _meet(*signs: Sign | None) -> Sign | None:
    """The sign all of them share: ``pos`` if all are, ``nonneg`` if all are at least that."""
    if any(s is None for s in signs):
        return None
    return "pos" if all(s == "pos" for s in signs) else "nonneg"


class Signs:
    """Sign evaluation over the stores of :class:`GraphFacts` (one instance per rule, cheap)."""

    def __init__(self, graph: GraphFacts) -> None:
        self.graph = graph
        self.facts = graph.facts
        self._depth = 0
        self._helpers = 0

    def here(self, expr: cst.BaseExpression) -> Sign | None:
        """The sign of ``expr`` at the statement the walk is in."""
        return self.sign(expr, *self.graph.here())

    def sign(self, expr: cst.BaseExpression, scope: Scope, at: int) -> Sign | None:
        if self._depth > 25:
            return None
        self._depth += 1
        try:
            return self._sign(expr, scope, at)
        finally:
            self._depth -= 1

    def _sign(self, expr: cst.BaseExpression, scope: Scope, at: int) -> Sign | None:
        value = number(expr)
        if value is not None:
            return "pos" if value > 0 else "nonneg" if value == 0 else None
        if isinstance(expr, (cst.Name, cst.Attribute)):
            if isinstance(expr, cst.Attribute) and expr.attr.value in ("shape", "size"):
                return "pos"
            if isinstance(expr, cst.Attribute) and expr.attr.value in ("values", "data", "T", "real"):
                return self.sign(expr.value, scope, at)
            name = dotted_name(expr)
            if name is None or self.facts.qualified_name(expr) is not None:
                return None
            return self._name(name, scope, at)
        if isinstance(expr, cst.Subscript):
            return self.sign(expr.value, scope, at)  # entries of a tensor (or of its shape)
        if isinstance(expr, (cst.List, cst.Tuple)) and expr.elements:
            return _meet(*(self.sign(e.value, scope, at) for e in expr.elements))
        if isinstance(expr, cst.Call):
            return self._call(expr, scope, at)
        if isinstance(expr, cst.BinaryOperation):
            return self._binary(expr, scope, at)
        return None

    def at_most_zero(self, expr: cst.BaseExpression, scope: Scope, at: int) -> bool:
        """Whether no entry of ``expr`` is above 0 (an upper bound: what keeps ``exp`` of it at most 1):
        a log-probability (``log_softmax``), a negated non-negative value (``-cdist(x, y)``, ``-(x ** 2)``),
        such a value times or over a non-negative one (over 0 it is -inf or NaN: never above 0), and
        sums, maxima and reshapes of them."""
        if self._depth > 25:
            return False
        self._depth += 1
        try:
            return self._at_most_zero(expr, scope, at)
        finally:
            self._depth -= 1

    def _at_most_zero(self, expr: cst.BaseExpression, scope: Scope, at: int) -> bool:
        value = number(expr)
        if value is not None:
            return value <= 0
        if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
            return self.sign(expr.expression, scope, at) is not None
        if isinstance(expr, cst.Subscript):
            return self.at_most_zero(expr.value, scope, at)
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Multiply, cst.Divide)):
            pairs = [(expr.left, expr.right)] if isinstance(expr.operator, cst.Divide) else \
                [(expr.left, expr.right), (expr.right, expr.left)]
            return any(self.at_most_zero(value, scope, at) and self.sign(other, scope, at) is not None
                       for value, other in pairs)
        if isinstance(expr, (cst.Name, cst.Attribute)):
            name = dotted_name(expr)
            if name is None or self.facts.qualified_name(expr) is not None:
                return False
            store, home = self.graph.lookup(name, scope, at)
            if store is None or home is None or store.kind != "assign" or store.value is None \
                    or any(True for _ in self.graph.after(name, home, store.order, at if home is scope else None)):
                return False
            return self.at_most_zero(store.value, store.where or home, store.order)
        if isinstance(expr, cst.Call):
            method = self._method(expr)
            row = ops.method_row(method) if method is not None else ops.function_row(self.facts.call_name(expr))
            if row is not None and row.act == "log_softmax":
                return True  # log-probabilities
            operand = expr.func.value if method is not None else argument(expr, 0, None)  # type: ignore[attr-defined]
            return bool(self._kinds(expr) & _KEEPS_SIGN - {"segment-sum"}) and operand is not None \
                and self.at_most_zero(operand, scope, at)
        return False

    def _name(self, name: str, scope: Scope, at: int) -> Sign | None:
        store, home = self.graph.lookup(name, scope, at)
        if store is None or home is None:
            return None
        # Changes after the store: entries set (`x[i] = v`) keep the sign both share; an in-place
        # method (`x.sub_(1)`) may change it.
        changes = list(self.graph.after(name, home, store.order, at if home is scope else None))
        if changes:
            if any(kind != "subscript" or value is None for kind, _, value in changes):
                return None
            entries = [self.sign(value, home, at) for _, _, value in changes if value is not None]
            return _meet(self._stored(name, store, scope, at, home), *entries)
        return self._may_hold(name, scope, self._stored(name, store, scope, at, home))

    def _may_hold(self, name: str, scope: Scope, visible: Sign | None) -> Sign | None:
        """A positive attribute that another store may have replaced by a value only known to be
        non-negative (``self.p = ones(n) / n`` in ``__init__``, ``self.block.p = softmax(s)`` from
        the model around it): non-negative, as the read may see either."""
        if visible != "pos":
            return visible
        for store, where in attribute_stores(name, scope):
            if store.kind == "assign" and store.value is not None \
                    and self._for(where).sign(store.value, where, store.order) == "nonneg":
                return "nonneg"
        return visible

    def _stored(self, name: str, store: Store, scope: Scope, at: int, home: Scope) -> Sign | None:
        if store.kind == "param":
            # A hyper-parameter with a positive default (`weight=0.1`): positive by contract.
            if (number(store.value) or 0) > 0:
                return "pos"
            return self._passed(name, home) if store.value is None and home.kind == "function" else None
        if store.value is None:
            return None
        if store.kind == "assign":
            return self.sign(store.value, store.where or home, store.order)  # self.x: the method that stored it
        if store.kind == "augassign" and store.operator is not None:
            if isinstance(store.operator, (cst.AddAssign, cst.SubtractAssign)) and \
                    self._squared_distance(cst.parse_expression(name), scope, at):
                return "nonneg"
            before = self._name(name, home, store.order)
            after = self.sign(store.value, home, store.order)
            if isinstance(store.operator, cst.AddAssign):
                return _sum(before, after)
            if isinstance(store.operator, (cst.MultiplyAssign, cst.DivideAssign)):
                return _meet(before, after)
            return None
        if store.kind == "unpack" and isinstance(store.value, cst.Call) and self._unique_counts(store.value, store.index):
            return "pos"  # the counts of np.unique / torch.unique(return_counts=True) are >= 1
        if store.kind == "unpack" and store.index == 0 and isinstance(store.value, cst.Call):
            # `values, indices = x.sort(dim)` / `x.max(dim)` / `x.topk(k)`: the values keep x's sign
            method = self._method(store.value)
            if method in ("sort", "max", "min", "topk", "kthvalue", "median"):
                return self.sign(store.value.func.value, home, store.order)  # type: ignore[attr-defined]
        if store.kind == "unpack" and store.index is not None and isinstance(store.value, cst.Call):
            return self._returned(store.value, store.index, store.where or home, store.order)
        return None

    def _for(self, scope: Scope) -> Signs:
        """The evaluator of the module ``scope`` is in (a caller or a function in another module),
        sharing this one's depth budget."""
        graph = scope.graph
        if graph is None or graph is self.graph:
            return self
        other = Signs(graph)
        other._depth, other._helpers = self._depth, self._helpers
        return other

    def _passed(self, name: str, function: Scope) -> Sign | None:
        """A parameter's sign where every call of its function, in this module or in the project
        modules that import it, passes a value of that sign (`target_distribution(q)` with `q` a
        Student-t soft assignment)."""
        params = function.call_params()
        graph = function.graph
        if name not in params or graph is None or self._helpers >= 2:
            return None
        position = params.index(name)
        calls = graph.callers(function) + graph.callers_elsewhere(function)
        if not calls:
            return None
        self._helpers += 1
        try:
            signs: list[Sign | None] = []
            for call, caller, at in calls:
                passed = argument(call, position, name)
                if passed is None:
                    return None
                signs.append(self._for(caller).sign(passed, caller, at))
                if signs[-1] is None:
                    return None
            return _meet(*signs)
        finally:
            self._helpers -= 1

    def _returned(self, call: cst.Call, index: int, scope: Scope, at: int) -> Sign | None:
        """The sign of element ``index`` of what a project function or model returns, unpacked
        (``_, q, pred = model(x, adj)`` with ``forward`` returning ``x_bar, q, pred``)."""
        functions = self._run_by(call, scope, at)
        if not functions or any(not f.returns for f in functions) or self._helpers >= 2:
            return None
        self._helpers += 1
        try:
            signs: list[Sign | None] = []
            for function in functions:
                evaluator = self._for(function)
                for ret, order in function.returns:
                    if not isinstance(ret, (cst.Tuple, cst.List)) or index >= len(ret.elements) \
                            or any(isinstance(e, cst.StarredElement) for e in ret.elements[:index + 1]):
                        return None
                    signs.append(evaluator.sign(ret.elements[index].value, function, order + 1))
            return _meet(*signs)
        finally:
            self._helpers -= 1

    def _run_by(self, call: cst.Call, scope: Scope, at: int) -> list[Scope]:
        """The project functions ``call`` runs: the one it names, or, for a model handed in as a
        parameter (``def train(model, ...)`` calling ``model(x, adj)``), the ``forward`` of the
        model every caller builds; empty when any of them is not known."""
        function = self.graph.function_for(call, scope, at)
        if function is not None:
            return [function]
        from gnnlint.analysis.passed import built_by  # the graph layer's followers, read only
        found = []
        for built in built_by(call.func, scope, at):
            if built.call is call:
                return []
            # what calling the built instance runs: `Net(...)(x, adj)` is `Net.forward`
            runs = built.graph.function_for(cst.Call(func=built.call, args=call.args), built.scope, built.order)
            if runs is None:
                return []
            found.append(runs)
        return found

    def _unique_counts(self, call: cst.Call, index: int | None) -> bool:
        short = (canonical(self.facts.call_name(call)) or self._method(call) or "").rsplit(".", 1)[-1]
        if short not in ("unique", "unique_consecutive") or index is None:
            return False
        flags = [argument(call, None, f) for f in ("return_index", "return_inverse", "return_counts")]
        on = [isinstance(f, cst.Name) and f.value == "True" for f in flags]
        return on[2] and index == sum(on)  # the counts come last

    def _method(self, call: cst.Call) -> str | None:
        func = call.func
        if isinstance(func, cst.Attribute) and self.facts.qualified_name(func) is None:
            return func.attr.value
        return None

    def _shadowed(self, name: str) -> bool:
        """The module defines or assigns ``name`` itself: a user's ``def pow(x, k)`` is not the builtin."""
        return name in self.facts.functions or bool(self.facts.bindings(name))

    def _call(self, call: cst.Call, scope: Scope, at: int) -> Sign | None:
        method = self._method(call)
        qualified = self.facts.call_name(call)
        low: cst.BaseExpression | None = None
        if method is not None:
            kinds, short, operand = ops.of_method(method), method, call.func.value  # type: ignore[attr-defined]
            low = argument(call, 0, "min")  # x.clamp(min=...), ndarray.clip(min=...)
        elif qualified is not None:
            kinds, operand = ops.of_function(qualified), argument(call, 0, None)
            short = (canonical(qualified) or qualified).rsplit(".", 1)[-1]
            row = ops.function_row(qualified)
            if row is not None and row.low is not None:
                low = argument(call, *row.low)
        elif isinstance(call.func, cst.Name) and ops.of_function(f"builtins.{call.func.value}") \
                and not self._shadowed(call.func.value):
            kinds, short = ops.of_function(f"builtins.{call.func.value}"), call.func.value
            operand = argument(call, 0, None)
            if "max" in kinds and len(call.args) > 1:
                return _any_positive([self.sign(a.value, scope, at) for a in call.args])
        else:
            return self._helper(call, scope, at)
        if "positive" in kinds or "size" in kinds:
            return "pos"
        if "non-negative" in kinds:
            return "nonneg"
        if short in ("uniform", "uniform_"):
            # uniform_(a, b) / np.random.uniform(low, high): as positive as its lower bound
            low = argument(call, 0, "a") or argument(call, 0, "low") or argument(call, None, "from_")
            return "pos" if (number(low) or 0) > 0 else None
        if "fill" in kinds:
            fill = argument(call, 1, "fill_value")
            return self.sign(fill, scope, at) if fill is not None else None
        if "clamp" in kinds:
            bound = self.sign(low, scope, at) if low is not None else None
            if bound == "pos":
                return "pos"
            return _any_positive([bound, self.sign(operand, scope, at) if operand is not None else None])
        if "maximum" in kinds:
            others = [a.value for a in call.args]
            if method is not None:
                others.append(operand)
            return _any_positive([self.sign(o, scope, at) for o in others])
        if "concat" in kinds:
            parts = argument(call, 0, "tensors") if method is None else None
            if isinstance(parts, (cst.List, cst.Tuple)) and parts.elements:
                return _meet(*(self.sign(e.value, scope, at) for e in parts.elements))
            return None
        if "power" in kinds:
            exponent = number(argument(call, 0 if method else 1, "exponent"))
            base = self.sign(operand, scope, at) if operand is not None else None
            return _power(base, exponent)
        if "reciprocal" in kinds:
            return "pos" if self.sign(operand, scope, at) == "pos" else None
        if kinds & {"min", "minimum"} and method is None and len(call.args) > 1 \
                and number(call.args[1].value) is None and call.args[1].keyword is None:
            return _meet(*(self.sign(a.value, scope, at) for a in call.args[:2]))  # element-wise minimum
        if "cast" in kinds and self._bool_cast(call):
            return "nonneg"
        summed = segment_sum(self.facts, call) if "segment-sum" in kinds and operand is not None else None
        if summed is not None and operand is not None:
            # `out.scatter_add_(dim, index, src)`, `torch.index_add(out, dim, index, src)`: src's
            # entries summed into the receiver's (or the input's)
            return _meet(self.sign(operand, scope, at), self.sign(summed[0], scope, at))
        if kinds & _KEEPS_SIGN and operand is not None:
            return self.sign(operand, scope, at)
        if "matrix-product" in kinds and "contraction" not in kinds:
            # a sum of products of non-negative entries is non-negative (0 where the supports miss)
            right = argument(call, 0 if method else 1, None)
            if operand is not None and right is not None:
                return _meet(self.sign(operand, scope, at), self.sign(right, scope, at))
        return None

    def _bool_cast(self, call: cst.Call) -> bool:
        """``x.to(torch.bool)`` / ``x.astype(bool)``: 0/1 entries."""
        dtype = argument(call, 0, "dtype")
        spelled = canonical(self.facts.qualified_name(dtype)) if dtype is not None else None
        return spelled in ("torch.bool", "np.bool_", "tf.bool") or (
            isinstance(dtype, cst.Name) and dtype.value == "bool" and self.facts.qualified_name(dtype) is None)

    def _helper(self, call: cst.Call, scope: Scope, at: int) -> Sign | None:
        """A function of this module: the sign every return shares, whatever its arguments."""
        function = self.graph.function_for(call, scope)
        if function is None or not function.returns or self._helpers >= 2:
            return None
        self._helpers += 1
        try:
            evaluator = self._for(function)  # an imported helper is judged in its own module
            return _meet(*(evaluator.sign(ret, function, order + 1) for ret, order in function.returns))
        finally:
            self._helpers -= 1

    def _binary(self, expr: cst.BinaryOperation, scope: Scope, at: int) -> Sign | None:
        op = expr.operator
        if isinstance(op, (cst.Add, cst.Subtract)) and self._squared_distance(expr, scope, at):
            return "nonneg"
        if isinstance(op, cst.MatrixMultiply):
            return _meet(self.sign(expr.left, scope, at), self.sign(expr.right, scope, at))
        if isinstance(op, cst.Power):
            return _power(self.sign(expr.left, scope, at), number(expr.right))
        if isinstance(op, cst.Multiply):
            left, right = dotted_name(expr.left), dotted_name(expr.right)
            if left is not None and left == right:
                return "nonneg"  # x * x
            return _meet(self.sign(expr.left, scope, at), self.sign(expr.right, scope, at))
        if isinstance(op, cst.Add):
            return _sum(self.sign(expr.left, scope, at), self.sign(expr.right, scope, at))
        if isinstance(op, cst.Subtract):
            # Constants the code names (`s = 0.99` ... `1.0 - s`), folded: the sign of the difference.
            value = self.constant(expr, scope, at)
            return None if value is None else "pos" if value > 0 else "nonneg" if value == 0 else None
        if isinstance(op, cst.Divide):
            # Over a positive denominator the quotient keeps the numerator's sign (over a zero one
            # it is inf, and a row holding inf sums to inf: inf / inf is NaN).
            if self.sign(expr.right, scope, at) != "pos":
                return None
            numerator = self.sign(expr.left, scope, at)
            # 1 / (1 + exp(-x)), a sigmoid by hand: exp overflows to inf, and the quotient is then 0
            return "nonneg" if numerator == "pos" and self._overflows(expr.right) else numerator
        return None

    def _overflows(self, expr: cst.BaseExpression) -> bool:
        """A sum with an ``exp`` term: inf in floating point once the exponent passes ~88 (fp32)."""
        while isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            if self._overflows(expr.left):
                return True
            expr = expr.right
        if not isinstance(expr, cst.Call):
            return False
        return "exp" in self._kinds(expr)

    def _kinds(self, call: cst.Call) -> frozenset[ops.Kind]:
        """What the framework tables say ``call`` computes, in its method or its function form."""
        method = self._method(call)
        return ops.of_method(method) if method is not None else ops.of_function(self.facts.call_name(call))

    def constant(self, expr: cst.BaseExpression, scope: Scope, at: int) -> float | None:
        """The value of an arithmetic expression over literals and names bound once to such
        expressions (``scale = 0.99`` then ``1.0 - scale``), else None."""
        value = number(expr)
        if value is not None or self._depth > 25:
            return value
        self._depth += 1
        try:
            if isinstance(expr, cst.Name) and self.facts.qualified_name(expr) is None:
                store, home = self.graph.lookup(expr.value, scope, at)
                if store is None or home is None or store.kind != "assign" or store.value is None \
                        or list(self.graph.after(expr.value, home, store.order, at if home is scope else None)):
                    return None
                return self.constant(store.value, home, store.order)
            if isinstance(expr, cst.Attribute):
                return self._option_default(expr, scope, at)
            if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
                inner = self.constant(expr.expression, scope, at)
                return None if inner is None else -inner
            if isinstance(expr, cst.BinaryOperation):
                left, right = self.constant(expr.left, scope, at), self.constant(expr.right, scope, at)
                if left is None or right is None:
                    return None
                return fold(expr.operator, left, right, (cst.Add, cst.Subtract, cst.Multiply, cst.Divide))
            return None
        finally:
            self._depth -= 1

    def _option_default(self, expr: cst.Attribute, scope: Scope, at: int) -> float | None:
        """What ``args.option`` holds in a run without flags, when ``args`` is a parsed command line
        (built here, imported, or passed in) and that is a number."""
        from gnnlint.analysis.options import default_of

        value = default_of(expr, scope, at)
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    # -- |a|^2 + |b|^2 - 2 a.b^T: a squared distance, >= 0 -------------------------------------

    def _squared_distance(self, expr: cst.BaseExpression, scope: Scope, at: int) -> bool:
        terms: list[tuple[float, cst.BaseExpression]] = []
        if not self._terms(expr, 1.0, scope, at, terms, 4):
            return False
        products, squares = [], []
        for coefficient, term in terms:
            pair = self._cross_product(term)
            if pair is not None and coefficient * pair[0] == -2.0:
                products.append(pair[1:])
                continue
            squared = self._squared_norm(term)
            if squared is not None and coefficient == 1.0:
                squares.append(squared)
                continue
            return False
        return len(products) == 1 and len(squares) == 2 and sorted(products[0]) == sorted(squares)

    def _terms(self, expr: cst.BaseExpression, sign: float, scope: Scope, at: int,
               out: list[tuple[float, cst.BaseExpression]], depth: int) -> bool:
        """Flatten a chain of additions (through names and `x += t`) into signed terms."""
        if depth <= 0:
            return False
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Add, cst.Subtract)):
            right = sign if isinstance(expr.operator, cst.Add) else -sign
            return self._terms(expr.left, sign, scope, at, out, depth) and \
                self._terms(expr.right, right, scope, at, out, depth)
        name = dotted_name(expr)
        if name is not None:
            store, home = self.graph.lookup(name, scope, at)
            if store is not None and home is not None and store.value is not None:
                if store.kind == "assign":
                    return self._terms(store.value, sign, home, store.order, out, depth - 1)
                if store.kind == "augassign" and isinstance(store.operator, (cst.AddAssign, cst.SubtractAssign)):
                    right = sign if isinstance(store.operator, cst.AddAssign) else -sign
                    return self._terms(cst.parse_expression(name), sign, home, store.order, out, depth - 1) and \
                        self._terms(store.value, right, home, store.order, out, depth - 1)
        out.append((sign, expr))
        return True

    def _cross_product(self, term: cst.BaseExpression) -> tuple[float, str, str] | None:
        """(c, a, b) for ``c * matmul(a, b^T)`` / ``c * (a @ b.T)``."""
        coefficient = 1.0
        if isinstance(term, cst.BinaryOperation) and isinstance(term.operator, cst.Multiply):
            for factor, product in ((term.left, term.right), (term.right, term.left)):
                if number(factor) is not None:
                    coefficient, term = number(factor), product  # type: ignore[assignment]
                    break
            else:
                return None
        left = right = None
        if isinstance(term, cst.BinaryOperation) and isinstance(term.operator, cst.MatrixMultiply):
            left, right = term.left, term.right
        elif isinstance(term, cst.Call):
            method = self._method(term)
            kinds = self._kinds(term)
            if "matrix-product" in kinds and "contraction" not in kinds:
                left = term.func.value if method else argument(term, 0, None)  # type: ignore[attr-defined]
                right = argument(term, 0 if method else 1, None)
        if left is None or right is None:
            return None
        a, b = dotted_name(left), self._transposed(right)
        return (coefficient, a, b) if a is not None and b is not None else None

    def _transposed(self, expr: cst.BaseExpression) -> str | None:
        if isinstance(expr, cst.Attribute) and expr.attr.value in ("T", "mT"):
            return dotted_name(expr.value)
        if isinstance(expr, cst.Call) and "transpose" in ops.of_method(self._method(expr)):
            return dotted_name(expr.func.value)  # type: ignore[attr-defined]
        return None

    def _squared_norm(self, term: cst.BaseExpression) -> str | None:
        """``a`` for ``sum(a ** 2, -1)``, ``(a * a).sum(-1)``, ``a.pow(2).sum(-1)``, reshaped."""
        while isinstance(term, cst.Call) and self._method(term) in ("view", "reshape", "unsqueeze", "expand_as"):
            term = term.func.value  # type: ignore[attr-defined]
        while isinstance(term, cst.Subscript):
            term = term.value
        if not isinstance(term, cst.Call):
            return None
        method = self._method(term)
        if "sum" not in self._kinds(term):
            return None
        inner = term.func.value if method else argument(term, 0, None)  # type: ignore[attr-defined]
        if isinstance(inner, cst.BinaryOperation):
            if isinstance(inner.operator, cst.Power) and number(inner.right) == 2.0:
                return dotted_name(inner.left)
            if isinstance(inner.operator, cst.Multiply) and dotted_name(inner.left) == dotted_name(inner.right):
                return dotted_name(inner.left)
        if isinstance(inner, cst.Call) and self._method(inner) == "pow" and number(argument(inner, 0, None)) == 2.0:
            return dotted_name(inner.func.value)  # type: ignore[attr-defined]
        return None


def _sum(left: Sign | None, right: Sign | None) -> Sign | None:
    if left is None or right is None:
        return None
    return "pos" if "pos" in (left, right) else "nonneg"


def _any_positive(signs: list[Sign | None]) -> Sign | None:
    """``max(a, b)`` is positive if any is, non-negative if any is."""
    if "pos" in signs:
        return "pos"
    return "nonneg" if "nonneg" in signs else None


def _power(base: Sign | None, exponent: float | None) -> Sign | None:
    if base == "pos":
        return "pos"  # a positive base to any real power (a Student-t kernel `(1 + d).pow(-(t + 1) / 2)`)
    if exponent is None:
        return None
    if exponent == int(exponent) and int(exponent) % 2 == 0 and exponent > 0:
        return "nonneg"
    if base == "nonneg" and exponent > 0:
        return "nonneg"
    return None
