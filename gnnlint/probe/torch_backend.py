"""PyTorch (and PyG) measurement: forward hooks on layers, a TorchFunctionMode for activations and
the first non-finite value, autograd for gradients. Runs only in the child process."""

from __future__ import annotations

import inspect
import math
import os
import re
import sys
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode

from gnnlint.probe import synth
from gnnlint.probe.graphs import StressGraph, graph_hazards, stress_graph
from gnnlint.probe.sites import Sites, class_span, def_line
from gnnlint.probe.stats import case_record, clean, describe_error, seed



def _message_passing_class() -> type | None:
    """PyG's base class if the user's code imported PyG (never imported here: it costs seconds)."""
    module = sys.modules.get("torch_geometric.nn.conv.message_passing") or sys.modules.get("torch_geometric.nn")
    return getattr(module, "MessagePassing", None)

_FRAMEWORK_DIRS = tuple(os.path.dirname(m.__file__) + os.sep for m in (torch, np))  # type: ignore[type-var, operator]
_CONTAINERS = (torch.nn.Sequential, torch.nn.ModuleList, torch.nn.ModuleDict)


def _activation_table() -> dict[str, Any]:
    table = {}
    for kind, funcs in {
        "relu": ("relu", "relu_", "relu6"),
        "tanh": ("tanh",),
        "sigmoid": ("sigmoid",),
    }.items():
        for name in funcs:
            for owner in (F, torch, torch.Tensor):
                func = getattr(owner, name, None)
                if func is not None:
                    table[func] = kind
    return table


_ACTIVATIONS = _activation_table()


def _first_tensor(value: Any) -> torch.Tensor | None:
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, (tuple, list)):
        for item in value:
            found = _first_tensor(item)
            if found is not None:
                return found
    if isinstance(value, dict):
        return _first_tensor(list(value.values()))
    x = getattr(value, "x", None)  # a PyG Data
    return x if isinstance(x, torch.Tensor) else None


def _float(t: torch.Tensor | None) -> torch.Tensor | None:
    if t is None or not t.is_floating_point() or t.is_sparse:
        return None
    return t.detach()


def tensor_stats(t: torch.Tensor | None) -> dict[str, Any] | None:
    t = _float(t)
    if t is None or t.numel() == 0:
        return None
    t = t.double()
    finite = torch.isfinite(t)
    values = t[finite]
    rms = values.pow(2).mean().sqrt().item() if values.numel() else math.nan
    peak = values.abs().max().item() if values.numel() else math.nan
    return {"rms": clean(rms), "max": clean(peak), "nonfinite": int((~finite).sum().item()), "numel": t.numel()}


def is_message_passing(module: torch.nn.Module) -> bool:
    base = _message_passing_class()
    if base is not None and isinstance(module, base):
        return True
    return synth.graph_args(type(module).forward)


def _all_finite(t: torch.Tensor) -> bool:
    # One reduction without a boolean temporary; only an inf/NaN sum (or an overflow) needs the full check.
    t = t.detach()
    if t.numel() == 0 or bool(torch.isfinite(t.sum())):
        return True
    return bool(torch.isfinite(t).all())


class _Probe(TorchFunctionMode):
    """Sees every torch call of the forward pass: activations, and (on a second pass, only when a NaN
    or Inf reached a layer output) which operation made the first one from finite inputs."""

    def __init__(self, recorder: "Recorder", watch_nan: bool = False) -> None:
        super().__init__()
        self.recorder = recorder
        self.watch_nan = watch_nan

    def __torch_function__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        kwargs = kwargs or {}
        kind = _ACTIVATIONS.get(func)
        rec = self.recorder
        if kind in ("tanh", "sigmoid") and args and isinstance(args[0], torch.Tensor):
            rec.activation(kind, args[0])
        out = func(*args, **kwargs)
        if kind == "relu" and isinstance(out, torch.Tensor):
            rec.activation(kind, out)
        if self.watch_nan and len(rec.origins) < 8 and isinstance(out, torch.Tensor) and out.is_floating_point() and not out.is_sparse:
            if not _all_finite(out):
                inputs = [a for a in list(args) + list(kwargs.values()) if isinstance(a, torch.Tensor)]
                if all(_all_finite(a) for a in inputs if a.is_floating_point() and not a.is_sparse):
                    rec.origin(func, out)
        return out


class Recorder:
    def __init__(self, model: torch.nn.Module, sites: Sites, num_nodes: int | None, isolated: torch.Tensor | None):
        self.sites = sites
        self.num_nodes = num_nodes
        self.isolated = isolated
        self.layers: list[dict[str, Any]] = []
        self.by_module: dict[int, dict[str, Any]] = {}
        self.activations: list[dict[str, Any]] = []
        self.origins: list[dict[str, Any]] = []
        self.stack: list[dict[str, Any]] = []
        self.handles: list[Any] = []
        self.names: dict[str, dict[str, Any]] = {}
        self._select(model)

    def _select(self, model: torch.nn.Module) -> None:
        # A layer is a message-passing module or a module with its own weights, outside any MP layer
        # (PyG's internal Linear inside GCNConv is part of the conv, not a layer of the user's model).
        inside_mp: set[str] = set()
        for name, module in model.named_modules():
            if not name or isinstance(module, _CONTAINERS):
                continue
            if any(name.startswith(prefix + ".") for prefix in inside_mp):
                continue
            mp = is_message_passing(module)
            if mp:
                inside_mp.add(name)
            elif not any(True for _ in module.parameters(recurse=False)):
                continue
            entry = {"name": name, "type": type(module).__name__, "mp": mp, "def_line": def_line(module, self.sites),
                     "call_line": None, "order": None, "in": None, "out": None}
            self.names[name] = entry
            self.handles.append(module.register_forward_pre_hook(self._pre(entry)))
            self.handles.append(module.register_forward_hook(self._post(entry)))

    def _pre(self, entry: dict[str, Any]) -> Callable[[torch.nn.Module, Any], None]:
        def hook(module: torch.nn.Module, args: Any) -> None:
            if entry["order"] is None:
                lines = self.sites.user_lines(depth=2)
                entry["call_line"] = lines[0] if lines else None
                entry["in"] = tensor_stats(_first_tensor(args))
            self.stack.append(entry)
        return hook

    def _post(self, entry: dict[str, Any]) -> Callable[[torch.nn.Module, Any, Any], None]:
        def hook(module: torch.nn.Module, args: Any, output: Any) -> None:
            if self.stack and self.stack[-1] is entry:
                self.stack.pop()
            if entry["order"] is None:
                entry["order"] = len(self.layers)
                entry["out"] = tensor_stats(_first_tensor(output))
                self.layers.append(entry)
        return hook

    def _rows(self, t: torch.Tensor) -> torch.Tensor:
        if self.isolated is not None and t.dim() >= 1 and t.shape[0] == self.num_nodes:
            return t[~self.isolated.to(t.device)]
        return t

    def activation(self, kind: str, t: torch.Tensor | None) -> None:
        t = _float(t)
        if t is None or t.numel() == 0 or len(self.activations) > 200:
            return
        t = self._rows(t)
        if t.numel() == 0:
            return
        lines = self.sites.user_lines(depth=3)
        if kind == "relu":
            value = (t == 0).double().mean().item()
        else:
            value = (t.abs() >= 5).double().mean().item()
        layer = self.stack[-1]["name"] if self.stack else None
        self.activations.append({"kind": kind, "fraction": value, "numel": t.numel(), "line": lines[0] if lines else None,
                                 "lines": lines, "layer": layer})

    def origin(self, func: Any, out: torch.Tensor) -> None:
        name = getattr(func, "__name__", str(func))
        self.origins.append({"op": name, "line": (self.sites.user_lines(depth=3) or [None])[0],  # type: ignore[list-item]
                             "lines": self.sites.user_lines(depth=3),
                             "direct": self.sites.caller_is_user(_FRAMEWORK_DIRS),
                             "count": int((~torch.isfinite(out.detach())).sum().item()), "numel": out.numel(),
                             "layer": self.stack[-1]["name"] if self.stack else None})

    def close(self) -> None:
        for handle in self.handles:
            handle.remove()


# ---------------------------------------------------------------------------------------------- inputs

def _to(value: Any, device: str) -> Any:
    if hasattr(value, "to") and (isinstance(value, torch.Tensor) or hasattr(value, "edge_index")):
        return value.to(device)
    if isinstance(value, (tuple, list)):
        return type(value)(_to(v, device) for v in value)
    if isinstance(value, dict):
        return {k: _to(v, device) for k, v in value.items()}
    return value


def _graph_of(inputs: Any) -> tuple[int | None, np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """(num_nodes, edge_index, edge_weight, x) found in a user's inputs, as NumPy."""
    x = edge_index = weight = None
    num_nodes = None
    if hasattr(inputs, "edge_index"):
        x, edge_index = getattr(inputs, "x", None), inputs.edge_index
        weight = getattr(inputs, "edge_weight", None)
        num_nodes = getattr(inputs, "num_nodes", None)
    else:
        items = list(inputs.values()) if isinstance(inputs, dict) else list(inputs) if isinstance(inputs, (tuple, list)) else [inputs]
        for item in items:
            if not isinstance(item, torch.Tensor):
                continue
            square = item.dim() == 2 and x is not None and item.shape[0] == item.shape[1] == x.shape[0]
            if square and edge_index is None:
                dense = (item.to_dense() if item.is_sparse else item).detach()
                edge_index = dense.nonzero().t()
                weight = dense[edge_index[0], edge_index[1]]
            elif item.is_floating_point() and item.dim() == 2 and x is None and not item.is_sparse:
                x = item
            elif not item.is_floating_point() and item.dim() == 2 and item.shape[0] == 2 and edge_index is None:
                edge_index = item
            elif item.is_floating_point() and item.dim() == 1 and edge_index is not None and weight is None:
                weight = item
    if x is not None and num_nodes is None:
        num_nodes = x.shape[0]
    as_np: Callable[[Any], np.ndarray | None] = lambda t: t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else None  # noqa: E731
    return num_nodes, as_np(edge_index), as_np(weight), as_np(x)


def _loss(output: torch.Tensor, target: Any, loss: Any) -> tuple[torch.Tensor, str]:
    if loss is not None:
        value = loss(output, target) if target is not None else loss(output)
        return value, f"the probe's own loss `{getattr(loss, '__name__', type(loss).__name__)}`"
    if target is None:
        generator = torch.Generator(device="cpu").manual_seed(0)
        target = torch.randn(output.shape, generator=generator, dtype=torch.float32).to(output.device, output.dtype)
        return F.mse_loss(output, target), "MSE against a fixed N(0, 1) target"
    target = target.to(output.device) if isinstance(target, torch.Tensor) else torch.as_tensor(target, device=output.device)
    if not target.is_floating_point() and output.dim() == 2:
        out = output.detach()
        if bool((out <= 0).all()) and torch.allclose(out.exp().sum(-1), torch.ones(out.shape[0], device=out.device), atol=1e-3):
            return F.nll_loss(output, target), "NLL (the output is already log-softmax)"
        return F.cross_entropy(output, target), "cross-entropy"
    return F.mse_loss(output, target.to(output.dtype).reshape(output.shape)), "MSE"


def _call(model: Any, inputs: Any) -> Any:
    if isinstance(inputs, dict):
        return model(**inputs)
    if isinstance(inputs, (tuple, list)):
        return model(*inputs)
    return model(inputs)


def _origin(model: torch.nn.Module, inputs: Any, sites: Sites, num_nodes: int | None) -> dict[str, Any] | None:
    """A second forward pass that checks every operation's output: the first to turn finite inputs
    into NaN/Inf, preferring one your file called directly (libraries repair some of theirs)."""
    recorder = Recorder(model, sites, num_nodes, None)
    try:
        with torch.no_grad(), _Probe(recorder, watch_nan=True):
            _call(model, inputs)
    finally:
        recorder.close()
    direct = [o for o in recorder.origins if o["direct"]]
    return (direct or recorder.origins or [None])[0]  # type: ignore[list-item]


def measure(model: torch.nn.Module, inputs: Any, sites: Sites, record: dict[str, Any], *, target: Any = None,
            loss: Callable[..., Any] | None = None, device: str = "cpu", isolated: np.ndarray | None = None,
            progress: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    model = model.to(device)
    inputs = _to(inputs, device)
    model.eval()  # deterministic: no dropout; gradients still flow
    num_nodes, edge_index, weight, x = _graph_of(inputs)
    if record["kind"] == "explicit" and num_nodes:
        record["graph"] = graph_hazards(num_nodes, edge_index, weight, x)
        mask = np.zeros(num_nodes, dtype=bool)
        if record["graph"].get("isolated") and edge_index is not None:
            mask[:] = True
            mask[np.unique(edge_index[:, edge_index[0] != edge_index[1]])] = False
        isolated = mask
    iso = torch.as_tensor(isolated) if isolated is not None and num_nodes else None
    recorder = Recorder(model, sites, num_nodes, iso)
    try:
        progress("forward")
        with _Probe(recorder):
            output = _call(model, inputs)
            out = _first_tensor(output)
            if out is None:
                raise TypeError(f"the model returned {type(output).__name__}, not a tensor")
            loss_value, loss_kind = _loss(out, target, loss)
        record["output"] = tensor_stats(out)
        progress("backward")
        model.zero_grad(set_to_none=True)
        if loss_value.requires_grad:
            loss_value.backward()  # type: ignore[no-untyped-call]
    finally:
        recorder.close()
    record["loss"] = {"value": clean(float(loss_value.detach().double().item())), "kind": loss_kind}
    record["layers"] = recorder.layers
    record["activations"] = recorder.activations
    if any(layer["out"] and layer["out"]["nonfinite"] for layer in recorder.layers) \
            or (record["output"] or {}).get("nonfinite"):
        progress("locating the first NaN/Inf")
        record["origin"] = _origin(model, inputs, sites, num_nodes)
    record["grads"] = _grads(model, recorder)
    return record


def _grads(model: torch.nn.Module, recorder: Recorder) -> list[dict[str, Any]]:
    """Per parameter with a gradient: its layer, mean |grad|, norm and NaN/Inf count."""
    names = sorted(recorder.names, key=len, reverse=True)
    grads = []
    for name, param in model.named_parameters():
        if param.grad is None:
            continue
        g = param.grad.detach().double()
        finite = torch.isfinite(g)
        values = g[finite]
        layer = next((n for n in names if name.startswith(n + ".")), None)
        grads.append({"name": name, "layer": layer, "weight": param.dim() >= 2, "numel": g.numel(),
                      "mean_abs": clean(values.abs().mean().item() if values.numel() else math.nan),
                      "norm": clean(values.norm().item() if values.numel() else math.nan),
                      "nonfinite": int((~finite).sum().item())})
    return grads


# ------------------------------------------------------------------------------------------ synthesis

def _candidates(module: ModuleType) -> list[tuple[str, Any, bool]]:
    """(label, class or instance, is_instance) for the torch models defined or built in the user's module."""
    found: list[tuple[str, Any, bool]] = []
    classes = [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, torch.nn.Module)
               and v.__module__ == module.__name__ and not inspect.isabstract(v)]
    instances, seen = [], set()
    for key, value in vars(module).items():
        # Only graph models: a module-level loss or MLP is not something the stress graph can feed.
        if isinstance(value, torch.nn.Module) and not key.startswith("_") and id(value) not in seen \
                and _callable_on_graph(type(value)):
            seen.add(id(value))
            instances.append((key, value))
    instance_types = {type(v) for _, v in instances}
    sources = {}
    for cls in classes:
        try:
            sources[cls] = inspect.getsource(cls)
        except (OSError, TypeError):
            sources[cls] = ""
    for name, value in instances:
        found.append((f"{name} ({type(value).__name__})", value, True))
    for cls in classes:
        if cls in instance_types:
            continue
        used_by_other = any(re.search(rf"\b{re.escape(cls.__name__)}\s*\(", src) for other, src in sources.items()
                            if other is not cls)
        if used_by_other:
            continue
        try:
            synth.call_plan(cls.forward)
        except synth.CannotSynthesise:
            continue
        found.append((cls.__name__, cls, False))
    return found


def _callable_on_graph(cls: type) -> bool:
    try:
        synth.call_plan(cls.forward)  # type: ignore[attr-defined]  # a torch Module class
    except synth.CannotSynthesise:
        return False
    return True


def _contains_mp(model: torch.nn.Module) -> bool:
    base = _message_passing_class()
    return base is not None and any(isinstance(m, base) for m in model.modules())


def _build_inputs(plan: tuple[str, list[str]], graph: StressGraph, adjacency_as: str) -> Any:
    x = torch.from_numpy(graph.x)
    edge_index = torch.from_numpy(graph.edge_index)
    weight = torch.from_numpy(graph.edge_weight)
    mode, names = plan
    if mode == "data":
        from torch_geometric.data import Data
        return Data(x=x, edge_index=edge_index, edge_weight=weight, num_nodes=graph.num_nodes)
    args: list[Any] = [x]
    for name in names:
        if name == "edge_index" or (name == "adj" and adjacency_as == "edge_index"):
            args.append(edge_index)
        elif name == "adj":
            args.append(torch.from_numpy(graph.dense()))
        elif name == "edge_weight":
            args.append(weight)
        elif name == "batch":
            args.append(torch.zeros(graph.num_nodes, dtype=torch.long))
    return tuple(args)


def synthesise(module: ModuleType, sites: Sites, emit_case: Callable[[dict[str, Any]], None], device: str,
               progress: Callable[[str], None]) -> None:
    for label, target, is_instance in _candidates(module):
        cls = type(target) if is_instance else target
        span = class_span(cls, sites)
        line = span[0] if span else None
        record = case_record(label, "torch", "synthesised", line, span, "")
        try:
            progress(f"building {label}")
            seed()
            if is_instance:
                chosen: list[str]
                model, chosen, features = target, [], None
                for m in model.modules():
                    w = getattr(m, "in_channels", None) or getattr(m, "in_features", None)
                    if isinstance(w, int) and w > 0:
                        features = w
                        break
                features = features or synth.FEATURES
            else:
                kwargs, chosen, features = synth.fill_constructor(cls)
                torch.manual_seed(0)
                model = cls(**kwargs)
            plan = synth.call_plan(type(model).forward)
            adjacency_as = "edge_index" if _contains_mp(model) else "dense"
            for attempt in range(3):
                graph = stress_graph(features)
                inputs = _build_inputs(plan, graph, adjacency_as)
                record["note"] = (f"built {cls.__name__}({', '.join(chosen)})" if not is_instance
                                  else f"module-level `{label}`") + f"; ran on a {graph.describe()}"
                try:
                    measure(model, inputs, sites, record, device=device, isolated=graph.isolated_mask,
                            progress=progress)
                    break
                except RuntimeError as error:
                    # A hard-coded input width the constructor does not expose: learn it from the error.
                    found = re.search(r"\(\d+x(\d+) and (\d+)x\d+\)", str(error))
                    if found and attempt < 2 and int(found.group(2)) != features:
                        features = int(found.group(2))
                        record.update(layers=[], activations=[], grads=[])
                        continue
                    if attempt < 2 and "adj" in plan[1] and adjacency_as == "edge_index":
                        adjacency_as = "dense"
                        record.update(layers=[], activations=[], grads=[])
                        continue
                    raise
        except synth.CannotSynthesise as error:
            record["error"] = {"reason": str(error), "kind": "synthesis"}
        except Exception as error:  # noqa: BLE001 - the user's code failed; report it
            record["error"] = describe_error(error, sites, stage="synthesised")
        emit_case(record)


# ------------------------------------------------------------------------------------------ the user's step

class StopAtFirstStep(BaseException):
    """Raised from the user's first ``backward()``: nothing after the first training step runs.
    A BaseException, so that the script's own ``except Exception`` does not swallow it."""


class StepCapture:
    """Runs a training script with its first step intercepted. Every top-level call of a module with
    weights is recorded (layer hooks and activations, as ``measure`` does); the first ``backward()``
    runs for real, on the user's loss, and then stops the script. ``case()`` is then that model, that
    batch and that loss, measured."""

    def __init__(self, sites: Sites) -> None:
        self.sites = sites
        self.depth = 0
        self.done = False
        self.call: dict[str, Any] | None = None  # the latest top-level call: model, args, kwargs, recorder, output
        self.loss: torch.Tensor | None = None
        self.line: int | None = None
        self._restore: list[tuple[Any, str, Any]] = []

    def install(self) -> None:
        capture = self
        original_call = torch.nn.Module.__call__
        original_backward = torch.Tensor.backward

        def __call__(module: torch.nn.Module, *args: Any, **kwargs: Any) -> Any:
            if capture.depth or capture.done or not any(True for _ in module.parameters()):
                capture.depth += 1
                try:
                    return original_call(module, *args, **kwargs)
                finally:
                    capture.depth -= 1
            if capture.call is not None:
                capture.call["recorder"].close()
            try:
                num_nodes = _graph_of(kwargs or (args[0] if len(args) == 1 else args))[0]
            except Exception:  # noqa: BLE001 - inputs the probe does not understand: no isolated-node mask
                num_nodes = None
            recorder = Recorder(module, capture.sites, num_nodes, None)
            capture.call = {"model": module, "args": args, "kwargs": kwargs, "recorder": recorder, "output": None}
            capture.depth += 1
            try:
                with _Probe(recorder):
                    output = original_call(module, *args, **kwargs)
            finally:
                capture.depth -= 1
                recorder.close()
            capture.call["output"] = output
            return output

        def backward(tensor: torch.Tensor, *args: Any, **kwargs: Any) -> Any:
            if capture.done or capture.call is None:
                return original_backward(tensor, *args, **kwargs)  # type: ignore[no-untyped-call]
            capture.done = True
            capture.line = (capture.sites.user_lines(depth=2) or [None])[0]  # type: ignore[list-item]
            capture.loss = tensor
            original_backward(tensor, *args, **kwargs)  # type: ignore[no-untyped-call]
            raise StopAtFirstStep

        for owner, name, value in ((torch.nn.Module, "__call__", __call__), (torch.Tensor, "backward", backward)):
            self._restore.append((owner, name, getattr(owner, name)))
            setattr(owner, name, value)

    def uninstall(self) -> None:
        for owner, name, value in reversed(self._restore):
            setattr(owner, name, value)
        self._restore.clear()

    def case(self) -> dict[str, Any]:
        call = self.call
        assert call is not None and self.loss is not None
        model, args, kwargs, recorder = call["model"], call["args"], call["kwargs"], call["recorder"]
        span = class_span(type(model), self.sites)
        label = f"{type(model).__name__} (your first training step)"
        note = (f"your script ran as `__main__` up to its first `backward()`"
                + (f" (line {self.line})" if self.line else "") + " and stopped there: your model, your batch, your loss")
        record = case_record(label, "torch", "training step", span[0] if span else self.line, span, note)
        inputs = kwargs if kwargs and not args else (args[0] if len(args) == 1 and not kwargs else args)
        num_nodes, edge_index, weight, x = _graph_of(inputs)
        if num_nodes:
            record["graph"] = graph_hazards(num_nodes, edge_index, weight, x)
        record["output"] = tensor_stats(_first_tensor(call["output"]))
        loss_value = self.loss.detach().double()
        record["loss"] = {"value": clean(float(loss_value.sum().item())),
                          "kind": "your loss" + (f" (backward at line {self.line})" if self.line else "")}
        record["layers"] = recorder.layers
        record["activations"] = recorder.activations
        record["grads"] = _grads(model, recorder)
        if not (args and kwargs) and (any(layer["out"] and layer["out"]["nonfinite"] for layer in recorder.layers)
                                      or (record["output"] or {}).get("nonfinite")):
            record["origin"] = _origin(model, args or kwargs, self.sites, num_nodes)
        return record
