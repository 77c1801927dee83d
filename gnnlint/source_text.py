"""Cheap views of source text without a parse: what the trigger prefilter and text heuristics read.

One regular expression finds comments and string literals from left to right, so a ``#`` inside a
string or a quote inside a comment is taken for what it is. On broken input (an unterminated
string) it degrades to keeping more text, never less: prefilters stay exhaustive.
"""

from __future__ import annotations

import re

_QUOTED = r"""(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")"""
_LITERALS = re.compile(
    r"(?P<comment>\#[^\r\n]*)"
    rf"|(?P<prefix>(?<!\w)[rRbBuUfF]{{1,2}}|)(?P<string>{_QUOTED})",
    re.DOTALL,
)


def without_comments_and_strings(source: str) -> str:
    """The code alone: comments dropped, every string literal (f-strings too) replaced by ``""``.
    A docstring saying "normalized" is not evidence of normalization."""
    return _LITERALS.sub(lambda m: "" if m.group("comment") is not None else '""', source)


def without_comments_and_docstrings(source: str) -> str:
    """What rules can match on: comments and multi-line (triple-quoted) strings dropped; one-line
    strings and f-strings kept, since rules read ``activation="sigmoid"`` and f-strings hold code."""
    def keep(match: re.Match[str]) -> str:
        if match.group("comment") is not None:
            return ""
        string = match.group("string")
        if string[:3] in ("'''", '"""') and "f" not in match.group("prefix").lower():
            return '""'
        return match.group(0)

    return _LITERALS.sub(keep, source)
