"""GNN603 deep-propagation-stack: more than 4 message-passing layers in a row with nothing that keeps
node features apart (residuals, jumping knowledge, normalization)."""

from __future__ import annotations


import libcst as cst

from gnnlint.rule import Rule
from gnnlint.analysis.graph import GraphFacts
from gnnlint.analysis.depth import built_by_importers
from gnnlint.analysis.models import ClassModel, Event, Layer, ModelIndex, model_index

# Between two convolutions these change nothing about over-smoothing.
_NEUTRAL_LAYERS = {"act", "dropout", "dense", "layer"}
_DROPEDGE = ("DropEdge measured GCN on Cora at 81.1% accuracy with 2 layers and 28.7% with 64")


class DeepPropagationStack(Rule):
    code = "GNN603"
    name = "deep-propagation-stack"
    severity = "warning"
    requires = (GraphFacts,)  # the model index reads where values come from
    message = "more than 4 message-passing layers in sequence with no residual, jumping knowledge or normalization"
    fix_title = ("add a residual (`x = x + conv(x, edge_index)`), JumpingKnowledge or a normalization layer "
                 "(PairNorm, BatchNorm) between the convolutions, use GCN2Conv/DeepGCNLayer, or use fewer layers")
    triggers = ("Conv",)
    options = {"max_layers": 4}

    def visit_Module(self, node: cst.Module) -> None:
        """Everything happens in finish(), once the whole file is known."""

    def finish(self) -> None:
        index = model_index(self)
        limit = int(self.settings.get("max_layers", 4))
        run: list[Event] | list[Layer]
        reported: set[int] = set()
        for _function, _cls, events in index.all_events():
            for run in _event_runs(events):
                if len(run) > limit and id(run[0].node) not in reported:
                    reported.add(id(run[0].node))
                    self._report_events(run, index)
        # A class whose depth comes from its constructor's arguments, as this module builds it
        # (`Net(args.layers)` with the option's default, `Net(num_layers=8)`).
        for built in index.built_classes():
            self._report_built(built, index, limit, reported)
        # A class of this module that another module of the project builds with a depth it reads
        # there (`Net(args.n_layers)` in train.py, with the option's default).
        for cls in [c for c in index.classes.values() if c is not None]:
            for construction in built_by_importers(self.context.path, cls.node):
                how = f" as `{cls.name}` is built in {construction.importer.name} on line {construction.line}"
                self._report_built(ClassModel(index, cls.node, dict(construction.bound)), index, limit, reported, how)
        for container in index.sequentials():
            for run in _element_runs(container.elements or []):
                if len(run) > limit:
                    self._report_container(container, run, index)

    def _report_built(self, built: ClassModel, index: ModelIndex, limit: int, reported: set[int],
                      how: str = "") -> None:
        """The runs of a class's ``forward`` as the class is built with known constructor arguments."""
        forward = built.forward
        if forward is None or not isinstance(forward.body, cst.IndentedBlock):
            return
        for run in _event_runs(index.events(forward, built, list(forward.body.body))):
            if len(run) > limit and id(run[0].node) not in reported:
                reported.add(id(run[0].node))
                self._report_events(run, index, None if how else built, how)

    def _report_events(self, run: list[Event], index: ModelIndex, built: ClassModel | None = None,
                       how: str = "") -> None:
        first, last = run[0], run[-1]
        n = len(run)
        if built is not None:
            call = next((c for c in index.construction_calls(built)), None)
            how = f" as `{built.name}` is built on line {index.lines(call)}" if call is not None else ""
        label = first.layer.label if first.layer else "conv"
        if all(e.node is first.node for e in run):
            where = (f"`{index.module.code_for_node(first.node).strip()}` applies {n} `{label}` layers in sequence, one per pass of the loop "
                     f"over `{first.loop_over}` (line {index.lines(first.node)})")
        else:
            where = (f"{n} message-passing layers run in sequence, from `{first.callee}` (line "
                     f"{index.lines(first.node)}) to `{last.callee}` (line {index.lines(last.node)})")
        self.report(first.node, f"{where}{how}, with no residual connection, jumping knowledge or normalization between "
                                f"them: node features over-smooth towards the same vector and gradients vanish with "
                                f"depth ({_DROPEDGE})")

    def _report_container(self, container: Layer, run: list[Layer], index: ModelIndex) -> None:
        labels = sorted({layer.label for layer in run})
        self.report(run[0].node, f"`{container.label}` on line {index.lines(container.node)} stacks {len(run)} "
                                 f"message-passing layers ({', '.join(f'`{x}`' for x in labels)}) in sequence with no "
                                 "residual connection, jumping knowledge or normalization between them: node features "
                                 f"over-smooth towards the same vector and gradients vanish with depth ({_DROPEDGE})")


def _event_runs(events: list[Event]) -> list[list[Event]]:
    """Convolutions that follow each other in the data flow: each one's input comes from the previous
    one's output, through activations, dropout and linear layers only."""
    runs: list[list[Event]] = []
    run: list[Event] = []
    live: set[str] = set()  # names holding the output of the last convolution of the run
    fed: set[int] = set()  # events whose input is that output, passed directly
    for event in events:
        derived = bool(event.reads & live) or id(event) in fed
        if event.kind == "apply" and event.layer is not None and event.layer.kind == "conv" and event.counted \
                and not event.layer.normalizes:
            if run and not derived:
                runs.append(run)  # a parallel branch, not the next layer of this stack
                run = []
            run.append(event)
            live, fed = set(event.targets), set()
        elif event.kind in ("act", "pass") or (event.kind == "apply" and event.layer is not None
                                                and event.layer.kind in _NEUTRAL_LAYERS):
            if not derived:
                continue
            live |= event.targets
        else:
            # A skip connection, a normalization, jumping knowledge, an unknown module, or a
            # convolution in a loop of unknown length or under a condition: the run ends here.
            runs.append(run)
            run, live, fed = [], set(), set()
            continue
        if event.feeds is not None:
            fed.add(id(event.feeds))
    runs.append(run)
    return runs


def _element_runs(elements: list[Layer]) -> list[list[Layer]]:
    runs: list[list[Layer]] = []
    run: list[Layer] = []
    for element in elements:
        if element.kind == "conv" and not element.normalizes:
            run.append(element)
        elif element.kind not in _NEUTRAL_LAYERS:
            runs.append(run)
            run = []
    runs.append(run)
    return runs
