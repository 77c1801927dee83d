"""Lint one source text: parse once, run every enabled rule in one traversal, collect diagnostics.

Positions are computed only for files that report something: libcst's PositionProvider costs a
full code-generation pass, which most files never need.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import io
import itertools
import re
import tokenize
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import libcst as cst

from gnnlint import _speedups
from gnnlint.analysis import project
from gnnlint.cst_walk import Walker, forget_children, trivia
from gnnlint.diagnostics import Diagnostic
from gnnlint.positions import Positions
from gnnlint.analysis.scopes import Facts, dotted_name, record_receivers
from gnnlint.rule import Report, Rule
from gnnlint.suppress import parse_suppressions

_TEST_PLACE = re.compile(r"(^|/)(tests?|testing)/|(^|/)conftest\.py$")
_TEST_NAME = re.compile(r"(^|/)test_[^/]*\.py$|_test\.py$")

SYNTAX_ERROR = "GNN900"
RULE_ERROR = "GNN901"
UNUSED_NOQA = "GNN902"

_T = TypeVar("_T")


@dataclasses.dataclass(frozen=True)
class LintSettings:
    """What to run on a file: the enabled rules and their options (by code)."""

    rules: tuple[type[Rule], ...]
    rule_settings: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    # Codes the user selected by name or prefix (not merely on by default). A rule that is only on
    # by default shows no info-severity findings: info is advice, off unless asked for.
    # None: treat every enabled rule as selected (the Python API and tests).
    explicit: frozenset[str] | None = None
    # Every registered rule code, to warn about `# noqa` comments naming a code that does not exist
    # (empty: no such check).
    known_codes: frozenset[str] = frozenset()
    # Code prefixes that belong to gnnlint or its plugins: only `# noqa` naming one of these can be
    # reported as unused (a `# noqa: E501` is flake8's business).
    own_prefixes: tuple[str, ...] = ("GNN",)

    def enabled(self, code: str) -> bool:
        return any(rule.code == code for rule in self.rules)

    def shows_info(self, code: str) -> bool:
        return self.explicit is None or code in self.explicit


@dataclasses.dataclass
class FileContext:
    """What a rule sees of the file it checks."""

    path: str
    source: str
    module: cst.Module
    facts: Facts
    reports: list[Report] = dataclasses.field(default_factory=list)
    # Whether an info-severity finding of a code will be shown (info is advice, off unless selected):
    # rules skip building messages, and the positions they quote, for findings nobody will see.
    shows_info: Callable[[str], bool] = lambda code: True
    _shared: dict[str, Any] = dataclasses.field(default_factory=dict)
    _positions: Any = None

    @property
    def is_test(self) -> bool:
        """Whether the file is a test: in a test folder (``tests/``, ``testing/``) or ``conftest.py``,
        or named like a test (``test_*.py``, ``*_test.py``) and not a script: something a test runner
        would run (a ``test*`` function, a ``Test*`` class, a pytest/unittest import), or no work done
        when the file runs (a helper of the tests). An experiment script that merely carries a
        test-like name (``test_minmax_tu.py`` run from a main guard, ``examples/test_sgc.py`` with a
        top-level ``fit(...)``) is judged like any code. Tests exercise odd settings on purpose, so
        rules about training choices stay quiet there."""
        if "is_test" not in self._shared:
            path = self.path.replace("\\", "/")
            self._shared["is_test"] = bool(_TEST_PLACE.search(path)) \
                or bool(_TEST_NAME.search(path)) and not _script(self.module)
        return bool(self._shared["is_test"])

    def positions(self) -> Any:
        """Every node's CodeRange, computed once per file and only when something asks (a report,
        or a rule quoting a line number in its message)."""
        if self._positions is None:
            self._positions = Positions(self.module, self.source)
        return self._positions

    def line(self, node: cst.CSTNode) -> int | None:
        where = self.positions().get(node)
        return where.start.line if where is not None else None

    def shared(self, key: str, factory: Callable[[], _T]) -> _T:
        """One object per file under ``key``, made by ``factory`` on first use: how a family of
        rules shares an analysis of the file instead of each repeating it."""
        if key not in self._shared:
            self._shared[key] = factory()
        return self._shared[key]  # type: ignore[no-any-return]  # what factory made for this key


class DecodeError(ValueError):
    """The bytes are not text in the encoding the file declares (UTF-8 when it declares none)."""


def decode_source(data: bytes) -> str:
    return decode_with_encoding(data)[0]


def decode_with_encoding(data: bytes) -> tuple[str, str]:
    """Bytes to (text, encoding) the way Python does: BOM and PEP 263 coding cookies honoured."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"  # detect_encoding fails on undecodable first lines: say where, below
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        raise DecodeError(f"not valid {encoding}: byte 0x{data[error.start]:02x} at offset {error.start}") from None
    except LookupError:
        raise DecodeError(f"unknown encoding '{encoding}'") from None


@functools.cache
def _handler_names(rule: type[Rule]) -> tuple[tuple[str, type, str], ...]:
    """(visit|leave, node type, method name) for each ``visit_<Node>``/``leave_<Node>`` of a rule
    class: looked up once per class, not once per file."""
    found = []
    for attribute in dir(rule):
        prefix, _, node_type = attribute.partition("_")
        if prefix not in ("visit", "leave") or not node_type or "_" in node_type:
            continue
        cst_type = getattr(cst, node_type, None)
        if isinstance(cst_type, type):
            found.append((prefix, cst_type, attribute))
    return tuple(found)


def has_visitors(rule: type[Rule]) -> bool:
    return bool(_handler_names(rule))  # type: ignore[arg-type]  # mypy: a class object is not Hashable


class _Dispatcher:
    """Hands every node to the facts layer, then to the shared analyses the enabled rules require,
    then to each rule's handler for that node type."""

    def __init__(self, facts: Facts, analyses: Sequence[Any], rules: Sequence[Rule]) -> None:
        # The facts and analyses first on the way in and last on the way out: rules see them up to date.
        self.visit_table: dict[type, list[Callable[[cst.CSTNode], None]]] = {}
        self.leave_table: dict[type, list[Callable[[cst.CSTNode], None]]] = {}
        self.rules = rules
        self.failures: dict[type[Rule], str] = {}
        # Rules that failed on a literal libcst parses but Python rejects (``"\\N{NO SUCH NAME}"``).
        self.invalid_python: set[type[Rule]] = set()
        self.failed_analyses: set[type] = set()
        layers = [facts.handlers(), *(analysis.handlers() for analysis in analyses)]
        for enter, _ in layers:
            for kind, handler in enter.items():
                self.visit_table.setdefault(kind, []).append(handler)
        handled: set[type] = set()
        for rule in rules:
            for prefix, cst_type, attribute in _handler_names(type(rule)):  # type: ignore[arg-type]
                table = self.visit_table if prefix == "visit" else self.leave_table
                table.setdefault(cst_type, []).append(getattr(rule, attribute))
                handled.add(cst_type)
        for _, leave in reversed(layers):
            for kind, handler in leave.items():
                self.leave_table.setdefault(kind, []).append(handler)
        self.walker = Walker(self.visit_table, self.leave_table, self._run, keep_trivia=not trivia().isdisjoint(handled))

    def _run(self, handlers: list[Callable[[cst.CSTNode], None]], node: cst.CSTNode) -> None:
        for handler in handlers:
            try:
                handler(node)
            except RecursionError:
                raise
            except Exception as error:  # a broken rule or analysis must not take the file down
                owner = handler.__self__  # type: ignore[attr-defined]  # handlers are bound methods
                if isinstance(owner, Rule):
                    self._disable(lambda h: h.__self__ is owner, {type(owner)}, error)  # type: ignore[attr-defined]
                elif isinstance(owner, Facts):
                    raise  # the facts layer is the engine's own: a bug there is an internal error
                else:
                    # An analysis: only the rules that need it lose their findings.
                    self.failed_analyses.add(type(owner))
                    needing = {type(r) for r in self.rules if type(owner) in type(r).requires}
                    self._disable(lambda h: h.__self__ is owner or type(h.__self__) in needing,  # type: ignore[attr-defined]
                                  needing, error,
                                  f"analysis {type(owner).__name__} raised ")

    def failed(self, rules: set[type[Rule]], error: Exception, prefix: str = "") -> None:
        """Record that ``rules`` lost their findings to ``error``."""
        for rule in rules:
            self.failures.setdefault(rule, f"{prefix}{type(error).__name__}: {error}")
            if isinstance(error, SyntaxError):
                self.invalid_python.add(rule)

    def _disable(self, dropped: Callable[[Callable[[cst.CSTNode], None]], bool], rules: set[type[Rule]], error: Exception,
                 prefix: str = "") -> None:
        self.failed(rules, error, prefix)
        for table in (self.visit_table, self.leave_table):
            for cst_type, handlers in table.items():
                table[cst_type] = [h for h in handlers if not dropped(h)]



def _engine_diagnostic(path: str, code: str, name: str, message: str, line: int = 1, column: int = 1,
                       severity: str = "error") -> Diagnostic:
    return Diagnostic(path=path, line=line, column=column, code=code, name=name, message=message,
                      severity=severity)  # type: ignore[arg-type]


# CPython refuses more than 200 nested brackets; libcst's native parser can overflow its stack on
# far deeper input, so such files are left to compile() to reject.
_MAX_BRACKET_DEPTH = 200
_BRACKETS = str.maketrans({c: None for c in map(chr, range(0x80)) if c not in "()[]{}"})
_DEPTH_STEP = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


def _too_deep(source: str) -> bool:
    """Whether the brackets may nest beyond what Python allows (strings can fool this; compile() decides)."""
    brackets = source.translate(_BRACKETS)
    return len(brackets) > _MAX_BRACKET_DEPTH and max(
        itertools.accumulate(_DEPTH_STEP.get(c, 0) for c in brackets), default=0) > _MAX_BRACKET_DEPTH


def unreadable(path: str, message: str, settings: LintSettings) -> list[Diagnostic]:
    """The GNN900 finding for a file that cannot even be turned into source text (bad bytes,
    broken notebook JSON), when GNN900 is enabled."""
    if not settings.enabled(SYNTAX_ERROR):
        return []
    return [_engine_diagnostic(path, SYNTAX_ERROR, "syntax-error", message)]


def _applicable(rules: Sequence[type[Rule]], source: str, path: str, known: project.Project | None) -> list[type[Rule]]:
    """Rules that could match this text at all (a rule with no triggers always could), or, for a
    rule that follows helpers into the project, the text of a project module this file imports."""
    imported: list[tuple[Path, str]] | None = None
    applicable = []
    for rule in rules:
        # The text first: has_visitors() needs libcst, whose import waits for a file to parse.
        matches = not rule.triggers or any(t in source for t in rule.triggers)
        if not matches and rule.triggers_in_imports and known is not None:
            if imported is None:
                imported = known.imported_modules(Path(path), source)  # (recorded as dependencies)
            matches = any(t in text for _, text in imported for t in rule.triggers)
        if matches and (rule.requires or has_visitors(rule)):
            applicable.append(rule)
    return applicable


@dataclasses.dataclass
class Finding:
    """A positioned diagnostic, the lines whose ``# noqa`` can suppress it, and the rule's report
    (with its replacement, if the rule offered a fix)."""

    diagnostic: Diagnostic
    noqa_lines: tuple[int, ...] = ()
    report: Report | None = None


def analyse(source: str, path: str, settings: LintSettings) -> list[Finding]:
    """Every finding in ``source`` that ``# noqa`` does not suppress, plus unused-noqa ones."""
    suppressions = parse_suppressions(source)
    if suppressions.skip_file:
        return []
    try:
        found = _run_rules(source, path, settings)
    finally:
        forget_children()  # the child lists held for this file's trees
    kept = [finding for finding in found
            if finding.diagnostic.code == RULE_ERROR
            or not suppressions.suppresses(finding.diagnostic.code, finding.noqa_lines)]
    if settings.enabled(UNUSED_NOQA):
        for comment in suppressions.by_line.values():
            own = [c for c in comment.codes or () if c.startswith(settings.own_prefixes)]
            if own and not comment.used:
                kept.append(Finding(_engine_diagnostic(
                    path, UNUSED_NOQA, "unused-noqa", f"unused `noqa` for {', '.join(own)}: nothing to suppress here",
                    comment.line, comment.column, "info")))
    kept.sort(key=lambda finding: finding.diagnostic.sort_key())
    return kept


def unknown_noqa_codes(source: str, settings: LintSettings) -> list[tuple[int, str]]:
    """(line, code) for each code of ours in a `# noqa` that no registered rule has."""
    if not settings.known_codes:
        return []
    unknown = []
    for comment in parse_suppressions(source).by_line.values():
        for code in comment.codes or ():
            if code.startswith(settings.own_prefixes) and not any(k.startswith(code) for k in settings.known_codes):
                unknown.append((comment.line, code))
    return unknown


def lint_source(source: str, path: str = "<string>", settings: LintSettings | None = None) -> list[Diagnostic]:
    """Lint Python source text; returns the diagnostics that survive ``# noqa``, sorted."""
    if settings is None:
        from gnnlint.plugins import default_settings

        settings = default_settings()
    return [finding.diagnostic for finding in analyse(source, path, settings)]


def _run_rules(source: str, path: str, settings: LintSettings) -> list[Finding]:
    # One start per linted file: what the triggers and the rules consult is recorded against it.
    known = project.for_file(path)
    if known is not None:
        known.begin(path)
    rules = _applicable(settings.rules, source, path, known)
    if not rules:
        # No rule could match, so libcst's parse is skipped; the much cheaper compile() still
        # catches a broken file.
        return _compile_check(source, path) if settings.enabled(SYNTAX_ERROR) else []
    if _too_deep(source):
        rejected = _compile_check(source, path)
        if rejected:
            return rejected if settings.enabled(SYNTAX_ERROR) else []
    try:
        module, read = parse_any(source)
    except cst.ParserSyntaxError as error:
        if not settings.enabled(SYNTAX_ERROR):
            return []
        message = str(error).strip().splitlines()[0]
        return [Finding(_engine_diagnostic(path, SYNTAX_ERROR, "syntax-error", f"cannot parse: {message}",
                                           error.editor_line, error.editor_column))]
    except (RecursionError, MemoryError, ValueError) as error:
        if not settings.enabled(SYNTAX_ERROR):
            return []
        return [Finding(_engine_diagnostic(path, SYNTAX_ERROR, "syntax-error",
                                           f"cannot parse: {type(error).__name__}: {error}"))]
    if read != source:  # the file's Python 2 reading: its findings stand, but no fix can be written back
        return [dataclasses.replace(finding, report=None, diagnostic=dataclasses.replace(finding.diagnostic, fix=None))
                for finding in _run_on(read, module, path, rules, settings, known)]
    return _run_on(source, module, path, rules, settings, known)


def _run_on(source: str, module: cst.Module, path: str, rules: list[type[Rule]],
            settings: LintSettings, known: project.Project | None) -> list[Finding]:
    context = FileContext(path=path, source=source, module=module, facts=Facts(), shows_info=settings.shows_info)
    if known is not None:
        context.facts.star_aliases = functools.partial(known.star_aliases, Path(path))
    instances = []
    failures: dict[type[Rule], str] = {}
    for rule in rules:
        try:
            instances.append(rule(context, settings.rule_settings.get(rule.code)))
        except Exception as error:
            failures[rule] = f"{type(error).__name__}: {error}"
    analyses = [analysis.of(context) for analysis in dict.fromkeys(  # type: ignore[attr-defined]  # requires: classes with of()
        required for instance in instances for required in type(instance).requires)]
    dispatcher = _Dispatcher(context.facts, analyses, instances)
    try:
        dispatcher.walker.walk(module)
    except RecursionError:
        return [Finding(_engine_diagnostic(path, SYNTAX_ERROR, "syntax-error",
                                           "cannot analyse: nesting too deep (recursion limit)"))]
    for phase in ("finish", "review"):
        for instance in instances:
            if type(instance) not in dispatcher.failures:
                try:
                    getattr(instance, phase)()
                except Exception as error:
                    dispatcher.failed({type(instance)}, error)
    failures.update(dispatcher.failures)
    results = _positioned(context, module, path, settings)
    if dispatcher.invalid_python:
        # libcst accepts some texts that Python rejects (a bad escape in a string): the file
        # cannot run, which is a syntax error to report, not a broken rule.
        rejected = _compile_check(source, path)
        if rejected:
            failures = {rule: reason for rule, reason in failures.items() if rule not in dispatcher.invalid_python}
            results.extend(rejected if settings.enabled(SYNTAX_ERROR) else [])
    for rule, reason in failures.items():
        results.append(Finding(_engine_diagnostic(
            path, RULE_ERROR, "rule-error",
            f"rule {rule.code} ({rule.name}) from plugin '{rule.plugin}' raised {reason}")))
    return results


# Trees of the sources parsed last in the command's process. A worker meets most project modules
# twice, in either order: linted themselves, and read by the files beside them that import them
# (``analysis.project``); a quarter of all parses were of a text parsed a moment before.
_RECENT_PARSES = 8
_recent: dict[str, cst.Module] = {}


def parse(source: str) -> cst.Module:
    """``cst.parse_module(source)``, its methods' receivers filed (``scopes.record_receivers``); in the command's process (``_speedups``), without libcst's
    re-validation, and the same tree again for a text among the last few parsed (libcst's trees
    are immutable, so sharing one is safe)."""
    if not _speedups.unvalidated_parse:
        tree = cst.parse_module(source)
        record_receivers(tree, source)
        return tree
    module = _recent.pop(source, None)
    if module is None:
        module = _parse_unvalidated(source)
        record_receivers(module, source)
    _recent[source] = module
    if len(_recent) > _RECENT_PARSES:
        del _recent[next(iter(_recent))]
    return module


def parse_any(source: str) -> tuple[cst.Module, str]:
    """(the tree, the text it was parsed from): the source itself, or when only its Python 2 reading
    parses (``print "x"``), that reading, line for line (:mod:`gnnlint.python2`). The first parse's
    error is raised when neither parses."""
    try:
        return parse(source), source
    except cst.ParserSyntaxError:
        from gnnlint.python2 import as_python3

        rewritten = as_python3(source)
        if rewritten is not None:
            try:
                return parse(rewritten), rewritten
            except cst.ParserSyntaxError:
                pass
        raise


def _no_validation(node: cst.CSTNode) -> None:
    pass


def _parse_unvalidated(source: str) -> cst.Module:
    """``cst.parse_module`` without re-validating each node as the parser builds it: libcst's
    ``CSTNode.__post_init__`` validation is a sixth of the parse, and a tree straight from the
    parser is valid by construction (libcst's own PERF note there says as much). Nodes that rules
    build for fixes are still validated: the switch is on only during the parse. The swap holds for
    the whole process, so only the command line, which runs one thread, uses it (``_speedups``)."""
    validate = cst.CSTNode.__post_init__
    cst.CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign, assignment]
    try:
        return cst.parse_module(source)
    finally:
        cst.CSTNode.__post_init__ = validate  # type: ignore[method-assign]


def _compile_check(source: str, path: str) -> list[Finding]:
    try:
        compile(source, path, "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
    except SyntaxError as error:
        return [Finding(_engine_diagnostic(path, SYNTAX_ERROR, "syntax-error", f"cannot parse: {error.msg}",
                                           error.lineno or 1, error.offset or 1))]
    except (ValueError, RecursionError, MemoryError) as error:
        return [Finding(_engine_diagnostic(path, SYNTAX_ERROR, "syntax-error",
                                           f"cannot parse: {type(error).__name__}: {error}"))]
    return []


def _positioned(context: FileContext, module: cst.Module, path: str,
                settings: LintSettings) -> list[Finding]:
    if not context.reports:
        return []
    positions = context.positions()
    results = []
    seen = set()
    for report in context.reports:
        where = positions.get(report.node)
        if where is None:
            continue
        key = (report.rule.code, where.start.line, where.start.column, report.message)
        if key in seen:
            continue
        seen.add(key)
        lines = {where.start.line, where.end.line}
        innermost = positions.innermost_line_statement(report.node)
        if innermost is not None:
            lines |= {innermost.start.line, innermost.end.line}
        if report.severity == "info" and not settings.shows_info(report.rule.code):
            continue
        diagnostic = Diagnostic(
            path=path, line=where.start.line, column=where.start.column + 1,
            end_line=where.end.line, end_column=where.end.column + 1,
            code=report.rule.code, name=report.rule.name, message=report.message,
            severity=report.severity, fix_title=report.fix_title, plugin=report.rule.plugin,
            fix=None if report.replacement is None else ("safe" if report.fix_safe else "unsafe"),
        )
        results.append(Finding(diagnostic, tuple(sorted(lines)), report))
    return results


def _script(module: cst.Module) -> bool:
    """The file does its work when run (a top-level call, see ``_runs``, or an
    ``if __name__ == "__main__":``) and
    holds nothing a test runner would run (no ``test*`` function or ``Test*`` class, no pytest or
    unittest import)."""
    works = False
    own = {s.name.value for s in module.body if isinstance(s, cst.FunctionDef)}
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value.startswith("test") \
                or isinstance(statement, cst.ClassDef) and statement.name.value.startswith("Test"):
            return False
        if isinstance(statement, cst.SimpleStatementLine):
            if any(_imports_test_framework(small) for small in statement.body):
                return False
            works = works or any(_runs(small, own) for small in statement.body)
        works = works or _main_guard(statement)
    return works


def _runs(statement: cst.BaseSmallStatement, own: set[str]) -> bool:
    """A top-level call (``run()``), or a result taken from one of the file's own functions
    (``model = train()``; ``model = GINConv(...)`` only builds what the tests may use)."""
    if isinstance(statement, cst.Expr):
        return isinstance(statement.value, cst.Call)
    if isinstance(statement, (cst.Assign, cst.AnnAssign)) and isinstance(statement.value, cst.Call):
        return isinstance(statement.value.func, cst.Name) and statement.value.func.value in own
    return False


def _main_guard(statement: cst.BaseStatement) -> bool:
    """``if __name__ == "__main__":``"""
    if not isinstance(statement, cst.If) or not isinstance(statement.test, cst.Comparison):
        return False
    names = [statement.test.left, *(c.comparator for c in statement.test.comparisons)]
    return any(isinstance(n, cst.Name) and n.value == "__name__" for n in names) and any(
        isinstance(n, cst.SimpleString) and n.evaluated_value == "__main__" for n in names)


def _imports_test_framework(statement: cst.BaseSmallStatement) -> bool:
    if isinstance(statement, cst.Import):
        roots = [dotted_name(alias.name) for alias in statement.names]
    elif isinstance(statement, cst.ImportFrom) and statement.module is not None and not statement.relative:
        roots = [dotted_name(statement.module)]
    else:
        return False
    return any((root or "").split(".")[0] in ("pytest", "unittest") for root in roots)
