"""Instrumenting the expressions of the file's static findings, in the child: each flagged expression
is wrapped, in the AST, in a call that records whether its value held NaN/Inf and returns the value
unchanged. A static finding is then confirmed by the value that very expression produced, wherever it
ran: module-level NumPy preprocessing, a model's forward, a probe function.
"""

from __future__ import annotations

import ast
import math
import sys
from collections.abc import Callable, Iterator
from typing import Any

WATCH_NAME = "__gnnlint_watch__"


def _nonfinite(value: Any) -> tuple[int, int] | None:
    """(non-finite count, element count) of a float value, array or tensor; None for anything else."""
    if isinstance(value, float):
        return (0 if math.isfinite(value) else 1), 1
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        if not (value.is_floating_point() or value.is_complex()):
            return None
        return int((~torch.isfinite(value.detach())).sum().item()), value.numel()
    numpy = sys.modules.get("numpy")
    if numpy is None:
        return None
    if not isinstance(value, (numpy.ndarray, numpy.generic)) and hasattr(value, "numpy"):
        try:
            value = value.numpy()  # an eager TensorFlow tensor; a symbolic one raises and is skipped
        except Exception:  # noqa: BLE001
            return None
    if isinstance(value, (numpy.ndarray, numpy.generic)) and value.dtype.kind in "fc":
        array = numpy.asarray(value)
        return int((~numpy.isfinite(array)).sum()), int(array.size)
    return None


class Watcher:
    """The callable the instrumented expressions call: ``__gnnlint_watch__(key, value)``."""

    def __init__(self, on_hit: Callable[[dict[str, Any]], None]) -> None:
        self.on_hit = on_hit  # told at once, so a later crash or hang cannot lose it
        self.seen: set[int] = set()

    def __call__(self, key: int, value: Any) -> Any:
        if key not in self.seen:
            try:
                counts = _nonfinite(value)
            except Exception:  # noqa: BLE001 - never let the watch change what the user's code does
                counts = None
            if counts is not None and counts[0]:
                self.seen.add(key)
                self.on_hit({"key": key, "nonfinite": counts[0], "numel": counts[1]})
        return value


def _span(node: ast.expr) -> tuple[int, int, int, int]:
    return node.lineno, node.col_offset, node.end_lineno or node.lineno, node.end_col_offset or node.col_offset


class _Wrap(ast.NodeTransformer):
    def __init__(self, chosen: dict[int, int]) -> None:
        self.chosen = chosen  # id(node) -> key

    def generic_visit(self, node: ast.AST) -> ast.AST:
        node = super().generic_visit(node)
        key = self.chosen.get(id(node)) if isinstance(node, ast.expr) else None
        if key is None:
            return node
        call = ast.Call(func=ast.Name(WATCH_NAME, ast.Load()), args=[ast.Constant(key), node], keywords=[])  # type: ignore[list-item]  # an ast.expr, checked above
        return ast.copy_location(call, node)


def _watchable(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node outside functions compiled by a framework (``torch.jit.script``, ``torch.compile``,
    ``tf.function``...): a call into the watch there would break the compilation."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and any(
                word in ast.unparse(d) for d in node.decorator_list for word in ("jit", "script", "compile", "function")):
            skipped.update(id(child) for child in ast.walk(node))
            continue
        yield node


def _byte_offset(lines: list[str], line: int, column: int) -> int:
    """A 0-based character column (as the static pass reports) as ast's UTF-8 byte offset."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return len(text[:column].encode("utf-8"))


def _target_node(tree: ast.AST, target: dict[str, Any], lines: list[str]) -> ast.expr | None:
    """The loaded expression at the static finding's range (1-based character columns, as reported);
    failing an exact match, the largest loaded expression inside that range."""
    line = target["line"]
    column = _byte_offset(lines, line, target["column"] - 1)
    end_line = target.get("end_line") or line
    end_column = _byte_offset(lines, end_line, (target.get("end_column") or target["column"]) - 1)
    inside = []
    for node in _watchable(tree):
        if not isinstance(node, ast.expr) or isinstance(getattr(node, "ctx", None), (ast.Store, ast.Del)) \
                or isinstance(node, (ast.Starred, ast.Slice)):
            continue
        start_line, start_col, stop_line, stop_col = _span(node)
        if (start_line, start_col, stop_line, stop_col) == (line, column, end_line, end_column):
            return node
        if (line, column) <= (start_line, start_col) and (stop_line, stop_col) <= (end_line, end_column):
            inside.append(node)
    return max(inside, key=lambda n: len(ast.unparse(n)), default=None)


def instrument(source: str, path: str, targets: list[dict[str, Any]]) -> Any | None:
    """The code object of ``source`` with each target expression watched; None when nothing matched
    (the caller then imports the file unchanged)."""
    try:
        tree = ast.parse(source, filename=path)
    except (SyntaxError, ValueError):
        return None
    chosen: dict[int, int] = {}
    lines = source.splitlines()
    for target in targets:
        node = _target_node(tree, target, lines)
        if node is not None:
            chosen.setdefault(id(node), target["key"])
    if not chosen:
        return None
    tree = ast.fix_missing_locations(_Wrap(chosen).visit(tree))
    return compile(tree, path, "exec", dont_inherit=True)
