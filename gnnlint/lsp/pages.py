"""The rule page shown on hover: the catalogue's *What it does*, *Why is this bad?* and *Use instead*."""

from __future__ import annotations

import functools

from gnnlint.catalogue import explain, help_url, page_path, sections
from gnnlint.rule import Rule

HOVER_SECTIONS = ("What it does", "Why is this bad?", "Use instead")


@functools.lru_cache(maxsize=256)
def hover_page(rule: type[Rule]) -> str:
    """Markdown for a hover on a finding of ``rule``; the whole page (or the docstring) of a plugin
    rule whose page has other headings."""
    title = f"**{rule.code}** `{rule.name}`"
    url = help_url(rule)
    if url:
        title += f" ([rule page]({url}))"
    parts = [title]
    if page_path(rule) is not None:
        found = sections(explain(rule))
        parts += [f"### {heading}\n\n{found[heading][1].strip()}" for heading in HOVER_SECTIONS if heading in found]
    if len(parts) == 1:
        parts.append(explain(rule).strip())
    return "\n\n".join(parts) + "\n"
