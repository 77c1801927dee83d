"""Which probe findings the user sees: the same selection, per-file-ignores and ``# noqa`` as the
static pass (the code is the static pass's own: ``LintSettings``, ``per_file_ignore_filter``,
``parse_suppressions``), and which command-line probe options are usable at all."""

from __future__ import annotations

import glob
import math
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from gnnlint.suppress import Suppressions, parse_suppressions

if TYPE_CHECKING:
    from gnnlint.diagnostics import Diagnostic
    from gnnlint.engine import LintSettings

# The probe's note "no model found" (GNN808 at info severity): the probe's account of what it did,
# shown whenever GNN808 is enabled, unlike info findings of rules that are off by default.
NOTE_CODE = "GNN808"


def file_suppressions(path: str, cache: dict[str, Suppressions]) -> Suppressions:
    if path not in cache:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                cache[path] = parse_suppressions(handle.read())
        except OSError:
            cache[path] = Suppressions()
    return cache[path]


def noqa_lines(diagnostic: Diagnostic) -> tuple[int, ...]:
    """The lines whose ``# noqa`` suppresses a probe finding: its own line, the first line of the
    probed model's class, and the file's first line (a probe finding may sit on a line the user
    cannot annotate, such as a library layer's creation)."""
    span = getattr(diagnostic, "_probe_span", None)
    return tuple(sorted({diagnostic.line, *(span[:1] if span else ()), 1}))


def probe_filter(settings: LintSettings, keep_path: Callable[[Diagnostic], bool]) -> Callable[[Diagnostic], bool]:
    """A predicate: the rule is enabled (``select``/``ignore``; GNN807, info, only when selected),
    ``per-file-ignores`` (``keep_path``) allows it, and no ``# noqa`` suppresses it."""
    cache: dict[str, Suppressions] = {}

    def keep(diagnostic: Diagnostic) -> bool:
        if not settings.enabled(diagnostic.code) or not keep_path(diagnostic):
            return False
        if diagnostic.severity == "info" and diagnostic.code != NOTE_CODE and not settings.shows_info(diagnostic.code):
            return False
        suppressions = file_suppressions(diagnostic.path, cache)
        return not (suppressions.skip_file or suppressions.suppresses(diagnostic.code, noqa_lines(diagnostic)))

    return keep


_DEVICE = re.compile(r"^(cpu|cuda(:\d+)?)$")


def _cuda_devices() -> int | None:
    """How many NVIDIA GPUs this process may use, without importing a framework: the driver's device
    nodes, narrowed by CUDA_VISIBLE_DEVICES. None where that cannot be told cheaply (not Linux)."""
    if not os.path.isdir("/dev"):
        return None
    count = len([p for p in glob.glob("/dev/nvidia[0-9]*") if p[len("/dev/nvidia"):].isdigit()])
    if count == 0 and os.path.exists("/proc/driver/nvidia/version"):
        count = 1
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None:
        ids = [part for part in visible.split(",") if part.strip()]
        if not ids or ids[0].strip().startswith("-"):
            return 0
        count = min(count, len(ids))
    return count


def check_options(device: str, timeout: float, report: str | None) -> str | None:
    """The first problem with the probe's options as one line, or None. Checked before any work."""
    if not _DEVICE.match(device):
        return f"--probe-device '{device}': not a device (use cpu, cuda or cuda:N)"
    if device.startswith("cuda"):
        available = _cuda_devices()
        index = int(device.partition(":")[2] or 0)
        if available is not None and index >= available:
            why = "no CUDA device is available (no NVIDIA driver, or CUDA_VISIBLE_DEVICES hides them)" if not available \
                else f"only {available} CUDA device{'s' if available != 1 else ''} available"
            return f"--probe-device {device}: {why}; use --probe-device cpu"
    if not (timeout > 0) or math.isinf(timeout):
        return f"--probe-timeout {timeout:g}: must be a positive number of seconds"
    if report:
        folder = os.path.dirname(os.path.abspath(report))
        if os.path.isdir(report):
            return f"--probe-report {report}: is a directory; name an .html file"
        if not os.path.isdir(folder):
            return f"--probe-report {report}: the folder {folder} does not exist"
        if not os.access(folder, os.W_OK) or (os.path.exists(report) and not os.access(report, os.W_OK)):
            return f"--probe-report {report}: not writable"
    return None
