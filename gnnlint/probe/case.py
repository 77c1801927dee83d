"""What a user's probe function returns. No heavy imports: the static path may import this."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable


@dataclasses.dataclass
class ProbeCase:
    """One model and the inputs to run it on, declared by a module-level ``gnnlint_probe()``.

    ``inputs`` is what the model is called with: a tuple of positional arguments, a dict of keyword
    arguments, a PyG ``Data``, or a Keras input list such as ``[x, a]``. ``target`` is optional: without
    it the probe compares the output with a fixed N(0, 1) target. ``loss`` is optional: a callable
    ``loss(output, target)`` (or ``loss(output)`` without a target); the default is MSE for float targets
    and cross-entropy for integer targets.
    """

    model: Any
    inputs: Any
    target: Any = None
    loss: Callable[..., Any] | None = None
