"""The parent side: which files to probe, one child process per file, and what came back.

A child that crashes, hangs, runs out of memory or exits early never takes the linter down: its
file gets a GNN808 finding with the reason, and the other files are still probed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gnnlint.probe.hints import IMPORT_HINT, STEP_HINT

if TYPE_CHECKING:
    from gnnlint.discovery import Excluder

_FRAMEWORK_IMPORT = re.compile(r"^\s*(import|from)\s+(torch|tensorflow|keras|tf_keras|spektral)\b", re.M)
_LEGACY_KERAS = re.compile(r"^\s*(import|from)\s+(spektral|tf_keras)\b", re.M)
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent.parent)


@dataclasses.dataclass
class FileResult:
    path: str
    cases: list[dict[str, Any]]
    fatal: dict[str, Any] | None = None
    seconds: float = 0.0
    # key of a watched static finding (see watch.py) -> {"nonfinite": n, "numel": m}: its value held NaN/Inf
    watched: dict[int, dict[str, Any]] = dataclasses.field(default_factory=dict)


def candidate_files(paths: Sequence[str], excluder: Excluder | None = None) -> list[str]:
    """The .py files under ``paths`` that import a deep-learning framework (others have nothing to run).

    Discovery is the static pass's: ``excluder`` (the configured ``exclude``) and ``.gitignore`` apply,
    and a file marked ``# gnnlint: noqa`` is not run. The probe executes code, so a file the user left
    out of linting must never run.
    """
    from gnnlint.discovery import Excluder, discover
    from gnnlint.suppress import parse_suppressions

    found = discover([str(p) for p in paths], excluder or Excluder((), Path.cwd()))
    files = []
    for path in found.files:
        if path.suffix != ".py":
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if _FRAMEWORK_IMPORT.search(text) and not parse_suppressions(text).skip_file:
            files.append(str(path))
    return files


def child_environment(source: str, device: str, parallel: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([_PACKAGE_ROOT, *filter(None, [env.get("PYTHONPATH")])])
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("MALLOC_ARENA_MAX", "2")  # glibc reserves 64 MB of address space per thread otherwise
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if _LEGACY_KERAS.search(source):
        env["TF_USE_LEGACY_KERAS"] = "1"  # Spektral is built on tf_keras (Keras 2)
    if device == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = ""
    if parallel:
        env.setdefault("OMP_NUM_THREADS", "1")
    return env


def _signal_reason(code: int) -> str:
    number = -code
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    if number == signal.SIGKILL:
        return f"the probe process was killed ({name}), most likely for running out of memory"
    if number == signal.SIGABRT:
        return f"the probe process aborted ({name}): the model code or a native library called abort()"
    if number == signal.SIGSEGV:
        return f"the probe process crashed with a segmentation fault ({name})"
    return f"the probe process died from {name}"


def probe_file(path: str, *, device: str = "cpu", timeout: float = 60.0, memory_mb: int | None = 4096,
               progress: Callable[[str], None] | None = None, parallel: bool = False,
               watch: Sequence[dict[str, Any]] = ()) -> FileResult:
    """``watch``: expressions to instrument, {"key", "line", "column", "end_line", "end_column"}."""
    start = time.monotonic()
    try:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return FileResult(path, [], {"reason": f"cannot read the file: {error.strerror}"})
    request = json.dumps({"path": os.path.abspath(path), "device": device, "memory_mb": memory_mb, "watch": list(watch)})
    try:
        process = subprocess.Popen([sys.executable, "-m", "gnnlint.probe.child", request],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=child_environment(source, device, parallel), start_new_session=True)
    except OSError as error:
        return FileResult(path, [], {"reason": f"cannot start the probe process: {error}"})
    messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
    stderr_tail: list[str] = []

    def read_stdout() -> None:
        for raw in process.stdout:  # type: ignore[union-attr]
            try:
                messages.put(json.loads(raw))
            except ValueError:
                continue
        messages.put(None)

    def read_stderr() -> None:
        for raw in process.stderr:  # type: ignore[union-attr]
            stderr_tail.append(raw.decode("utf-8", "replace").rstrip())
            del stderr_tail[:-20]

    threads = [threading.Thread(target=read_stdout, daemon=True), threading.Thread(target=read_stderr, daemon=True)]
    for thread in threads:
        thread.start()
    cases: list[dict[str, Any]] = []
    watched: dict[int, dict[str, Any]] = {}
    fatal: dict[str, Any] | None = None
    stage = "starting"
    done = False
    name = os.path.basename(path)
    deadline = start + timeout
    while True:
        remaining = deadline - time.monotonic()
        try:
            message = messages.get(timeout=max(remaining, 0.01))
        except queue.Empty:
            _kill(process)
            fatal = {"reason": f"timed out after {timeout:g} s while {stage} (a hang, an endless loop, or a model "
                               "too large for the probe graph); raise --probe-timeout if it is only slow",
                     "kind": "timeout"}
            if stage.startswith("importing " + name):
                fatal["hint"] = IMPORT_HINT
            elif stage.startswith("running " + name):
                fatal["hint"] = STEP_HINT
            break
        if message is None:
            break
        kind = message.get("type")
        if kind == "progress":
            stage = message.get("text", stage)
            if progress is not None:
                progress(f"{name}: {stage}")
        elif kind == "case":
            cases.append(message["case"])
        elif kind == "watch":
            watched[message["key"]] = {"nonfinite": message["nonfinite"], "numel": message["numel"]}
        elif kind == "fatal":
            fatal = {k: v for k, v in message.items() if k != "type"}
        elif kind == "done":
            done = True
    try:
        code = process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        _kill(process)
        code = process.wait()
    for thread in threads:
        thread.join(timeout=1)
    if fatal is None and not done:
        last = next((line for line in reversed(stderr_tail) if line.strip()), "")
        if code < 0:
            fatal = {"reason": _signal_reason(code), "kind": "crash"}
        elif "MemoryError" in last or "can't allocate memory" in last:
            fatal = {"reason": f"out of memory (limit {memory_mb} MB): {last[:200]}", "kind": "memory"}
        else:
            fatal = {"reason": f"the probe process exited with status {code} while {stage} before reporting "
                               "(does the code call os._exit or exit?)" + (f"; last output: {last[:200]}" if last else ""),
                     "kind": "exit"}
            if stage.startswith("importing " + name):
                fatal["hint"] = IMPORT_HINT
    if fatal is not None and fatal.get("kind") == "memory" and memory_mb:
        fatal["reason"] += f" (limit {memory_mb} MB)" if "limit" not in fatal["reason"] else ""
    return FileResult(path, cases, fatal, time.monotonic() - start, watched)


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        process.kill()


def probe_files(files: Sequence[str], *, device: str, timeout: float, memory_mb: int | None,
                progress: Callable[[str], None] | None, jobs: int | None = None,
                on_done: Callable[[FileResult], None] | None = None,
                watch: dict[str, list[dict[str, Any]]] | None = None) -> list[FileResult]:
    if not files:
        return []
    jobs = jobs or max(1, min(2, os.cpu_count() or 1, len(files)))
    lock = threading.Lock()

    def report(text: str) -> None:
        if progress is not None:
            with lock:
                progress(text)

    def one(path: str) -> FileResult:
        result = probe_file(path, device=device, timeout=timeout, memory_mb=memory_mb,
                            progress=report if progress else None, parallel=jobs > 1,
                            watch=(watch or {}).get(path, ()))
        if on_done is not None:
            with lock:
                on_done(result)
        return result

    if jobs == 1:
        return [one(path) for path in files]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, files))
