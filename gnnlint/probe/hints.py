"""What to do about a probe failure: one clause appended to the GNN808 message.

Computed in the child, where the exception is; plain Python (``ast``), no framework.
"""

from __future__ import annotations

import ast
import socket
from collections.abc import Iterator

PROBE_FUNCTION = ("define `gnnlint_probe()` returning `gnnlint.ProbeCase(model, inputs)` (README, "
                  "\"The runtime probe\")")
MAIN_GUARD = '`if __name__ == "__main__":`'
IMPORT_HINT = (f"module-level code runs when the probe imports the file: move training and data loading behind "
               f"{MAIN_GUARD}, or {PROBE_FUNCTION}")
STEP_HINT = (f"the probe runs a training script as `__main__` up to its first `backward()`: if much comes before "
             f"that step (data loading, downloads), {PROBE_FUNCTION}")

# Import names whose pip package is named differently.
_PIP_NAMES = {"torch_geometric": "torch-geometric", "torch_scatter": "torch-scatter", "torch_sparse": "torch-sparse",
              "sklearn": "scikit-learn", "yaml": "pyyaml", "cv2": "opencv-python", "PIL": "pillow",
              "tf_keras": "tf-keras", "skimage": "scikit-image", "dgl": "dgl"}
_NETWORK_MODULES = ("urllib", "http", "requests", "urllib3", "socket", "ssl", "aiohttp", "fsspec")


def _is_main_guard(node: ast.stmt) -> bool:
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare) or len(node.test.ops) != 1:
        return False
    sides = [node.test.left, *node.test.comparators]
    names = [s.id for s in sides if isinstance(s, ast.Name)]
    strings = [s.value for s in sides if isinstance(s, ast.Constant)]
    return isinstance(node.test.ops[0], ast.Eq) and names == ["__name__"] and strings == ["__main__"]


def main_guard_names(source: str) -> set[str]:
    """Names bound only inside the file's ``if __name__ == "__main__":`` blocks."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    inside: set[str] = set()
    outside: set[str] = set()
    for statement in tree.body:
        target = inside if _is_main_guard(statement) else outside
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                target.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                target.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                target.update((a.asname or a.name).split(".")[0] for a in node.names)
    return inside - outside


def _chain(error: BaseException | None) -> Iterator[BaseException]:
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def _is_data_loading(error: BaseException) -> bool:
    """A download that found no network, or a data file that is not there."""
    for link in _chain(error):
        module = type(link).__module__.split(".")[0]
        if module in _NETWORK_MODULES or isinstance(link, (ConnectionError, socket.gaierror, TimeoutError,
                                                           FileNotFoundError)):
            return True
    return False


def hint(error: BaseException, stage: str, source: str) -> str | None:
    """``stage``: "import" (module-level code), "synthesised" (a model the probe built itself) or
    "explicit" (the user's ``gnnlint_probe()``)."""
    if isinstance(error, ModuleNotFoundError) and error.name:
        top = error.name.split(".")[0]
        return (f"install the missing package where gnnlint runs (`pip install {_PIP_NAMES.get(top, top)}`), or "
                f"import it only under {MAIN_GUARD}")
    name = getattr(error, "name", None)
    if isinstance(error, NameError) and name and name in main_guard_names(source):
        return (f"`{name}` is defined only under {MAIN_GUARD}, which the probe does not run (it imports the "
                f"file): {PROBE_FUNCTION} that builds what the model needs")
    if _is_data_loading(error):
        return (f"data loading failed under the probe (it may have no network): move the download and data "
                f"loading behind {MAIN_GUARD}, or into `gnnlint_probe()` with data already on disk or a small "
                "graph built in code")
    if stage == "import":
        return IMPORT_HINT
    if stage == "synthesised":
        return f"the probe built and called the model with its own guesses: {PROBE_FUNCTION} to give it yours"
    return None
