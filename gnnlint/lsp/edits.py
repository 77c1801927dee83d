"""The text changes behind the code actions: one finding's fix, every safe fix, a ``# noqa``.

Each returns the new text (or an insertion); ``minimal_change`` turns old and new text into the
one replaced span an editor applies, so the buffer keeps its undo history and cursor. Independent
of pygls; runs in the server's engine process (worker.py), except ``minimal_change``.
"""

from __future__ import annotations

import io
import re
import tokenize

import libcst as cst

from gnnlint.engine import Finding, LintSettings
from gnnlint.fix import fix_source

# The codes of an existing `# noqa: ...` (the syntax gnnlint.suppress reads).
_NOQA_CODES = re.compile(r"#\s*noqa:\s?[A-Z]+[0-9]*(?:[\s,]+[A-Z]+[0-9]*)*", re.IGNORECASE)
_NOQA_ANY = re.compile(r"#\s*noqa\b", re.IGNORECASE)


def fix_one(finding: Finding) -> str | None:
    """The whole text with only this finding's replacement applied; None when it has none or the
    result would not parse (the same guard as --fix)."""
    report = finding.report
    if report is None or report.replacement is None or report.module is None:
        return None
    fixed = report.module.deep_replace(report.node, report.replacement)  # type: ignore[type-var]  # a RemovalSentinel too
    if not isinstance(fixed, cst.Module):
        return None
    code = fixed.code
    try:
        cst.parse_module(code)
    except cst.ParserSyntaxError:
        return None
    return code


def fix_all(text: str, path: str, settings: LintSettings, unsafe: bool = False) -> str:
    """What ``gnnlint --fix`` would write (passes repeated until nothing is left to fix)."""
    return fix_source(text, path, settings, unsafe).source


def _lines_ending_in_strings(text: str) -> set[int]:
    """1-based lines whose end lies inside a multi-line string: a comment appended there would
    become part of the string."""
    inside: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.start[0] != token.end[0] and token.type != tokenize.NEWLINE:
                inside.update(range(token.start[0], token.end[0]))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return inside


def noqa_line(text: str, finding: Finding) -> int:
    """The line to put the ``# noqa`` on: the finding's own line when a comment can go there,
    else the last line of its statement (the engine honours a noqa on either)."""
    line = finding.diagnostic.line
    candidates = [line] + sorted(set(finding.noqa_lines) - {line}, reverse=True)
    unsafe = _lines_ending_in_strings(text)
    return next((c for c in candidates if c not in unsafe), line)


def noqa_insertion(line_text: str, code: str) -> tuple[int, str]:
    """(character index in the line, text to insert) that makes the line's ``# noqa`` cover ``code``:
    the code added to an existing ``# noqa: ...``, else a new comment at the end of the line."""
    existing = _NOQA_CODES.search(line_text)
    if existing is not None:
        return existing.end(), f", {code}"
    if _NOQA_ANY.search(line_text) is not None:  # a bare `# noqa` already covers every code
        return len(line_text), ""
    end = len(line_text.rstrip())
    return end, f"  # noqa: {code}"


def _common_prefix(a: str, b: str) -> int:
    # Binary search over slice comparisons: C-speed on a large buffer, unlike a loop per character.
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def minimal_change(old: str, new: str) -> tuple[int, int, str]:
    """(start, end, replacement) in ``old`` offsets: the one span that differs."""
    start = _common_prefix(old, new)
    suffix = _common_prefix(old[start:][::-1], new[start:][::-1])
    return start, len(old) - suffix, new[start:len(new) - suffix]
