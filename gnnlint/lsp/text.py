"""Positions in a text the way an editor counts them.

The engine counts 1-based lines and 1-based columns in characters (code points); LSP counts
0-based lines split at \\n, \\r\\n or \\r only, and columns in UTF-16 code units unless the client
negotiated another encoding. ``str.splitlines`` would also split at form feeds and U+2028, which
editors do not, so lines are split here.
"""

from __future__ import annotations

import bisect
import re

_LINE_END = re.compile(r"\r\n|\r|\n")


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class LineIndex:
    """Offsets of line starts in ``text``, to convert between offsets, engine positions and LSP
    positions (``encoding``: "utf-16", "utf-8" or "utf-32")."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0] + [match.end() for match in _LINE_END.finditer(text)]

    def line_text(self, line: int) -> str:
        """The 0-based line's text without its line end ("" past the end)."""
        if line >= len(self.starts):
            return ""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line]:end].rstrip("\r\n")

    def offset(self, line: int, character: int) -> int:
        """The offset of an LSP position (clamped to the line and to the text)."""
        if line >= len(self.starts):
            return len(self.text)
        text = self.line_text(line)
        if self.encoding != "utf-32":
            count = 0
            for index, char in enumerate(text):
                if count >= character:
                    character = index
                    break
                count += _units(char, self.encoding)
            else:
                character = len(text)
        return self.starts[line] + min(character, len(text))

    def position(self, offset: int) -> tuple[int, int]:
        """The LSP (line, character) of an offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, _units(self.text[self.starts[line]:offset], self.encoding)

    def from_engine(self, line: int, column: int) -> tuple[int, int]:
        """The LSP (line, character) of an engine position (1-based line and column in characters)."""
        line = max(line - 1, 0)
        if line >= len(self.starts):
            return self.position(len(self.text))
        text = self.line_text(line)
        return line, _units(text[:max(column - 1, 0)], self.encoding)
