"""The runtime probe's backends, found through the ``gnnlint_register_probe_backends`` hook: the
built-in torch and TensorFlow ones are registered here exactly as a plugin registers its own.

A backend is an object with a ``name``, ``handles(model) -> bool`` and
``measure(model, inputs, sites, record, *, target, loss, device, progress)``, which runs one forward
and one backward pass and fills ``record`` (see ``gnnlint.probe.stats.case_record``). The probe's
child process asks ``backend_for(model)``: plugins' backends first, so that one can claim a model
type the built-ins do not know; the built-in TensorFlow backend takes whatever is left, as before.
Nothing here imports a framework: each backend's module is imported when it measures.
"""

from __future__ import annotations

import sys
from typing import Any

from gnnlint.hookspecs import hookimpl


class TorchBackend:
    name = "torch"

    def handles(self, model: Any) -> bool:
        torch = sys.modules.get("torch")  # a torch model exists only once torch is imported
        return torch is not None and isinstance(model, torch.nn.Module)

    def measure(self, *args: Any, **kwargs: Any) -> Any:
        from gnnlint.probe import torch_backend

        return torch_backend.measure(*args, **kwargs)


class TensorflowBackend:
    name = "tensorflow"

    def handles(self, model: Any) -> bool:
        return True  # the fallback: Keras models, Spektral models, anything callable on a graph

    def measure(self, *args: Any, **kwargs: Any) -> Any:
        from gnnlint.probe import tf_backend

        return tf_backend.measure(*args, **kwargs)


@hookimpl
def gnnlint_register_probe_backends() -> list[object]:
    return [TorchBackend(), TensorflowBackend()]


def backend_for(model: Any, manager: Any = None) -> Any:
    """The backend that measures ``model``: the first, plugins' before the built-ins, that handles it."""
    from gnnlint.plugins import collect_probe_backends, get_plugin_manager

    for backend in collect_probe_backends(manager or get_plugin_manager()):
        if backend.handles(model):
            return backend
    raise TypeError(f"no probe backend handles a {type(model).__name__}")
