"""GNN601 saturating-hidden-activation: tanh or sigmoid between two layers of a stack."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import libcst as cst

from gnnlint.rule import Rule
from gnnlint.analysis import project
from gnnlint.analysis.graph import GraphFacts
from gnnlint.analysis.models import (Event, Layer, ModelIndex, Output, layer_class_activation, model_index,
                                     returned_tuple)
from gnnlint.analysis.project import same_file
from gnnlint.rules.activation_on_output import _relative
from gnnlint.cst_walk import descendants

_SATURATING = {"tanh": "tanh", "sigmoid": "sigmoid"}
# The importers of a layer class whose model index is built, at most (a bound on the work per
# linted file): past it the rule reads only those that construct the class as a stack would, and
# says nothing when even those are too many, so that no file name decides which are read.
_IMPORTERS = 8
_WHY = {"tanh": "tanh's derivative is at most 1 and close to 0 once |x| > 2",
        "sigmoid": "sigmoid's derivative is at most 0.25, so every such layer shrinks the gradient at least 4×"}


class SaturatingHiddenActivation(Rule):
    code = "GNN601"
    name = "saturating-hidden-activation"
    severity = "info"
    requires = (GraphFacts,)  # the model index reads where values come from
    message = "tanh/sigmoid as the activation of a hidden layer"
    fix_title = "use ReLU, LeakyReLU, ELU or GELU between layers; keep tanh/sigmoid for gates and outputs"
    triggers = ("tanh", "sigmoid", "Tanh", "Sigmoid")

    def visit_Module(self, node: cst.Module) -> None:
        """Everything happens in finish(), once the whole file is known."""

    def finish(self) -> None:
        index = model_index(self)
        reported: set[int] = set()
        for _function, _cls, events in index.all_events():
            for position, event in enumerate(events):
                act = _saturating(event)
                if act is None:
                    self._stacked_instance(index, events, position, event, reported)
                    continue
                if id(event.act_node) in reported:
                    continue
                consumer = _consumer(events, position, event)
                if consumer is None or not _same_pass(event, consumer):
                    continue
                reported.add(id(event.act_node))
                assert event.act_node is not None  # _saturating found an activation
                self.report(event.act_node, f"`{self.source(event.act_node)}` is the {act} activation of a hidden "
                                            f"layer whose output feeds `{consumer.callee}` ({_where(consumer, event, index)}"
                                            f"): {_WHY[act]}, so gradients shrink layer after layer through the stack")
        self._stacked_elsewhere(index, reported)
        for container in index.sequentials():
            elements = container.elements or []
            for position, element in enumerate(elements):
                act = _saturating_element(element)
                if act is None:
                    self._stacked_element(index, container, position, reported)
                    continue
                before = element.kind != "act" or any(e.trainable for e in elements[:position])
                after = next((e for e in elements[position + 1:] if e.trainable), None)
                node = element.act_node or element.node
                if not before or after is None or id(node) in reported:
                    continue
                reported.add(id(node))
                self.report(node, f"`{self.source(node)}` is the {act} activation of a hidden layer of the "
                                  f"`{container.label}` on line {index.lines(container.node)} "
                                  f"(the next layer is `{after.label}`): {_WHY[act]}, so gradients shrink layer "
                                  "after layer through the stack")

    def _stacked_instance(self, index: ModelIndex, events: list[Event], position: int, event: Event,
                          reported: set[int]) -> None:
        """An instance of a layer class of this file whose ``forward`` ends in tanh/sigmoid after its
        own layer, feeding the next layer of a stack: that activation is a hidden one here (the
        class's summary, applied where its instances are stacked)."""
        if event.kind != "apply" or event.act is not None:
            return
        for element, found in _endings(index, event.layer, event.node):
            self._report_instance(index, events, position, _element_event(event, element), found, reported)

    def _report_instance(self, index: ModelIndex, events: list[Event], position: int, event: Event,
                         output: Output, reported: set[int], elsewhere: str = "") -> None:
        """Report ``output`` (the tanh/sigmoid a layer class ends in) when the instance that
        ``event`` runs feeds the next layer of a stack (``index``: the module that stacks it)."""
        if event.gated or id(output.node) in reported:
            return
        consumer = _consumer(events, position, event)
        if consumer is None or not _same_pass(event, consumer):
            return
        reported.add(id(output.node))
        assert event.layer is not None and output.act is not None  # an apply event of a layer class
        self.report(output.node, f"`{self.source(output.node)}` squashes what `{event.layer.label}` returns with "
                                 f"{output.act}, and its instance `{event.callee}` (line {index.lines(event.node)}"
                                 f"{elsewhere}) feeds `{consumer.callee}` ({_where(consumer, event, index)}): it "
                                 f"is the activation of a hidden layer; {_WHY[output.act]}, so gradients shrink "
                                 "layer after layer through the stack")

    def _stacked_elsewhere(self, index: ModelIndex, reported: set[int]) -> None:
        """A layer class of this file ending in tanh/sigmoid after its own layer, whose instances
        another module of the project stacks (``from layers import SquashedLayer``, then one
        instance feeding the next): the class's summary, applied where the importer stacks it."""
        ending = {name: found for name, cls in index.classes.items() if cls is not None
                  and (found := _endings(index, Layer("user", name, cls.node)))}
        known = project.for_file(self.context.path) if ending else None
        if known is None:
            return
        here = Path(self.context.path)
        paths = {p for name in ending for p in known.importers(here, mentioning=name)}
        for path, record in _importers_to_read(known, paths, here, set(ending)):
            stack = _stacking_index(known, record, here, set(ending))
            elsewhere = f" of `{_relative(path, here)}`"
            for _function, _cls, events in stack.all_events():
                for position, event in enumerate(events):
                    label = event.layer.label if event.kind == "apply" and event.layer is not None \
                        and event.layer.kind == "user" and event.act is None else None
                    if label in ending and label not in stack.classes:
                        for at, output in ending[label]:
                            self._report_instance(stack, events, position, _element_event(event, at), output,
                                                  reported, elsewhere)
            for container in stack.sequentials():
                for position, element in enumerate(container.elements or []):
                    whole = [output for at, output in ending.get(element.label, []) if at is None]
                    if element.kind == "user" and whole and element.label not in stack.classes:
                        self._stacked_element(stack, container, position, reported, whole[0], elsewhere)

    def _stacked_element(self, index: ModelIndex, container: Layer, position: int, reported: set[int],
                         output: Output | None = None, elsewhere: str = "") -> None:
        """A container element that is an instance of a layer class of this file ending in
        tanh/sigmoid (``output``, when the container is another module's), with a trainable layer
        after it in the container."""
        elements = container.elements or []
        if output is None:
            found = layer_class_activation(index, elements[position], _SATURATING)
            output = found[0] if found is not None else None
        after = next((e for e in elements[position + 1:] if e.trainable), None)
        if output is None or after is None or id(output.node) in reported:
            return
        reported.add(id(output.node))
        self.report(output.node, f"`{self.source(output.node)}` squashes what `{elements[position].label}` returns "
                                 f"with {output.act}, and the `{container.label}` on line {index.lines(container.node)}"
                                 f"{elsewhere} puts `{after.label}` after it: it is the activation of a hidden layer; "
                                 f"{_WHY[output.act]}, so gradients shrink layer after layer through the stack")


def _endings(index: ModelIndex, layer: Layer | None, call: cst.CSTNode | None = None
             ) -> list[tuple[int | None, Output]]:
    """The tanh/sigmoid a layer class ends in: on what it returns (element None), or on each
    element of the literal tuple it returns (``return torch.tanh(h), adj``), with its position."""
    found = layer_class_activation(index, layer, _SATURATING, call)
    if found is not None:
        return [(None, found[0])]
    cls = index.built_class(layer.node) if layer is not None and isinstance(layer.node, cst.Call) else None
    cls = cls or (index.classes.get(layer.label) if layer is not None else None)
    size = returned_tuple(cls) if cls is not None else 0
    return [(element, found[0]) for element in range(size)
            if (found := layer_class_activation(index, layer, _SATURATING, call, element)) is not None]


def _element_event(event: Event, element: int | None) -> Event:
    """``event`` as the store of one element of its result: only the name that element is
    unpacked into (``x`` of ``x, adj = layer(x, adj)``) carries it on; None when it is not stored."""
    if element is None:
        return event
    name = event.unpacked[element] if element < len(event.unpacked) else None
    return dataclasses.replace(event, targets=frozenset({name} if name else ()), feeds=None)


def _importers_to_read(known: project.Project, paths: set[Path], home: Path,
                       names: set[str]) -> list[tuple[Path, GraphFacts]]:
    """The importers that construct a class ``names`` of ``home``, all of them up to the bound;
    past it, only those whose constructions look like a stack's (:func:`_constructions`), and
    none when those are still too many."""
    built = []
    for path in sorted(paths):
        record = known.facts_of(path)
        count = _constructions(known, record, path, home, names) if record is not None else (0, False)
        if record is not None and count[0]:
            built.append((path, record, count))
    if len(built) > _IMPORTERS:
        built = [(path, record, count) for path, record, count in built if count[0] > 1 or count[1]]
    return [] if len(built) > _IMPORTERS else [(path, record) for path, record, _count in built]


def _constructions(known: project.Project, record: GraphFacts, path: Path, home: Path,
                   names: set[str]) -> tuple[int, bool]:
    """(how many calls of the importer at ``path`` construct a class ``names`` of ``home``, whether
    one is inside a larger expression: a container's element, a list appended to): read from its
    recorded call sites, without building a model index."""
    count, nested = 0, False
    for scope in record.scopes:
        for site in scope.sites:
            if not isinstance(site.node, cst.Call):
                continue
            qualified = record.facts.qualified_name(site.node.func)
            if qualified is None or _judged_class(known, path, qualified, home, names) is None:
                continue
            count += 1
            nested = nested or not _whole_value(site.statement, site.node)
    return count, nested


def _whole_value(statement: cst.CSTNode, call: cst.Call) -> bool:
    """Whether ``call`` is all that ``statement`` computes (``self.conv = Layer(...)``)."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        statement = statement.body[0]
    return isinstance(statement, (cst.Assign, cst.AnnAssign, cst.Expr, cst.Return)) and statement.value is call


def _judged_class(known: project.Project, path: Path, qualified: str, home: Path, names: set[str]) -> str | None:
    """The class of ``names`` defined in ``home`` that ``qualified``, as the module at ``path`` spells
    it, resolves to; None for anything else."""
    found = known.resolve(path, qualified)
    return found[1] if found is not None and same_file(found[0], home) and found[1] in names else None


def _stacking_index(known: project.Project, record: GraphFacts, home: Path, names: set[str]) -> ModelIndex:
    """The model index of an importer in which the classes ``names`` of ``home`` are layer classes."""
    context = record.context
    path = Path(context.path)
    return ModelIndex(context.module, context.facts, context.line, context.path, record,
                      imported=lambda qualified: _judged_class(known, path, qualified, home, names))


def _where(consumer: Event, event: Event, index: ModelIndex) -> str:
    """Where the next layer is: its line, or the next pass of the loop the activation is in."""
    if consumer.loop_over is not None and consumer.loop_over == event.loop_over \
            and any(node is consumer.node for node in descendants(event.node)):
        return f"on the next pass of the loop over `{consumer.loop_over}`, line {index.lines(consumer.node)}"
    return f"line {index.lines(consumer.node)}"


def _same_pass(event: Event, consumer: Event) -> bool:
    """In a loop of unknown length (a stack whose depth comes from arguments, as library code
    builds it) only a layer later in the same pass shows a stack: ``tanh(fc1(x))`` into ``fc2``
    in one body is two layers however often the loop runs; the next pass's layer is not shown."""
    return not event.unknown_loop or (consumer.unknown_loop and consumer.loop is event.loop)


def _saturating(event: Event) -> str | None:
    if event.kind == "act" and event.act in _SATURATING and event.after_layer:
        pass
    elif event.kind == "apply" and event.act in _SATURATING and event.layer is not None \
            and event.layer.kind not in ("gate",):
        pass
    else:
        return None
    if event.gated:
        return None  # it scales another value or becomes attention coefficients: a gate, by its use
    return event.act


def _saturating_element(element: Layer) -> str | None:
    if element.kind == "gate" or element.act not in _SATURATING:
        return None
    if element.kind == "act" or element.trainable:
        return element.act
    return None


def _consumer(events: list[Event], position: int, event: Event) -> Event | None:
    """The layer that takes ``event``'s result as its input, through dropout; None for anything else."""
    names = set(event.targets)
    if event.feeds is not None and event.feeds.kind == "pass":  # through dropout around it
        names = set(event.feeds.targets)
        position = next((i for i, e in enumerate(events) if e is event.feeds), len(events))
    elif event.feeds is not None:
        return event.feeds if _is_layer(event.feeds) else None
    for later in events[position + 1:]:
        if not names:
            return None
        if later.reads & names:
            if later.kind == "pass" and later.targets:
                names = set(later.targets)
                continue
            return later if _is_layer(later) and not later.gated else None
        names -= later.targets
    return None


def _is_layer(event: Event) -> bool:
    return event.kind == "apply" and event.layer is not None and event.layer.trainable \
        and isinstance(event.node, cst.Call)
