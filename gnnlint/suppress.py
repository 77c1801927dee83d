"""``# noqa`` comments: which lines suppress which codes, and which comments suppressed nothing."""

from __future__ import annotations

import dataclasses
import re

# flake8's syntax: `# noqa`, `# noqa: GNN101`, `# noqa:GNN101,GNN2 E501`. Codes are prefixes.
_NOQA = re.compile(r"#\s*noqa(?::\s?(?P<codes>[A-Z]+[0-9]*(?:[\s,]+[A-Z]+[0-9]*)*))?", re.IGNORECASE)
_FILE_NOQA = re.compile(
    r"^\s*#\s*gnnlint:\s*noqa(?::\s?(?P<codes>[A-Z]+[0-9]*(?:[\s,]+[A-Z]+[0-9]*)*))?\s*$", re.IGNORECASE
)
_SPLIT = re.compile(r"[\s,]+")


@dataclasses.dataclass
class NoqaComment:
    line: int
    column: int
    codes: tuple[str, ...] | None  # None: a bare `# noqa`, suppressing everything on the line
    used: bool = False

    def covers(self, code: str) -> bool:
        return self.codes is None or any(code.startswith(prefix) for prefix in self.codes)


@dataclasses.dataclass
class Suppressions:
    skip_file: bool = False
    file_codes: tuple[str, ...] = ()
    by_line: dict[int, NoqaComment] = dataclasses.field(default_factory=dict)

    def suppresses(self, code: str, lines: tuple[int, ...]) -> bool:
        if any(code.startswith(prefix) for prefix in self.file_codes):
            return True
        for line in lines:
            comment = self.by_line.get(line)
            if comment is not None and comment.covers(code):
                comment.used = True
                return True
        return False


def _codes(text: str | None) -> tuple[str, ...] | None:
    if not text:
        return None
    return tuple(code.upper() for code in _SPLIT.split(text.strip()) if code)


def parse_suppressions(source: str) -> Suppressions:
    result = Suppressions()
    if "noqa" not in source and "NOQA" not in source and "Noqa" not in source:
        return result
    for number, text in enumerate(source.splitlines(), start=1):
        if "#" not in text:
            continue
        whole_file = _FILE_NOQA.match(text)
        if whole_file:
            codes = _codes(whole_file.group("codes"))
            if codes is None:
                result.skip_file = True
            else:
                result.file_codes += codes
            continue
        match = _NOQA.search(text)
        if match:
            result.by_line[number] = NoqaComment(number, match.start() + 1, _codes(match.group("codes")))
    return result
