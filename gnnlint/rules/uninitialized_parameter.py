"""GNN204 uninitialized-parameter: ``nn.Parameter(torch.empty(...))`` that no code in its class initialises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import libcst as cst

from gnnlint.analysis import ops
from gnnlint.analysis.ops import torch as torch_ops
from gnnlint.analysis.scopes import argument, dotted_name
from gnnlint.cst_walk import descendants
from gnnlint.analysis import project
from gnnlint.analysis.params import PARAMETER, ClassInitsRule, ClassFrame, initialised_where_built, reached_by_owners

# From the framework tables: factories that allocate without setting values (`torch.Tensor(n, m)`
# only when given sizes), and the calls whose positional arguments are sizes.
_EMPTY = frozenset(d.function for d in torch_ops.DRAWS if d.distribution == "uninitialised" and not d.only_sized)
_SIZED = frozenset(d.function for d in torch_ops.DRAWS if d.distribution == "uninitialised" and d.only_sized)
_SIZE_FACTORIES = frozenset(d.function for d in torch_ops.DRAWS if d.sizes)
_MODULE_ROOTS = ("torch.nn.", "torch_geometric.nn.", "dgl.nn.")
# Methods that move or cast a tensor and leave its values as they were.
_MOVES = ops.methods_of("cast", "device")


def _has_zero_size(call: cst.Call) -> bool:
    """Whether a literal dimension of the allocation is 0 (``torch.empty(0)``, ``torch.empty((3, 0))``):
    the tensor then holds no entries at all."""
    sizes = [a.value for a in call.args if a.keyword is None and not a.star]
    if len(sizes) == 1 and isinstance(sizes[0], (cst.Tuple, cst.List)):
        sizes = [element.value for element in sizes[0].elements]
    return any(isinstance(size, cst.Integer) and size.evaluated_value == 0 for size in sizes)


def _unmoved(value: cst.BaseExpression | None) -> cst.BaseExpression | None:
    """The allocation under device moves and casts: ``torch.Tensor(1, 1).to(device)`` is still
    uninitialised memory."""
    while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
            and value.func.attr.value in _MOVES and isinstance(value.func.value, cst.Call):
        value = value.func.value
    return value


# At most this many importers are read for code that initialises a class's instances.
_MAX_BUILDERS = 8


class UninitializedParameter(ClassInitsRule):
    code = "GNN204"
    name = "uninitialized-parameter"
    severity = "error"
    message = "parameter allocated with uninitialised memory and never initialised"
    fix_title = "initialise it in __init__ or in a reset_parameters() called from __init__ (e.g. nn.init.xavier_uniform_)"
    triggers = ("empty", "Tensor")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per open class: (attribute, Parameter call, what allocated it).
        self.declared: list[list[tuple[str, cst.Call, cst.Call]]] = []
        # Every class left, with what it leaves uninitialised: judged at the end of the file, when
        # the classes that build it are known too.
        self.left: list[tuple[ClassFrame, list[tuple[str, cst.Call, cst.Call]]]] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.enter_class(node)
        self.declared.append([])

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        frame = self.classes.leave_class()
        self.left.append((frame, [found for found in self.declared.pop()
                                  if not self.classes.is_initialised(frame, found[0])]))

    def finish(self) -> None:
        reached = reached_by_owners([frame for frame, _ in self.left])
        for frame, found in self.left:
            if found and frame.name not in reached and not self._initialised_by_builders(frame.name):
                self._report(frame, found)

    def _initialised_by_builders(self, class_name: str) -> bool:
        """Whether the code that builds the class (this module, or a project module importing it)
        initialises every parameter of the instance: see :func:`initialised_where_built`."""
        if initialised_where_built(self.context.module, class_name):
            return True
        known = project.for_file(self.context.path)
        if known is None:
            return False
        here = Path(self.context.path).resolve()
        for importer in known.importers(here, class_name)[:_MAX_BUILDERS]:
            record = known.facts_of(importer)
            if record is not None and initialised_where_built(record.context.module, class_name):
                return True
        return False

    def _report(self, frame: ClassFrame, found: list[tuple[str, cst.Call, cst.Call]]) -> None:
        for attribute, parameter, allocation in found:
            self.report(parameter, f"`{attribute}` is allocated with `{self.source(allocation)}` and nothing in "
                                   f"`{frame.name}` initialises it (no `nn.init.*`, `reset_parameters`, or in-place "
                                   "fill): its values are whatever memory held, often huge or NaN")

    def visit_Call(self, node: cst.Call) -> None:
        super().visit_Call(node)
        if not self.declared or self.facts.call_name(node) not in PARAMETER:
            return
        allocation = _unmoved(argument(node, 0, "data"))
        if not isinstance(allocation, cst.Call) or not self._allocates_only(allocation):
            return
        attribute = self.target_of(node)
        if attribute is not None and attribute.startswith("self.") and attribute.count(".") == 1:
            self.declared[-1].append((attribute, node, allocation))

    def _allocates_only(self, call: cst.Call) -> bool:
        name = self.facts.call_name(call)
        if _has_zero_size(call):
            return False  # no entries, so no values to leave unset (a device or dtype marker)
        if name in _EMPTY:
            return True
        if name not in _SIZED:
            return False
        sizes = [a.value for a in call.args if a.keyword is None and not a.star]
        if not sizes or any(isinstance(s, (cst.List, cst.Tuple, cst.ListComp, cst.SimpleString)) for s in sizes):
            return False
        if len(sizes) >= 2:
            return True
        only = sizes[0]
        if isinstance(only, cst.Integer):
            return True
        spelled = dotted_name(only)
        return spelled is not None and self._used_as_size(spelled)

    def _used_as_size(self, spelled: str) -> bool:
        """Whether the method building the parameter also uses ``spelled`` as a size, by value, not
        name: a dimension of another factory (``torch.empty(spelled, d)``), an argument of a
        module's constructor (``nn.Linear(d, spelled)``), of ``range``, or in integer arithmetic
        (``spelled * heads``, ``2 * spelled``). Else it may be data: ``torch.Tensor(values)``."""
        method = self.facts.functions.get(f"{self.facts.current_class}.{self.facts.current_function}")
        if method is None:
            return False
        for node in descendants(method.body):
            if isinstance(node, cst.BinaryOperation) and isinstance(
                    node.operator, (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide)):
                sides = (node.left, node.right)
                if any(dotted_name(side) == spelled for side in sides) \
                        and any(isinstance(side, cst.Integer) for side in sides):
                    return True
            if isinstance(node, cst.Call) and any(dotted_name(a.value) == spelled for a in node.args):
                name = self.facts.call_name(node) or dotted_name(node.func) or ""
                positional = [a for a in node.args if a.keyword is None]
                module = name.startswith(_MODULE_ROOTS) and name.rsplit(".", 1)[-1][:1].isupper()
                if name == "range" or module or name in _SIZE_FACTORIES and len(positional) >= 2:
                    return True
        return False

    def leave_Call(self, node: cst.Call) -> None:
        # self.register_parameter("w", nn.Parameter(torch.empty(...)))
        if not self.declared or not isinstance(node.func, cst.Attribute) \
                or node.func.attr.value != "register_parameter" or dotted_name(node.func.value) != "self":
            return
        label, value = argument(node, 0, "name"), argument(node, 1, "param")
        if not isinstance(label, cst.SimpleString) or not isinstance(value, cst.Call) \
                or self.facts.call_name(value) not in PARAMETER:
            return
        allocation = argument(value, 0, "data")
        if isinstance(allocation, cst.Call) and self._allocates_only(allocation):
            self.declared[-1].append((f"self.{label.evaluated_value}", value, allocation))  # type: ignore[str-bytes-safe]
