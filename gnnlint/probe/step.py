"""Whether a file trains when it is run: a training call reached from module-level code or from its
``if __name__ == "__main__":`` block, directly or through a function of the file. Such a file is run
as a script under the probe's control and stopped at its first training step (torch_backend.
StepCapture), so the probe measures the user's own model, batch and loss. Plain ``ast``.

PyTorch's ``backward()`` and Keras' ``fit``/``train_on_batch`` are intercepted; a custom
``tape.gradient`` loop is not, so it does not make a file run as a script (it would run to its end).
"""

from __future__ import annotations

import ast

TRAINING_CALLS = frozenset({"backward"})
KERAS_TRAINING_CALLS = frozenset({"fit", "train_on_batch"})


def trains_when_run(source: str, calls: frozenset[str] = TRAINING_CALLS) -> bool:
    """False for a file that declares ``gnnlint_probe()``: the user said how to probe it."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    functions = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    if any(name == "gnnlint_probe" or name.startswith("gnnlint_probe_") for name in functions):
        return False

    def trains(node: ast.AST, seen: set[str]) -> bool:
        for child in ast.walk(node):
            if not isinstance(child, ast.Call):
                continue
            func = child.func
            if isinstance(func, ast.Attribute) and func.attr in calls:
                return True
            if isinstance(func, ast.Name) and func.id in functions and func.id not in seen:
                seen.add(func.id)
                if trains(functions[func.id], seen):
                    return True
        return False

    skipped = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
    return any(trains(statement, set()) for statement in tree.body if not isinstance(statement, skipped))
