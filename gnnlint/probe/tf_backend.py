"""TensorFlow / Keras / Spektral measurement: each layer's ``call`` and activation wrapped on the
instance, a GradientTape for gradients, ``tf.debugging.enable_check_numerics`` to find the op that
made the first NaN/Inf. Runs only in the child process."""

from __future__ import annotations

import inspect
import math
import os
import traceback
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
import tensorflow as tf

from gnnlint.probe import synth
from gnnlint.probe.graphs import graph_hazards, stress_graph
from gnnlint.probe.sites import Sites, class_span, def_line
from gnnlint.probe.stats import case_record, clean, describe_error, seed

_FRAMEWORK_DIRS: tuple[str, ...] = (os.path.dirname(tf.__file__) + os.sep, os.path.dirname(np.__file__) + os.sep)
_KERAS: list[Any] = []  # the Keras packages in use (tf_keras and/or keras 3)
_ACTIVATION_NAMES = {"relu": "relu", "relu6": "relu", "tanh": "tanh", "sigmoid": "sigmoid"}


def prepare(sites: Sites, source: str) -> None:
    """Before the user's module is imported: record where every Keras layer is built."""
    global _FRAMEWORK_DIRS
    candidates = ["tf_keras"] if os.environ.get("TF_USE_LEGACY_KERAS") == "1" else []
    if "keras" in source.replace("tf_keras", ""):
        candidates.append("keras")
    for name in candidates:
        try:
            package = __import__(name)
        except Exception:  # noqa: BLE001 - a Keras flavour that is not installed
            continue
        _KERAS.append(package)
        sites.patch_init(package.layers.Layer)
        _FRAMEWORK_DIRS += (os.path.dirname(package.__file__) + os.sep,)  # type: ignore[type-var, operator]


def _keras_classes(attr: str) -> tuple[type, ...]:
    found = [getattr(getattr(k, "layers", None), attr, None) if attr == "Layer" else getattr(k, attr, None)
             for k in _KERAS]
    found.append(getattr(tf.keras, attr, None) if attr != "Layer" else getattr(tf.keras.layers, "Layer", None))
    return tuple({c for c in found if isinstance(c, type)})


def _array(value: Any) -> np.ndarray | None:
    if isinstance(value, tf.SparseTensor) or value is None:
        return None
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - symbolic tensors, ragged values
        return None
    return array if array.dtype.kind == "f" and array.size else None


def _first(value: Any) -> Any:
    if isinstance(value, (list, tuple)) and value:
        return _first(value[0])
    if isinstance(value, dict) and value:
        return _first(next(iter(value.values())))
    return value


def array_stats(value: Any) -> dict[str, Any] | None:
    array = _array(value)
    if array is None:
        return None
    array = array.astype(np.float64)
    finite = np.isfinite(array)
    values = array[finite]
    rms = float(np.sqrt(np.mean(values ** 2))) if values.size else math.nan
    peak = float(np.abs(values).max()) if values.size else math.nan
    return {"rms": clean(rms), "max": clean(peak), "nonfinite": int((~finite).sum()), "numel": int(array.size)}


def _is_spektral_conv(layer: Any) -> bool:
    return any(c.__module__.startswith("spektral.layers.convolutional") and c.__name__ == "Conv"
               for c in type(layer).__mro__) or (type(layer).__module__.startswith("spektral.layers.convolutional")
                                                 and hasattr(type(layer), "preprocess"))


def _graph_input(inputs: Any) -> bool:
    if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
        return False
    second = inputs[1]
    shape = getattr(second, "shape", None)
    return isinstance(second, tf.SparseTensor) or (shape is not None and len(shape) >= 2 and shape[-1] == shape[-2])


def _layers(model: Any) -> list[Any]:
    flatten = getattr(model, "_flatten_layers", None)
    if flatten is not None:
        return list(flatten(include_self=False, recursive=True))
    return [m for m in getattr(model, "submodules", ()) if isinstance(m, _keras_classes("Layer"))]


def _own_weights(layer: Any) -> list[Any]:
    for attr in ("_trainable_weights", "_trainable_variables"):
        own = getattr(layer, attr, None)
        if isinstance(own, list):
            return list(own)
    nested = {id(w) for sub in _layers(layer) for w in sub.trainable_weights}
    return [w for w in layer.trainable_weights if id(w) not in nested]


class Recorder:
    def __init__(self, model: Any, sites: Sites, num_nodes: int | None, isolated: np.ndarray | None) -> None:
        self.sites = sites
        self.num_nodes = num_nodes
        self.isolated = isolated
        self.layers: list[dict[str, Any]] = []
        self.entries: dict[int, dict[str, Any]] = {}
        self.activations: list[dict[str, Any]] = []
        self.stack: list[dict[str, Any]] = []
        self.restore: list[tuple[Any, str, Any]] = []
        self.in_activation = False
        self._wrap(model)

    def _wrap(self, model: Any) -> None:
        inside_mp: set[int] = set()
        for layer in _layers(model):
            if id(layer) in inside_mp or type(layer).__name__ == "InputLayer":
                continue
            mp = _is_spektral_conv(layer) or synth.graph_args(type(layer).call)
            if mp:
                inside_mp.update(id(sub) for sub in _layers(layer))
            entry = {"name": layer.name, "type": type(layer).__name__, "mp": mp, "def_line": def_line(layer, self.sites),
                     "call_line": None, "order": None, "in": None, "out": None, "_layer": layer}
            self.entries[id(layer)] = entry
            self._patch(layer, "call", self._call(layer, entry, layer.call))
            kind = self._activation_of(layer)
            if kind:
                self._patch(layer, "activation", self._activation(kind, layer.activation, entry))
        self._patch_namespace()

    @staticmethod
    def _activation_of(layer: Any) -> str | None:
        act = getattr(layer, "activation", None)
        return _ACTIVATION_NAMES.get(getattr(act, "__name__", "")) if callable(act) else None

    def _patch(self, owner: Any, attr: str, value: Any) -> None:
        had = attr in vars(owner)
        self.restore.append((owner, attr, vars(owner)[attr] if had else None))
        setattr(owner, attr, value)

    def _patch_namespace(self) -> None:
        namespaces = [(tf.nn, "relu"), (tf.nn, "relu6"), (tf.math, "tanh"), (tf, "tanh"), (tf.nn, "tanh"),
                      (tf.math, "sigmoid"), (tf, "sigmoid"), (tf.nn, "sigmoid")]
        for package in _KERAS:
            for name in ("relu", "tanh", "sigmoid"):
                namespaces.append((package.activations, name))
        for owner, name in namespaces:
            function = getattr(owner, name, None)
            if function is None:
                continue
            self.restore.append((owner, name, function))
            setattr(owner, name, self._activation(_ACTIVATION_NAMES[name], function, None))

    def close(self) -> None:
        for owner, attr, value in reversed(self.restore):
            if value is None:
                try:
                    delattr(owner, attr)
                except AttributeError:
                    pass
            else:
                try:
                    setattr(owner, attr, value)
                except Exception:  # noqa: BLE001
                    object.__setattr__(owner, attr, value)

    def _call(self, layer: Any, entry: dict[str, Any], original: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            if not tf.executing_eagerly():  # Keras traces shapes symbolically first: nothing to measure
                return original(*args, **kwargs)
            if entry["order"] is None:
                lines = self.sites.user_lines(depth=2)
                entry["call_line"] = next((l for l in lines), None)
                first = args[0] if args else next(iter(kwargs.values()), None)
                entry["in"] = array_stats(_first(first))
                if not entry["mp"] and _graph_input(first):
                    entry["mp"] = True
            self.stack.append(entry)
            try:
                out = original(*args, **kwargs)
            finally:
                self.stack.pop()
            if entry["order"] is None:
                entry["order"] = len(self.layers)
                entry["out"] = array_stats(_first(out))
                self.layers.append(entry)
            return out
        return call

    def _rows(self, array: np.ndarray) -> np.ndarray:
        if self.isolated is not None and array.ndim >= 1 and array.shape[0] == self.num_nodes:
            return array[~self.isolated]  # type: ignore[no-any-return]
        return array

    def _activation(self, kind: str, function: Any, entry: dict[str, Any] | None) -> Any:
        def activation(x: Any, *args: Any, **kwargs: Any) -> Any:
            if self.in_activation or not tf.executing_eagerly():
                return function(x, *args, **kwargs)
            self.in_activation = True
            try:
                if kind in ("tanh", "sigmoid"):
                    self._record(kind, x, entry)
                out = function(x, *args, **kwargs)
                if kind == "relu":
                    self._record(kind, out, entry)
                return out
            finally:
                self.in_activation = False
        activation.__name__ = getattr(function, "__name__", kind)
        return activation

    def _record(self, kind: str, value: Any, entry: dict[str, Any] | None) -> None:
        array = _array(value)
        if array is None or len(self.activations) > 200:
            return
        array = self._rows(array)
        if not array.size:
            return
        owner = entry or (self.stack[-1] if self.stack else None)
        lines = self.sites.user_lines(depth=3)
        fraction = float((array == 0).mean()) if kind == "relu" else float((np.abs(array) >= 5).mean())
        line = lines[0] if lines else (owner or {}).get("def_line")
        self.activations.append({"kind": kind, "fraction": fraction, "numel": int(array.size), "line": line,
                                 "lines": lines, "layer": owner["name"] if owner else None})


def _call_model(model: Any, inputs: Any) -> Any:
    if isinstance(inputs, dict):
        return model(inputs, training=False)
    if isinstance(inputs, tuple):
        return model(*inputs, training=False)
    return model(inputs, training=False)


def _graph_of(inputs: Any) -> tuple[int | None, np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    items = list(inputs.values()) if isinstance(inputs, dict) else list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
    x = a = None
    for item in items:
        if isinstance(item, tf.SparseTensor):
            dense = tf.sparse.to_dense(tf.sparse.reorder(item)).numpy()
        elif hasattr(item, "tocoo"):  # scipy.sparse
            dense = item.toarray()
        else:
            try:
                dense = np.asarray(item)
            except Exception:  # noqa: BLE001
                continue
        if dense.ndim != 2:
            continue
        if x is None and dense.dtype.kind == "f":
            x = dense
        elif x is not None and a is None and dense.shape[0] == dense.shape[1] == x.shape[0]:
            a = dense
    if x is None:
        return None, None, None, None
    if a is None:
        return x.shape[0], None, None, x
    rows, cols = np.nonzero(a)
    return x.shape[0], np.stack([rows, cols]).astype(np.int64), a[rows, cols], x


def _loss(output: Any, target: Any, loss: Any) -> Any:
    if loss is not None:
        return (loss(output, target) if target is not None else loss(output)), \
            f"the probe's own loss `{getattr(loss, '__name__', type(loss).__name__)}`"
    if target is None:
        rng = np.random.default_rng(0)
        target = tf.constant(rng.standard_normal(tuple(output.shape)).astype(output.dtype.as_numpy_dtype))
        return tf.reduce_mean(tf.square(output - target)), "MSE against a fixed N(0, 1) target"
    target = tf.convert_to_tensor(target)
    if target.dtype.is_integer and len(output.shape) == 2:
        out = output.numpy()
        probabilities = bool((out >= 0).all() and np.allclose(out.sum(-1), 1.0, atol=1e-3))
        value = tf.keras.losses.sparse_categorical_crossentropy(target, output, from_logits=not probabilities)
        return tf.reduce_mean(value), "sparse cross-entropy"
    target = tf.reshape(tf.cast(target, output.dtype), output.shape)
    return tf.reduce_mean(tf.square(output - target)), "MSE"


def _origin(model: Any, inputs: Any, sites: Sites) -> dict[str, Any] | None:
    """Run the forward again with numeric checks on: the first op that makes a NaN/Inf raises."""
    tf.debugging.enable_check_numerics()
    try:
        _call_model(model, inputs)
    except Exception as error:  # noqa: BLE001 - the check-numerics error is what we are after
        import re
        frames = traceback.extract_tb(error.__traceback__)
        lines = [f.lineno for f in reversed(frames) if sites.is_user(f.filename)]
        outside = [f for f in frames if not f.filename.startswith(_FRAMEWORK_DIRS)
                   and "gnnlint" + os.sep + "probe" not in f.filename]
        op = re.search(r'op "([^"]+)"', str(error))
        return {"op": op.group(1) if op else type(error).__name__, "line": lines[0] if lines else None, "lines": lines,
                "direct": bool(outside) and sites.is_user(outside[-1].filename), "count": None, "layer": None}
    finally:
        tf.debugging.disable_check_numerics()
    return None


def measure(model: Any, inputs: Any, sites: Sites, record: dict[str, Any], *, target: Any = None,
            loss: Callable[..., Any] | None = None, device: str = "cpu", isolated: np.ndarray | None = None,
            progress: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    device_name = "/CPU:0" if device == "cpu" else ("/GPU:0" if device in ("cuda", "gpu") else device)
    num_nodes, edge_index, weight, x = _graph_of(inputs)
    if record["kind"] == "explicit" and num_nodes:
        record["graph"] = graph_hazards(num_nodes, edge_index, weight, x)
        if edge_index is not None:
            isolated = np.ones(num_nodes, dtype=bool)
            isolated[np.unique(edge_index[:, edge_index[0] != edge_index[1]])] = False
    recorder = Recorder(model, sites, num_nodes, isolated)
    with tf.device(device_name):
        try:
            progress("forward")
            with tf.GradientTape() as tape:
                output = _first(_call_model(model, inputs))
                loss_value, loss_kind = _loss(output, target, loss)
            record["output"] = array_stats(output)
            progress("backward")
            variables = model.trainable_variables
            gradients = tape.gradient(loss_value, variables)
        finally:
            recorder.close()
        record["loss"] = {"value": clean(float(np.asarray(loss_value, dtype=np.float64))), "kind": loss_kind}
        # Weights exist only once a layer has run (Keras builds lazily): decide what is a layer now.
        kept: list[dict[str, Any]] = []
        owner: dict[int, dict[str, Any]] = {}
        entry: dict[str, Any] | None  # a layer's record here, a weight's owner below
        for entry in recorder.layers:
            layer = entry.pop("_layer")
            weights = _own_weights(layer)
            owner.update((id(w), entry) for w in weights)
            if entry["mp"] or weights or recorder._activation_of(layer):
                entry["order"] = len(kept)
                kept.append(entry)
        for entry in recorder.entries.values():
            entry.pop("_layer", None)
        record["layers"] = kept
        record["activations"] = recorder.activations
        for variable, gradient in zip(variables, gradients):
            if gradient is None:
                continue
            if isinstance(gradient, tf.IndexedSlices):
                gradient = tf.convert_to_tensor(gradient)
            g = np.asarray(gradient, dtype=np.float64)
            finite = np.isfinite(g)
            values = g[finite]
            entry = owner.get(id(variable))
            record["grads"].append({"name": getattr(variable, "path", None) or variable.name, "layer": entry["name"] if entry else None,
                                    "weight": len(variable.shape) >= 2, "numel": int(g.size),
                                    "mean_abs": clean(float(np.abs(values).mean()) if values.size else math.nan),
                                    "norm": clean(float(np.linalg.norm(values)) if values.size else math.nan),
                                    "nonfinite": int((~finite).sum())})
        broken = any(l["out"] and l["out"]["nonfinite"] for l in record["layers"]) or \
            (record["output"] or {}).get("nonfinite")
        if broken:
            progress("locating the first NaN/Inf")
            record["origin"] = _origin(model, inputs, sites)
    return record


# ------------------------------------------------------------------------------------------ synthesis

def _candidates(module: Any) -> list[tuple[str, Any, bool]]:
    models = _keras_classes("Model")
    if not models:
        return []
    found, seen = [], set()
    for name, value in vars(module).items():
        if isinstance(value, models) and not name.startswith("_") and id(value) not in seen and _graph_model(value):
            seen.add(id(value))
            found.append((f"{name} ({type(value).__name__})", value, True))
    instance_types = {type(v) for _, v, _ in found}
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, models) and value.__module__ == module.__name__ \
                and value not in instance_types and _graph_class(value):
            found.append((value.__name__, value, False))
    return found


def _graph_model(model: Any) -> bool:
    """A built model the stress graph can feed: two inputs (x and a), or Spektral convolutions inside."""
    inputs = getattr(model, "inputs", None)
    try:
        if inputs is not None and len(inputs) == 2:
            return True
    except TypeError:
        pass
    return any(_is_spektral_conv(layer) for layer in _layers(model))


def _graph_class(cls: type) -> bool:
    """A Model subclass whose call unpacks (x, a) from its inputs or takes them as two arguments."""
    import re

    try:
        source = inspect.getsource(cls.call)  # type: ignore[attr-defined]  # a Keras Model class
    except (OSError, TypeError, AttributeError):
        return False
    if re.search(r"^\s*\w+\s*,\s*\w+(\s*,\s*\w+)?\s*=\s*inputs\b", source, re.M):
        return True
    params = [p for p in inspect.signature(cls.call).parameters if p != "self"]  # type: ignore[attr-defined]
    return len(params) >= 2 and params[1] in synth.ADJ_NAMES | synth.EDGE_NAMES


def _adjacency_for(model: Any, graph: Any) -> tuple[np.ndarray, str]:
    raw = graph.dense()
    for layer in _layers(model):
        if _is_spektral_conv(layer) and callable(getattr(type(layer), "preprocess", None)):
            return np.asarray(type(layer).preprocess(raw), dtype=np.float32), f"{type(layer).__name__}.preprocess(A)"
    return raw, "the raw adjacency A (no self-loops)"


def _features_of(model: Any, default: int | None) -> int:
    try:
        shape = model.inputs[0].shape
        if shape[-1]:
            return int(shape[-1])
    except Exception:  # noqa: BLE001 - subclassed models have no symbolic inputs
        pass
    return default or synth.FEATURES


def synthesise(module: ModuleType, sites: Sites, emit_case: Callable[[dict[str, Any]], None], device: str,
               progress: Callable[[str], None]) -> None:
    for label, target, is_instance in _candidates(module):
        cls = type(target) if is_instance else target
        span = class_span(cls, sites)
        record = case_record(label, "tensorflow", "synthesised", span[0] if span else None, span, "")
        try:
            progress(f"building {label}")
            seed()
            if is_instance:
                chosen: list[str]
                model, chosen, features = target, [], None
                if record["line"] is None:
                    record["line"] = def_line(model, sites)
            else:
                kwargs, chosen, features = synth.fill_constructor(cls)
                tf.keras.utils.set_random_seed(0)
                model = cls(**kwargs)
            call = getattr(type(model), "call", None)
            params = [p for p in inspect.signature(call).parameters.values()
                      if p.name != "self" and p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)] \
                if call is not None and not is_instance else []
            features = _features_of(model, features)
            graph = stress_graph(features)
            adjacency, how = _adjacency_for(model, graph)
            x = graph.x
            inputs: Any = (x, adjacency) if len(params) >= 2 else [x, adjacency]
            record["note"] = ((f"built {cls.__name__}({', '.join(chosen)})" if not is_instance else f"module-level `{label}`")
                              + f"; called on [x, {how}] of a {graph.describe()}")
            measure(model, inputs, sites, record, device=device, isolated=graph.isolated_mask, progress=progress)
        except synth.CannotSynthesise as error:
            record["error"] = {"reason": str(error), "kind": "synthesis"}
        except Exception as error:  # noqa: BLE001 - the user's code failed; report it
            record["error"] = describe_error(error, sites, stage="synthesised")
        emit_case(record)


# ---------------------------------------------------------------------- a training script's first step

class FitCapture:
    """Runs a Keras training script with its first ``fit``/``train_on_batch`` intercepted: the model,
    the inputs and targets the script passes and the loss it compiled are kept, and the script stops
    there (nothing after its first step runs). ``case()`` measures that model on that data."""

    def __init__(self, sites: Sites) -> None:
        self.sites = sites
        self.call: tuple[Any, Any, Any, int | None] | None = None  # model, inputs, targets, line
        self._restore: list[tuple[Any, str, Any]] = []

    def install(self) -> None:
        capture = self

        def first_step(model: Any, x: Any = None, y: Any = None, *args: Any, **kwargs: Any) -> None:
            lines = capture.sites.user_lines(depth=2)
            capture.call = (model, x, y, lines[0] if lines else None)
            raise StopFirstStep

        for owner in _keras_classes("Model"):
            for name in ("fit", "train_on_batch"):
                if name in vars(owner):
                    self._restore.append((owner, name, vars(owner)[name]))
                    setattr(owner, name, first_step)

    def uninstall(self) -> None:
        for owner, name, value in reversed(self._restore):
            setattr(owner, name, value)

    @property
    def done(self) -> bool:
        return self.call is not None

    @property
    def line(self) -> int | None:
        return self.call[3] if self.call is not None else None

    def case(self) -> dict[str, Any]:
        assert self.call is not None
        model, inputs, targets, line = self.call
        note = ("your script ran as `__main__` up to its first `fit()`" + (f" (line {line})" if line else "")
                + " and stopped there: your model, your inputs and targets, your compiled loss")
        record = case_record(f"{getattr(model, 'name', type(model).__name__)} (your first training step)",
                             "tensorflow", "training step", line, None, note)
        num_nodes, edge_index, weight, x = _graph_of(inputs)
        if num_nodes:
            record["graph"] = graph_hazards(num_nodes, edge_index, weight, x)
        compiled = getattr(model, "loss", None)
        loss = tf.keras.losses.get(compiled) if isinstance(compiled, str) else compiled
        return measure(model, inputs, self.sites, record, target=targets,
                       loss=(lambda output, target: tf.reduce_mean(loss(target, output))) if loss else None)


class StopFirstStep(BaseException):
    """Raised in place of the script's first ``fit``: the probe has what it needs."""
