"""Values that go through files: what ``np.save(path, a)`` writes, ``np.load(path)`` reads back.

Research code often builds a graph in one script (or one branch of a cache), saves it, and loads
it in another. A load is paired with the saves of the project whose path names the same file, told
from the path's *pattern*: its string literals, with ``*`` for whatever is computed
(``'./' + name + '/adj/' + str(i) + '.npy'`` reads ``./*/adj/*.npy``). Two patterns name the same
file when their file names match each other and carry a literal of their own beyond the extension;
a file name that is all computed (``*.npy``) needs the folder above it to be the same literal.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import libcst as cst

from gnnlint.analysis.scopes import argument

if TYPE_CHECKING:  # (no libcst attribute at module level: libcst is imported lazily)
    # Follows a name to the expression last stored in it (None when not known): (name, where it is read).
    Follow = Callable[[cst.Name, cst.CSTNode], cst.BaseExpression | None]
    # The qualified name a call's function refers to (``os.path.join``), None for a project's own.
    NameOf = Callable[[cst.Call], str | None]

# Writer -> (path position, path keyword, value position, value keyword, suffix the writer appends).
WRITERS: dict[str, tuple[int, str, int, str, str]] = {
    "numpy.save": (0, "file", 1, "arr", ".npy"),
    "scipy.sparse.save_npz": (0, "file", 1, "matrix", ".npz"),
    "torch.save": (1, "f", 0, "obj", ""),
    "pickle.dump": (1, "file", 0, "obj", ""),
    "joblib.dump": (1, "filename", 0, "value", ""),
}
# What a file that calls a writer holds in its text (the cheap test before it is parsed).
WRITER_SPELLINGS = ("save(", "save_npz(", "dump(")
# Reader -> (path position, path keyword): each gives back what one writer of the table wrote.
READERS: dict[str, tuple[int, str]] = {
    "numpy.load": (0, "file"), "scipy.sparse.load_npz": (0, "file"), "torch.load": (0, "f"),
    "pickle.load": (0, "file"), "joblib.load": (0, "filename"),
}

_FORMAT_FIELD = re.compile(r"\{[^{}]*\}|%[-+ #0-9.]*[sdifgre]")


def pattern(expr: cst.BaseExpression, follow: Follow, name_of: NameOf, depth: int = 0) -> str:
    """The path ``expr`` builds, literals kept and everything computed as ``*``. A file handle
    (``open(path, "wb")``, followed through the name it is held in) stands for its path."""
    if depth > 6:
        return "*"
    if isinstance(expr, cst.SimpleString):
        value = expr.evaluated_value
        return value if isinstance(value, str) else "*"
    if isinstance(expr, cst.ConcatenatedString):
        return pattern(expr.left, follow, name_of, depth + 1) + pattern(expr.right, follow, name_of, depth + 1)
    if isinstance(expr, cst.FormattedString):
        return "".join(part.value if isinstance(part, cst.FormattedStringText) else "*" for part in expr.parts)
    if isinstance(expr, cst.BinaryOperation):
        left = pattern(expr.left, follow, name_of, depth + 1)
        if isinstance(expr.operator, cst.Add):
            return left + pattern(expr.right, follow, name_of, depth + 1)
        if isinstance(expr.operator, cst.Divide):  # pathlib: `folder / "adj.npz"`
            return left + "/" + pattern(expr.right, follow, name_of, depth + 1)
        if isinstance(expr.operator, cst.Modulo):  # `"adj_%s.npy" % name`
            return _FORMAT_FIELD.sub("*", left)
        return "*"
    if isinstance(expr, cst.Call):
        # (a builtin's name is not qualified: `open` is spelled as it is)
        called = name_of(expr) or (expr.func.value if isinstance(expr.func, cst.Name) else "")
        if called in ("os.path.join", "posixpath.join", "ntpath.join"):
            return "/".join(pattern(arg.value, follow, name_of, depth + 1) for arg in expr.args)
        if called in ("open", "io.open", "gzip.open", "bz2.open", "pathlib.Path") and expr.args:
            return pattern(expr.args[0].value, follow, name_of, depth + 1)
        if isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "format":
            return _FORMAT_FIELD.sub("*", pattern(expr.func.value, follow, name_of, depth + 1))
        return "*"
    if isinstance(expr, cst.Name):
        held = follow(expr, expr)
        return pattern(held, follow, name_of, depth + 1) if held is not None else "*"
    return "*"


def _parts(path: str, suffix: str = "") -> list[str]:
    path = re.sub(r"\*+", "*", path.replace("\\", "/"))
    if suffix and not path.endswith(suffix):
        path += suffix  # np.save(`"adj"`) writes adj.npy
    return [part for part in path.split("/") if part not in ("", ".")]


def _own_literal(part: str) -> bool:
    """A file or folder name with a literal of its own beyond its extension (``adj_*.npy``, not ``*.npy``)."""
    return re.search(r"[A-Za-z0-9]", re.sub(r"\.[A-Za-z0-9]+$", "", part).replace("*", "")) is not None


def _match(a: str, b: str) -> bool:
    return a == b or fnmatch.fnmatchcase(a, b) or fnmatch.fnmatchcase(b, a)


def same_file(loaded: str, saved: str, suffix: str = "") -> bool:
    """Whether the load pattern ``loaded`` and the save pattern ``saved`` name one file."""
    load, save = _parts(loaded), _parts(saved, suffix)
    if not load or not save or not _match(load[-1], save[-1]):
        return False
    if _own_literal(load[-1]) and _own_literal(save[-1]):
        return True
    return len(load) > 1 and len(save) > 1 and _own_literal(load[-2]) and load[-2] == save[-2]


def needle(loaded: str) -> str | None:
    """A literal every file that saves to ``loaded`` must contain (what the text search looks for),
    or None where the pattern names no file of its own."""
    parts = _parts(loaded)
    if not parts:
        return None
    name = parts[-1] if _own_literal(parts[-1]) else parts[-2] if len(parts) > 1 and _own_literal(parts[-2]) else None
    if name is None:
        return None
    pieces = [p for p in re.split(r"\*|\.[A-Za-z0-9]+$", name) if re.search(r"[A-Za-z0-9]", p)]
    return max(pieces, key=len) if pieces else None


def written(call: cst.Call, writer: str) -> tuple[cst.BaseExpression, cst.BaseExpression, str] | None:
    """(path or file handle, value written, suffix the writer appends) of a writer's call."""
    path_at, path_key, value_at, value_key, suffix = WRITERS[writer]
    path, value = argument(call, path_at, path_key), argument(call, value_at, value_key)
    return (path, value, suffix) if path is not None and value is not None else None


def read_from(call: cst.Call, reader: str) -> cst.BaseExpression | None:
    """The path or file handle a reader's call reads."""
    return argument(call, *READERS[reader])
