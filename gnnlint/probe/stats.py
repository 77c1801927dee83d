"""Plain-Python records the backends fill and the parent analyses (JSON-serialisable)."""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gnnlint.probe.sites import Sites


def clean(value: float) -> float | str:
    """JSON has no inf/NaN: encode them as strings the parent decodes."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def num(value: Any) -> float:
    if isinstance(value, str):
        return float(value)
    return float(value) if value is not None else math.nan


def case_record(label: str, backend: str, kind: str, line: int | None, span: tuple[int, int] | None,
                note: str) -> dict[str, Any]:
    return {"label": label, "backend": backend, "kind": kind, "line": line, "span": list(span) if span else None,
            "note": note, "layers": [], "activations": [], "grads": [], "loss": None, "origin": None,
            "graph": None, "output": None, "error": None}


def describe_error(error: BaseException, sites: Sites, stage: str = "explicit") -> dict[str, Any]:
    """Why a case failed, for GNN808: the exception, the innermost line of the user's file it passed
    (also named in the reason, as file:line), and what to do about it (see hints.py for ``stage``)."""
    import os
    import traceback

    from gnnlint.probe.hints import hint

    frames = [f for f in traceback.extract_tb(error.__traceback__) if sites.is_user(f.filename)]
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    memory = isinstance(error, MemoryError) or "can't allocate memory" in message or "out of memory" in message.lower()
    where = f" (at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno})" if frames else ""
    try:
        with open(sites.user_file, encoding="utf-8", errors="replace") as handle:
            source = handle.read()
    except OSError:
        source = ""
    return {"reason": ("out of memory: " if memory else "") + text[:300] + where,
            "kind": "memory" if memory else "exception", "line": frames[-1].lineno if frames else None,
            "hint": None if memory else hint(error, stage, source)}


def seed() -> None:
    """Same weights on every run: seed every framework the file uses before each case is built."""
    import random

    random.seed(0)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(0)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(0)
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(0)
