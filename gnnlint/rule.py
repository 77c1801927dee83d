"""The base class of every rule, built-in or from a plugin."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from gnnlint.diagnostics import Severity

if TYPE_CHECKING:
    import libcst as cst  # annotations only: importing the plugin API does not import libcst

    from gnnlint.engine import FileContext

CODE_PATTERN = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclasses.dataclass
class Report:
    """A finding before it has a position: positions are computed only for files that report."""

    rule: type[Rule]
    node: cst.CSTNode
    message: str
    severity: Severity
    replacement: cst.CSTNode | cst.RemovalSentinel | None = None
    fix_title: str | None = None
    fix_safe: bool = True
    # The tree ``node`` belongs to, so that --fix can rewrite it.
    module: cst.Module | None = None


class Rule:
    """Subclass this, set the class attributes, and write libcst ``visit_<Node>``/``leave_<Node>``
    methods that call :meth:`report`. One instance is made per file, so instance state is per file.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    message: ClassVar[str]
    severity: ClassVar[Severity] = "warning"
    fix_title: ClassVar[str | None] = None
    # Whether the rule offers an automatic fix (a ``replacement`` in ``report``) and which kind:
    # "safe" (--fix), "unsafe" (--fix --unsafe-fixes), None: advice only (``fix_title``). What
    # --list-rules shows; the catalogue page's ``## Fix`` section is checked against it.
    fix: ClassVar[Literal["safe", "unsafe"] | None] = None
    # None: on by default unless the severity is "info".
    default_enabled: ClassVar[bool | None] = None
    # The file is handed to this rule only if its text contains one of these strings; empty: always.
    # This lets the engine skip parsing files no enabled rule could match.
    triggers: ClassVar[tuple[str, ...]] = ()
    # Whether a trigger in the text of a project module this file imports also hands it the file:
    # for rules that follow a helper defined there and called here (its draw is in the helper's text).
    triggers_in_imports: ClassVar[bool] = False
    # Per-rule options with their defaults, set by users under [tool.gnnlint.options.<code>].
    options: ClassVar[dict[str, Any]] = {}
    # Where users read about the rule; built-ins point at their catalogue page.
    help_url: ClassVar[str | None] = None
    # Filled in when the rule is registered: the plugin that provided it.
    plugin: ClassVar[str] = "gnnlint"
    # Shared analyses the rule queries (classes with ``of(context)`` and ``handlers()``, such as
    # ``GraphFacts``): the engine builds each once per file, only when an enabled rule needs it, and
    # feeds it during the walk before any rule sees a node.
    requires: ClassVar[tuple[type, ...]] = ()

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        self.context = context
        self.facts = context.facts
        self.settings = {**self.options, **(settings or {})}

    def finish(self) -> None:
        """Called once after the whole file was walked: the place for judgements that need the
        whole file. Rules may still report here."""

    def review(self) -> None:
        """Called after every rule's ``finish()``: the place to adjust this rule's own reports by
        what the other rules found in the file (``self.context.reports`` is complete then)."""

    @classmethod
    def enabled_by_default(cls) -> bool:
        if cls.default_enabled is not None:
            return cls.default_enabled
        return cls.severity != "info"

    def report(
        self,
        node: cst.CSTNode,
        message: str | None = None,
        *,
        severity: Severity | None = None,
        replacement: cst.CSTNode | cst.RemovalSentinel | None = None,
        fix_title: str | None = None,
        fix_safe: bool = True,
    ) -> None:
        """Report ``node``. ``replacement`` (a node to put in its place, or ``cst.RemoveFromParent()``)
        makes the finding fixable; ``fix_safe=False`` keeps it for ``--unsafe-fixes``: a fix is safe
        only when it cannot change what the program computes beyond removing the hazard."""
        self.context.reports.append(
            Report(
                rule=type(self),
                node=node,
                message=message or self.message,
                severity=severity or self.severity,
                replacement=replacement,
                fix_title=fix_title or self.fix_title,
                fix_safe=fix_safe,
                module=self.context.module,
            )
        )

    def source(self, node: cst.CSTNode) -> str:
        """The source text of ``node``, for messages that quote the evidence."""
        return self.context.module.code_for_node(node).strip()
