"""Replacements shared by the initialization rules: a fan-in-scaled Glorot/Xavier draw in the
framework and spelling the file already uses. Each returns None when no safe spelling exists."""

from __future__ import annotations

import libcst as cst

from gnnlint.analysis.scopes import Facts, argument
from gnnlint.analysis.params import parameter_role

_TORCH_XAVIER = {"uniform": "xavier_uniform_", "normal": "xavier_normal_"}
_KERAS_GLOROT = {"uniform": "GlorotUniform", "normal": "GlorotNormal"}


def _expression(spelling: str | None) -> cst.BaseExpression | None:
    return cst.parse_expression(spelling) if spelling else None


def torch_xavier_call(facts: Facts, target: cst.BaseExpression, kind: str) -> cst.Call | None:
    """``nn.init.xavier_uniform_(target)`` spelled with this file's imports."""
    if parameter_role(facts, None, target) == "vector":
        return None  # Xavier needs a matrix: on a bias (1-D) the fixed code would raise
    func = _expression(facts.spelling_for(f"torch.nn.init.{_TORCH_XAVIER[kind]}"))
    return cst.Call(func=func, args=[cst.Arg(target)]) if func is not None else None


def torch_init_call(facts: Facts, call: cst.Call, kind: str) -> cst.Call | None:
    """``nn.init.uniform_(w, 0, 1)`` -> ``nn.init.xavier_uniform_(w)``."""
    target = argument(call, 0, "tensor")
    return torch_xavier_call(facts, target, kind) if target is not None else None


def torch_method_call(facts: Facts, call: cst.Call, kind: str) -> cst.Call | None:
    """``w.data.uniform_()`` -> ``nn.init.xavier_uniform_(w.data)``."""
    if not isinstance(call.func, cst.Attribute):
        return None
    return torch_xavier_call(facts, call.func.value, kind)


def torch_parameter_draw(facts: Facts, draw: cst.Call, kind: str) -> cst.Call | None:
    """``torch.rand(n, m)`` inside ``Parameter(...)`` -> ``nn.init.xavier_uniform_(torch.empty(n, m))``."""
    empty = _expression(facts.spelling_for("torch.empty"))
    func = _expression(facts.spelling_for(f"torch.nn.init.{_TORCH_XAVIER[kind]}"))
    if empty is None or func is None or len(draw.args) < 2:
        return None
    return cst.Call(func=func, args=[cst.Arg(cst.Call(func=empty, args=draw.args))])


def keras_initializer(facts: Facts, call: cst.Call, kind: str) -> cst.Call | None:
    """``RandomUniform(0, 1)`` -> ``GlorotUniform()`` from the same initializers module."""
    qualified = facts.call_name(call)
    if qualified is None or "." not in qualified:
        return None
    module = qualified.rsplit(".", 1)[0]
    func = _expression(facts.spelling_for(f"{module}.{_KERAS_GLOROT[kind]}"))
    return cst.Call(func=func) if func is not None else None


def tf_draw(facts: Facts, draw: cst.Call, kind: str) -> cst.Call | None:
    """``tf.random.uniform(shape)`` as a weight -> ``tf.keras.initializers.GlorotUniform()(shape)``."""
    shape = argument(draw, 0, "shape")
    func = _expression(facts.spelling_for(f"tensorflow.keras.initializers.{_KERAS_GLOROT[kind]}"))
    if shape is None or func is None:
        return None
    return cst.Call(func=cst.Call(func=func), args=[cst.Arg(shape)])
