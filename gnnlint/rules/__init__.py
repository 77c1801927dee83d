"""Built-in rules: every ``Rule`` subclass defined in a module of this package is registered.

Adding a rule touches two places: its module here and its catalogue folder in ``rules/``.
"""

from __future__ import annotations

import importlib
import pkgutil

from gnnlint.hookspecs import hookimpl
from gnnlint.rule import Rule


def builtin_rules() -> list[type[Rule]]:
    found: dict[str, type[Rule]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Rule) and value is not Rule
                    and value.__module__ == module.__name__ and isinstance(getattr(value, "code", None), str)):
                found[value.code] = value
    return [found[code] for code in sorted(found)]


@hookimpl
def gnnlint_register_rules() -> list[type[Rule]]:
    return builtin_rules()
