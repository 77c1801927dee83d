"""The rule catalogue (``rules/<CODE>-<name>/README.md``): finding pages and reading their examples.

`rules/` says what a rule means; `gnnlint/rules/` says how it is checked.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from gnnlint.rule import Rule

CATALOGUE_URL = "https://github.com/gnnlint/gnnlint/blob/main/rules/"
REQUIRED_HEADINGS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")
OPTIONAL_HEADINGS = ("Fix", "Options", "Known limits")
# `# error: [unnormalized-adjacency]` marks a line that must be reported by that rule with that severity.
MARKER = re.compile(r"#\s*(error|warning|info):\s*((?:\[[a-z0-9-]+\]\s*)+)")
_FENCE = re.compile(r"^```python\s*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def catalogue_dir() -> Path | None:
    """The packaged copy (wheel installs) or the repository's ``rules/`` (source checkouts)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "catalogue", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    return None


def page_path(rule: type[Rule], root: Path | None = None) -> Path | None:
    root = root or catalogue_dir()
    if root is None:
        return None
    path = root / f"{rule.code}-{rule.name}" / "README.md"
    return path if path.is_file() else None


def help_url(rule: type[Rule]) -> str | None:
    if rule.help_url:
        return rule.help_url
    if rule.plugin == "gnnlint":
        return f"{CATALOGUE_URL}{rule.code}-{rule.name}/README.md"
    return None


def explain(rule: type[Rule]) -> str:
    """The rule's page as text; for a plugin rule without a page, its docstring and message."""
    path = page_path(rule)
    if path is not None:
        return path.read_text(encoding="utf-8")
    doc = (rule.__doc__ or "").strip()
    return f"# {rule.code} {rule.name}\n\n{rule.message}\n\n{doc}\n".rstrip() + "\n"


@dataclasses.dataclass
class Example:
    """A fenced python block of a page: where it is and what it must report."""

    section: str
    source: str
    markdown_line: int

    @property
    def expected(self) -> set[tuple[int, str, str]]:
        return expected_markers(self.source)


def expected_markers(source: str) -> set[tuple[int, str, str]]:
    """{(line, rule name, severity)} from the ``# error: [name]`` markers of a source."""
    found = set()
    for number, text in enumerate(source.splitlines(), start=1):
        match = MARKER.search(text)
        if match:
            for name in re.findall(r"\[([a-z0-9-]+)\]", match.group(2)):
                found.add((number, name, match.group(1)))
    return found


def sections(markdown: str) -> dict[str, tuple[int, str]]:
    """``## Heading`` -> (line where its body starts, body)."""
    result: dict[str, tuple[int, str]] = {}
    body: list[str]
    current, start, body = None, 0, []
    for number, text in enumerate(markdown.splitlines(keepends=True), start=1):
        if text.startswith("## "):
            if current is not None:
                result[current] = (start, "".join(body))
            current, start, body = text[3:].strip(), number + 1, []
        elif current is not None:
            body.append(text)
    if current is not None:
        result[current] = (start, "".join(body))
    return result


def examples(markdown: str) -> list[Example]:
    found = []
    for heading in ("Example", "Use instead"):
        if heading not in sections(markdown):
            continue
        start, body = sections(markdown)[heading]
        for match in _FENCE.finditer(body):
            line = start + body[: match.start()].count("\n") + 1
            found.append(Example(heading, match.group(1), line))
    return found


def render_index(rules: list[type[Rule]]) -> str:
    """``rules/README.md``: the table of every built-in rule, checked by the tests.
    Regenerate with ``python -m gnnlint.catalogue > rules/README.md``."""
    lines = [
        "# The gnnlint rule catalogue",
        "",
        "`rules/` says what a rule means; `gnnlint/rules/` says how it is checked. Each folder holds the",
        "rule's page (`README.md`, whose examples the test suite runs through the real engine) and",
        "optionally `cases/` with more marked examples. `gnnlint --explain CODE` prints a page.",
        "",
        "| code | name | severity | default | what it flags |",
        "|---|---|---|---|---|",
    ]
    for rule in sorted(rules, key=lambda r: r.code):
        default = "on" if rule.enabled_by_default() else "off"
        lines.append(f"| [{rule.code}]({rule.code}-{rule.name}/README.md) | {rule.name} | {rule.severity} | "
                     f"{default} | {rule.message} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    from gnnlint.rules import builtin_rules

    print(render_index(builtin_rules()), end="")
