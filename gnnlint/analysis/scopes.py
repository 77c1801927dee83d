"""The small dataflow layer that rules share.

It is filled in by the engine during its single traversal, before rules see a node, so a rule
asking about a name gets what the code bound up to that point:

* import aliases: ``np`` -> ``numpy``, ``from torch import nn`` -> ``nn`` -> ``torch.nn``;
* bindings: the expressions assigned to a name (or ``self.attr``) in the current function, its
  class and the module, in source order.

It is deliberately not a type checker: it answers "what is this name bound to" well enough to
keep rules from matching on spelling alone, and answers ``None`` when it cannot tell.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Literal

import libcst as cst

from gnnlint.cst_walk import descendants

# Packages whose names rules resolve; `tf_keras` is Keras 2 packaged for TF >= 2.16.
TENSORFLOW_ROOTS = frozenset({"tensorflow", "keras", "tf_keras"})
TORCH_ROOTS = frozenset({"torch", "torch_geometric", "dgl"})


def dotted_name(expr: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a Name/Attribute chain as spelled (a method's receiver as ``self``, see
    :func:`spelling`), else None."""
    parts: list[str] = []
    # type() rather than isinstance(): libcst's classes check instances through ABCMeta, and this
    # runs for nearly every call in every file
    while type(expr) is cst.Attribute:
        parts.append(expr.attr.value)
        expr = expr.value
    if type(expr) is not cst.Name:
        return None
    parts.append(_RECEIVERS[id(expr)][1] if _RECEIVERS and id(expr) in _RECEIVERS else expr.value)
    return ".".join(reversed(parts))


def spelling(name: cst.Name) -> str:
    """The name a variable reference stands for: its own, except a method's receiver, which is
    ``self`` (``cls`` in a classmethod) whatever the code calls it. Python does not care what the
    first parameter is called, so neither may a finding."""
    return _RECEIVERS[id(name)][1] if _RECEIVERS and id(name) in _RECEIVERS else name.value


def is_receiver(expr: cst.CSTNode | None) -> bool:
    """Whether ``expr`` is the receiver of the method around it (spelled ``self`` or not)."""
    return type(expr) is cst.Name and spelling(expr) == "self"


# The Name nodes of methods whose receiver is not spelled ``self``/``cls``, by id, with the node
# (libcst nodes cannot be weakly referenced; holding the node keeps its id unique) and the
# canonical spelling. Filled when a module is parsed (:func:`record_receivers`); empty for code
# that spells its receivers ``self``, which is nearly all code.
_RECEIVERS: dict[int, tuple[cst.Name, str]] = {}

# An indented ``def`` whose first parameter is not spelled ``self``/``cls``: a method with another
# receiver name, or a nested function, a staticmethod. Only a module with one is walked.
_OTHER_FIRST_PARAMETER = re.compile(r"^[ \t]+(?:async[ \t]+)?def[ \t]+\w+[ \t]*\((?!\s*(?:self|cls)\b)", re.MULTILINE)


def record_receivers(module: cst.Module, source: str) -> None:
    """File the receiver references of the module's methods whose receiver is spelled otherwise."""
    if _OTHER_FIRST_PARAMETER.search(source) is None:
        return
    methods = list(_record_in(module.body))
    if not methods:
        return
    through_class = _called_through_class(module, source, {(owner, m.name.value) for owner, m, _ in methods})
    for owner, method, canonical in methods:
        if (owner, method.name.value) not in through_class:
            _record_method(method, canonical)


def _record_in(statements: Sequence[cst.CSTNode]) -> Iterator[tuple[str, cst.FunctionDef, str]]:
    """(class, method, its receiver's canonical spelling) for every method of a class among
    ``statements`` and the compound statements they hold, at any depth, whose receiver is not
    spelled canonically."""
    for statement in statements:
        if isinstance(statement, cst.ClassDef):
            for member in statement.body.body:
                if isinstance(member, cst.FunctionDef) and (canonical := _receiver_kind(member)) is not None:
                    yield statement.name.value, member, canonical
        if isinstance(statement, cst.SimpleStatementLine):
            continue
        # The blocks of a compound statement, read by field: ``children`` is slow.
        for field in ("body", "orelse", "handlers", "finalbody", "cases"):
            held = getattr(statement, field, None)
            if isinstance(held, cst.BaseSuite):
                yield from _record_in(held.body)
            elif isinstance(held, (tuple, list)):
                yield from _record_in(held)
            elif held is not None:
                yield from _record_in([held])


# Methods Python hands the class as first argument without a decorator.
_IMPLICIT_CLASS_METHODS = frozenset({"__new__", "__init_subclass__", "__class_getitem__"})


def _receiver_kind(method: cst.FunctionDef) -> str | None:
    """``self`` or ``cls``: what the method's first parameter is; None with no receiver, or one
    already spelled so."""
    params = _positional(method.params)
    decorators = {dotted_name(d.decorator) for d in method.decorators}
    if not params or "staticmethod" in decorators:
        return None
    canonical = "cls" if "classmethod" in decorators or method.name.value in _IMPLICIT_CLASS_METHODS else "self"
    return None if params[0].name.value == canonical else canonical


def _called_through_class(module: cst.Module, source: str, methods: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (class, function) of ``methods`` that the module calls through the class, ``Utils.f(x)``:
    functions kept in a class as in a namespace, whose first parameter is an argument like any
    other. A call passing the caller's own first parameter along (``Base.f(self, x)``) is a
    method's call with an explicit receiver."""
    if not any(f"{owner}.{name}" in source for owner, name in methods):
        return set()  # (the walk below is slow; nearly no module calls a function so)
    found: set[tuple[str, str]] = set()

    def walk(node: cst.CSTNode, receiver: str | None) -> None:
        """``receiver``: the first parameter of the method the walk is in (None outside one)."""
        if isinstance(node, cst.ClassDef):
            for member in node.body.body:
                params = _positional(member.params) if isinstance(member, cst.FunctionDef) else []
                walk(member, params[0].name.value if params else None)
            return
        if type(node) is cst.Call and type(node.func) is cst.Attribute and type(node.func.value) is cst.Name:
            key = (node.func.value.value, node.func.attr.value)
            first = argument(node, 0, None)
            if key in methods and not (type(first) is cst.Name and first.value == receiver):
                found.add(key)
        for child in node.children:
            walk(child, receiver)

    walk(module, None)
    return found


def _record_method(method: cst.FunctionDef, canonical: str) -> None:
    receiver = _positional(method.params)[0].name
    _RECEIVERS[id(receiver)] = (receiver, canonical)
    for node in _references(method.body, receiver.value):
        _RECEIVERS[id(node)] = (node, canonical)


def _references(node: cst.CSTNode, name: str) -> Iterator[cst.Name]:
    """The Names reading or storing ``name`` in ``node``, into nested functions, lambdas and
    comprehensions that do not rebind it; not into nested classes, whose methods have receivers
    of their own. An attribute's name and a keyword are no references."""
    if type(node) is cst.Name:
        if node.value == name:
            yield node
        return
    if isinstance(node, (cst.Attribute, cst.Arg)):
        yield from _references(node.value, name)
        return
    if isinstance(node, cst.ClassDef):
        return
    if isinstance(node, (cst.FunctionDef, cst.Lambda)) and (
            any(p.name.value == name for p in _parameters(node.params))
            or isinstance(node, cst.FunctionDef) and node.name.value == name):
        return
    for child in node.children:
        yield from _references(child, name)


def keyed_read(expr: cst.CSTNode) -> tuple[cst.BaseExpression, str] | None:
    """(the container, the key) for ``d["key"]``: an entry read under a literal string key."""
    if isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index) \
            and isinstance(expr.slice[0].slice.value, cst.SimpleString):
        return expr.value, str(expr.slice[0].slice.value.evaluated_value)
    return None


def number(expr: cst.BaseExpression | None) -> float | None:
    """The value of a numeric literal (``1e-9``, ``-0.5``, ``1 / 3``, ``(2)``), else None."""
    if expr is None:
        return None
    if isinstance(expr, (cst.Integer, cst.Float)):
        return float(expr.evaluated_value)
    if isinstance(expr, cst.UnaryOperation):
        inner = number(expr.expression)
        if inner is None:
            return None
        if isinstance(expr.operator, cst.Minus):
            return -inner
        if isinstance(expr.operator, cst.Plus):
            return inner
        return None
    if isinstance(expr, cst.BinaryOperation):
        left, right = number(expr.left), number(expr.right)
        if left is None or right is None:
            return None
        return fold(expr.operator, left, right, (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.Power))
    return None


def fold(op: cst.BaseBinaryOp, left: float, right: float,
         operators: tuple[type[cst.BaseBinaryOp], ...]) -> float | None:
    """``left op right`` for an operator among ``operators`` (the ones a caller's values support),
    None for any other, a division by zero or an overflow: one arithmetic table for every fold."""
    if not isinstance(op, operators):
        return None
    try:
        if isinstance(op, cst.Add):
            return left + right
        if isinstance(op, cst.Subtract):
            return left - right
        if isinstance(op, cst.Multiply):
            return left * right
        if isinstance(op, cst.Divide):
            return left / right
        if isinstance(op, cst.FloorDivide):
            return left // right
        if isinstance(op, cst.Power):
            return left**right  # type: ignore[no-any-return]  # typeshed: float ** float is Any
    except (ZeroDivisionError, OverflowError):
        return None
    return None


def argument(call: cst.Call, position: int | None, keyword: str | None) -> cst.BaseExpression | None:
    """The expression passed as positional ``position`` or as ``keyword=``, else None."""
    positional = 0
    for arg in call.args:
        if arg.star:
            return None if keyword is None else _keyword_only(call, keyword)
        if arg.keyword is None:
            if position is not None and positional == position:
                return arg.value
            positional += 1
        elif keyword is not None and arg.keyword.value == keyword:
            return arg.value
    return None


def _keyword_only(call: cst.Call, keyword: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    return None


# `x op= y` computes `x op y`.
AUG_TO_BINARY = {"AddAssign": "Add", "SubtractAssign": "Subtract", "MultiplyAssign": "Multiply",
                 "DivideAssign": "Divide", "MatrixMultiplyAssign": "MatrixMultiply", "PowerAssign": "Power"}


def augmented_value(node: cst.AugAssign, before: cst.BaseExpression | None) -> cst.BinaryOperation | None:
    """The expression ``x op= y`` stores: ``before op y`` (``before``: what ``x`` held, else ``x``)."""
    operator = AUG_TO_BINARY.get(type(node.operator).__name__)
    if operator is None:
        return None
    return cst.BinaryOperation(left=before if before is not None else node.target,
                               operator=getattr(cst, operator)(), right=node.value)


def names_in(expr: cst.CSTNode) -> set[str]:
    """Every dotted name (``x``, ``self.w``) read anywhere inside ``expr``."""
    found: set[str] = set()

    def whole_name(node: cst.CSTNode) -> bool:
        if type(node) is cst.Attribute:
            name = dotted_name(node)
            if name is not None:
                found.add(name)
                return True
        elif type(node) is cst.Name:
            found.add(spelling(node))
        return False

    for _ in descendants(expr, prune=whole_name):
        pass
    return found


# Binding.kind and _Scope.kind: Literals, so that a misspelt kind compared in a rule is a type error.
BindingKind = Literal["assign", "augassign", "subscript", "for", "param", "unpack", "for-unpack"]
ScopeKind = Literal["module", "function", "class"]


@dataclasses.dataclass(frozen=True)
class Binding:
    """One store to a name: ``target = value`` (kind ``assign``), ``target += value`` (``augassign``),
    ``target[i] = value`` (``subscript``), ``for target in value`` (``for``), a parameter (``param``,
    value is its default), an element of an unpacked ``value`` (``unpack`` / ``for-unpack``)."""

    target: str
    value: cst.BaseExpression | None
    kind: BindingKind
    node: cst.CSTNode


class _Scope:
    __slots__ = ("kind", "name", "bindings")

    def __init__(self, kind: ScopeKind, name: str) -> None:
        self.kind = kind
        self.name = name
        self.bindings: dict[str, list[Binding]] = {}

    def add(self, binding: Binding) -> None:
        self.bindings.setdefault(binding.target, []).append(binding)


class Facts:
    """Import aliases and bindings of one module, updated by the engine as it walks the tree."""

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}
        self._module_scope = _Scope("module", "")
        self._scopes: list[_Scope] = [self._module_scope]
        # Every function, by name, in the module (methods as ``Class.method``); filled on visit.
        self.functions: dict[str, cst.FunctionDef] = {}
        # qualified_name() by id(node): a dozen rules ask it of every call. The node is kept with
        # the answer, so its id cannot be reused while cached; cleared on each import.
        self._qualified: dict[int, tuple[cst.BaseExpression, str | None]] = {}
        # ``from utils import *`` of a project module: module -> what it binds (``np`` -> ``numpy``,
        # ``evaluate`` -> ``utils.evaluate``). Set by whoever knows the project (the engine).
        self.star_aliases: Callable[[str], dict[str, str]] | None = None

    # -- queries -------------------------------------------------------------------------------

    def qualified_name(self, expr: cst.BaseExpression) -> str | None:
        """The import-resolved dotted name (``nn.init.uniform_`` -> ``torch.nn.init.uniform_``).

        None when the chain does not start at an imported name: a local variable's attribute is
        not a library function, whatever it is spelled like.
        """
        known = self._qualified.get(id(expr))
        if known is not None and known[0] is expr:
            return known[1]
        spelled = dotted_name(expr)
        qualified = None
        if spelled is not None:
            head, _, rest = spelled.partition(".")
            target = self.aliases.get(head)
            if target is not None:
                qualified = f"{target}.{rest}" if rest else target
        self._qualified[id(expr)] = (expr, qualified)
        return qualified

    def call_name(self, call: cst.Call) -> str | None:
        return self.qualified_name(call.func)

    def spelling_for(self, qualified: str) -> str | None:
        """How this module can spell ``qualified`` with what it already imports (for fixes):
        ``torch.nn.init.xavier_uniform_`` -> ``nn.init.xavier_uniform_`` after ``from torch import nn``."""
        best: tuple[int, str] | None = None
        for local, target in self.aliases.items():
            if qualified == target or qualified.startswith(target + "."):
                spelled = local + qualified[len(target):]
                if best is None or len(target) > best[0]:
                    best = (len(target), spelled)
        return best[1] if best else None

    def is_imported(self, root: str) -> bool:
        """Whether the module imports anything from the package ``root`` (e.g. ``"torch"``)."""
        return any(q == root or q.startswith(root + ".") for q in self.aliases.values())

    def bindings(self, name: str) -> list[Binding]:
        """Stores to ``name`` visible here: the current function's, else its class's (for
        ``self.x``), else the module's. In source order, up to the current point of the walk."""
        for scope in reversed(self._scopes):
            if scope.kind == "class" and not name.startswith("self."):
                continue
            found = scope.bindings.get(name)
            if found:
                return list(found)
        return []

    def values(self, name: str) -> list[cst.BaseExpression]:
        return [b.value for b in self.bindings(name) if b.value is not None]

    def resolve(self, expr: cst.BaseExpression, depth: int = 4) -> Iterator[cst.BaseExpression]:
        """``expr`` and, for a name, what it was assigned (transitively, a few steps deep)."""
        yield expr
        name = dotted_name(expr)
        if name is None or depth == 0:
            return
        for binding in self.bindings(name):
            if binding.kind == "assign" and binding.value is not None and binding.value is not expr:
                yield from self.resolve(binding.value, depth - 1)

    @property
    def in_function(self) -> bool:
        return any(scope.kind == "function" for scope in self._scopes)

    @property
    def current_class(self) -> str | None:
        for scope in reversed(self._scopes):
            if scope.kind == "class":
                return scope.name
        return None

    @property
    def current_function(self) -> str | None:
        for scope in reversed(self._scopes):
            if scope.kind == "function":
                return scope.name
        return None

    # -- updates, called by the engine ---------------------------------------------------------

    def handlers(self) -> tuple[dict[type, Callable[[cst.CSTNode], None]], dict[type, Callable[[cst.CSTNode], None]]]:
        """(on entering, on leaving) by exact node type: the engine calls these as it walks, before
        the rules' visit_ handlers and after their leave_ ones, so rules see the facts up to date."""
        return ({kind: method.__get__(self) for kind, method in _enter_methods().items()},
                {cst.FunctionDef: self._leave_scope, cst.ClassDef: self._leave_scope})

    def _leave_scope(self, node: cst.CSTNode) -> None:  # a FunctionDef or ClassDef
        if len(self._scopes) > 1:
            self._scopes.pop()

    def _enter_assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._record_store(target.target, node.value, "assign", node)

    def _enter_ann_assign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._record_store(node.target, node.value, "assign", node)

    def _enter_aug_assign(self, node: cst.AugAssign) -> None:
        self._record_store(node.target, node.value, "augassign", node)

    def _enter_loop(self, node: cst.For | cst.CompFor) -> None:
        self._record_store(node.target, node.iter, "for", node)

    def _enter_function(self, node: cst.FunctionDef) -> None:
        owner = self.current_class
        self.functions[f"{owner}.{node.name.value}" if owner else node.name.value] = node
        scope = _Scope("function", node.name.value)
        for param in _parameters(node.params):
            scope.add(Binding(spelling(param.name), param.default, "param", param))
        self._scopes.append(scope)

    def _enter_class(self, node: cst.ClassDef) -> None:
        self._scopes.append(_Scope("class", node.name.value))

    def _record_import(self, node: cst.Import | cst.ImportFrom) -> None:
        self._qualified.clear()
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = dotted_name(alias.name)
                if full is None:
                    continue
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.aliases[alias.asname.name.value] = full
                else:
                    head = full.split(".")[0]
                    self.aliases[head] = head
            return
        if isinstance(node.names, cst.ImportStar):
            self._record_star(node)
            return
        # A relative import keeps its dots (``.utils.normalize``): the project's own module, never
        # a library, which the project layer resolves against the importing file.
        dots = "." * len(node.relative)
        if node.module is None:
            if not dots:
                return
            module = dots[:-1]
        else:
            spelled = dotted_name(node.module)
            if spelled is None:
                return
            module = dots + spelled
        for alias in node.names:
            if not isinstance(alias.name, cst.Name):
                continue
            local = alias.name.value
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.aliases[local] = f"{module}.{alias.name.value}" if module else f".{alias.name.value}"

    def _record_star(self, node: cst.ImportFrom) -> None:
        """``from utils import *`` binds every public name of ``utils``, its imports included: its
        ``np`` is numpy here too. Names this module binds itself win."""
        spelled = dotted_name(node.module) if node.module is not None else ""
        if self.star_aliases is None or spelled is None:
            return
        for local, target in self.star_aliases("." * len(node.relative) + spelled).items():
            if not local.startswith("_"):
                self.aliases.setdefault(local, target)

    def _record_store(self, target: cst.BaseExpression, value: cst.BaseExpression | None, kind: BindingKind,
                      node: cst.CSTNode) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            elements = [e.value for e in target.elements]
            if isinstance(value, (cst.Tuple, cst.List)) and len(value.elements) == len(elements):
                for element, element_value in zip(elements, (e.value for e in value.elements)):
                    self._record_store(element, element_value, kind, node)
            else:
                # Each element gets a part of ``value``: kind "unpack" (or "for-unpack" in a loop).
                part_kind: BindingKind = "for-unpack" if kind == "for" else "unpack"
                for element in elements:
                    self._record_store(element, value, part_kind, node)
            return
        if isinstance(target, cst.Subscript):
            base = dotted_name(target.value)
            if base is not None:
                self._scope_for(base).add(Binding(base, value, "subscript", node))
            return
        name = dotted_name(target)
        if name is not None:
            self._scope_for(name).add(Binding(name, value, kind, node))

    def _scope_for(self, name: str) -> _Scope:
        if name.startswith("self."):
            for scope in reversed(self._scopes):
                if scope.kind == "class":
                    return scope
        return self._scopes[-1]


@functools.cache
def _enter_methods() -> dict[type, Callable[..., None]]:
    """A function, not a module constant: libcst's import waits until a file is parsed."""
    return {
        cst.Import: Facts._record_import,
        cst.ImportFrom: Facts._record_import,
        cst.Assign: Facts._enter_assign,
        cst.AnnAssign: Facts._enter_ann_assign,
        cst.AugAssign: Facts._enter_aug_assign,
        cst.For: Facts._enter_loop,
        cst.CompFor: Facts._enter_loop,
        cst.FunctionDef: Facts._enter_function,
        cst.ClassDef: Facts._enter_class,
    }


def _positional(params: cst.Parameters) -> list[cst.Param]:
    """The parameters a call can fill by position, in order (the first is a method's receiver)."""
    return [*params.posonly_params, *params.params]


def _parameters(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg
