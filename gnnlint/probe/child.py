"""The probe's child process: ``python -m gnnlint.probe.child REQUEST_JSON``.

It imports the user's file as a module (so ``if __name__ == "__main__":`` blocks do not run), finds the
probe functions or synthesises cases, measures each, and writes one JSON object per line to the
protocol stream (the original stdout; the user's prints go to stderr). The parent turns the
measurements into findings; everything here may crash, hang or run out of memory without harm.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gnnlint.probe.hints import hint
from gnnlint.probe.sites import Sites, class_span
from gnnlint.probe.stats import case_record, describe_error, seed
from gnnlint.probe.step import KERAS_TRAINING_CALLS, trains_when_run
from gnnlint.probe.watch import WATCH_NAME, Watcher, instrument

if TYPE_CHECKING:
    from types import CodeType, ModuleType

MODULE_NAME = "gnnlint_probe_target"
MAX_CASES = 8
_TORCH = re.compile(r"^\s*(import|from)\s+torch\b", re.M)
_TF = re.compile(r"^\s*(import|from)\s+(tensorflow|keras|tf_keras|spektral)\b", re.M)


class Protocol:
    def __init__(self) -> None:
        # Keep a private copy of stdout for results; user prints go to stderr from now on.
        self.stream = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def emit(self, message: dict[str, Any]) -> None:
        self.stream.write(json.dumps(message) + "\n")
        self.stream.flush()

    def progress(self, text: str) -> None:
        self.emit({"type": "progress", "text": text})


def _limit_memory(megabytes: int | None) -> None:
    if not megabytes:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - not Linux/macOS
        return
    limit = int(megabytes) * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # pragma: no cover - a lower hard limit is already set
        pass


def _import_user(path: str, code: CodeType | None = None, watcher: Watcher | None = None,
                 as_main: bool = False) -> ModuleType:
    """Import the file as a module; ``code``: its instrumented code object (see watch.py), if any;
    ``as_main``: run it as a script (its ``if __name__ == "__main__":`` block runs too)."""
    directory = os.path.dirname(os.path.abspath(path))
    if directory not in sys.path:
        sys.path.insert(0, directory)
    spec = importlib.util.spec_from_file_location(MODULE_NAME, path)
    assert spec is not None and spec.loader is not None  # a .py file path
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module
    if as_main:
        module.__dict__["__name__"] = "__main__"  # the loader refuses that name: run the code here
        sys.modules["__main__"] = module  # so inspect (and pickle) find the script's classes
        if code is None:
            with open(path, encoding="utf-8", errors="replace") as handle:
                code = compile(handle.read(), path, "exec", dont_inherit=True)
    if code is None:
        spec.loader.exec_module(module)
    else:
        module.__dict__[WATCH_NAME] = watcher
        exec(code, module.__dict__)
    return module


def _explicit(module: ModuleType) -> list[tuple[str, Callable[[], Any]]]:
    found = []
    for name, value in vars(module).items():
        if (name == "gnnlint_probe" or name.startswith("gnnlint_probe_")) and callable(value) \
                and getattr(value, "__module__", None) == module.__name__:
            found.append((name, value))
    return found


def _run_explicit(name: str, function: Callable[[], Any], sites: Sites, protocol: Protocol, device: str) -> None:
    import inspect
    try:
        line = inspect.getsourcelines(function)[1]
    except (OSError, TypeError):
        line = None
    record = case_record(name, "?", "explicit", line, None, f"declared by `{name}()`")
    try:
        protocol.progress(f"building {name}")
        seed()
        case = function()
        model = getattr(case, "model", None) if not isinstance(case, dict) else case.get("model")
        get: Callable[[str], Any] = (lambda k: case.get(k)) if isinstance(case, dict) else (lambda k: getattr(case, k, None))
        if model is None:
            raise TypeError(f"{name}() must return gnnlint.ProbeCase(model, inputs), not {type(case).__name__}")
        record["span"] = list(class_span(type(model), sites) or []) or None
        from gnnlint.probe_backends import backend_for  # through the hook: a plugin may add backends
        backend = backend_for(model)
        record["backend"] = backend.name
        backend.measure(model, get("inputs"), sites, record, target=get("target"), loss=get("loss"), device=device,
                        progress=protocol.progress)
    except Exception as error:  # noqa: BLE001 - the user's code failed; report it
        record["error"] = describe_error(error, sites)
    protocol.emit({"type": "case", "case": record})


def _first_step(path: str, code: CodeType | None, watcher: Watcher, sites: Sites, protocol: Protocol,
                framework: str) -> bool:
    """Run a training script as ``__main__`` until its first training step (PyTorch: ``backward()``;
    Keras: ``fit``/``train_on_batch``), and report that step: the user's model, data and loss. False
    when it reached no step (it ended, or failed before): the caller then imports the file as a
    module, as for any other file."""
    if framework == "torch":
        from gnnlint.probe import torch_backend

        capture: Any = torch_backend.StepCapture(sites)
        stop: type[BaseException] = torch_backend.StopAtFirstStep
    else:
        from gnnlint.probe import tf_backend

        capture, stop = tf_backend.FitCapture(sites), tf_backend.StopFirstStep
    protocol.progress(f"running {os.path.basename(path)} to its first training step")
    argv, sys.argv = sys.argv, [path]  # the script's own argument parsing sees no probe arguments
    capture.install()
    try:
        seed()
        _import_user(path, code, watcher, as_main=True)
    except stop:
        pass
    except BaseException:  # noqa: BLE001 - SystemExit included: fall back to importing the file
        return False
    finally:
        capture.uninstall()
        sys.argv = argv
    if not capture.done:
        return False
    try:
        record = capture.case()
    except Exception as error:  # noqa: BLE001 - report it as a failed case
        record = case_record("your first training step", framework, "training step", capture.line, None, "")
        record["error"] = describe_error(error, sites)
    protocol.emit({"type": "case", "case": record})
    return True


def main(argv: list[str]) -> int:
    request = json.loads(argv[1])
    protocol = Protocol()
    watcher = Watcher(lambda hit: protocol.emit({"type": "watch", **hit}))
    return _probe(request, protocol, watcher)


def _probe(request: dict[str, Any], protocol: Protocol, watcher: Watcher) -> int:
    _limit_memory(request.get("memory_mb"))
    path, device = request["path"], request.get("device", "cpu")
    sites = Sites(path)
    with open(path, encoding="utf-8", errors="replace") as handle:
        source = handle.read()
    torch_wanted, tf_wanted = bool(_TORCH.search(source)), bool(_TF.search(source))
    try:
        if torch_wanted:
            protocol.progress("importing torch")
            import torch
            sites.patch_init(torch.nn.Module)
            torch.manual_seed(0)
        if tf_wanted:
            protocol.progress("importing tensorflow")
            from gnnlint.probe import tf_backend
            tf_backend.prepare(sites, source)
        code = instrument(source, path, request["watch"]) if request.get("watch") else None
        if torch_wanted and trains_when_run(source) and _first_step(path, code, watcher, sites, protocol, "torch"):
            protocol.emit({"type": "done"})
            return 0
        if tf_wanted and not torch_wanted and trains_when_run(source, KERAS_TRAINING_CALLS) \
                and _first_step(path, code, watcher, sites, protocol, "tensorflow"):
            protocol.emit({"type": "done"})
            return 0
        protocol.progress(f"importing {os.path.basename(path)}")
        module = _import_user(path, code, watcher)
    except SystemExit as stop:
        protocol.emit({"type": "fatal", "reason": f"the file called sys.exit({stop.code!r}) while being imported",
                       "hint": hint(stop, "import", source)})
        return 0
    except BaseException as error:  # noqa: BLE001 - anything the user's module-level code raised
        protocol.emit({"type": "fatal", **describe_error(error, sites, stage="import")})
        return 0
    explicit = _explicit(module)
    try:
        if explicit:
            for name, function in explicit[:MAX_CASES]:
                _run_explicit(name, function, sites, protocol, device)
        else:
            if "torch" in sys.modules and torch_wanted:
                from gnnlint.probe import torch_backend
                torch_backend.synthesise(module, sites, lambda r: protocol.emit({"type": "case", "case": r}),
                                         device, protocol.progress)
            if tf_wanted:
                from gnnlint.probe import tf_backend
                tf_backend.synthesise(module, sites, lambda r: protocol.emit({"type": "case", "case": r}),
                                      device, protocol.progress)
    except SystemExit as stop:
        protocol.emit({"type": "fatal", "reason": f"the model code called sys.exit({stop.code!r})"})
        return 0
    protocol.emit({"type": "done"})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
