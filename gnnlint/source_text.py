"""Source text without comments and strings, without a parse: for text heuristics.

One regular expression finds comments and string literals from left to right, so a ``#`` inside a
string or a quote inside a comment is taken for what it is. On broken input (an unterminated
string) it degrades to keeping more text, never less.
"""

from __future__ import annotations

import re

_QUOTED = r"""(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")"""
_LITERALS = re.compile(
    r"(?P<comment>\#[^\r\n]*)"
    rf"|(?:(?<!\w)[rRbBuUfF]{{1,2}})?(?P<string>{_QUOTED})",
    re.DOTALL,
)


def without_comments_and_strings(source: str) -> str:
    """The code alone: comments dropped, every string literal (f-strings too) replaced by ``""``.
    A docstring saying "normalized" is not evidence of normalization."""
    return _LITERALS.sub(lambda m: "" if m.group("comment") is not None else '""', source)

