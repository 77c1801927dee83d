"""Read a Python 2 file as the Python 3 text it means, line for line.

Research GNN code from before 2019 is often Python 2 (``print "epoch", i``), and libcst parses
Python 3 only: such a file would get one syntax error and no other finding. The statements that
changed spelling between the two are rewritten on their own line, so every line keeps its number
and every finding its line. Only used when the file does not parse as it is, and only kept when
the rewritten text parses; ``--fix`` never writes a rewritten text (:mod:`gnnlint.fix`).
"""

from __future__ import annotations

import io
import re
import tokenize

_PRINT = re.compile(r"^(\s*)print\b(?!\s*\()(?!\s*[=.\[])(.*)$")
_EXCEPT = re.compile(r"^(\s*except\s+)(\([^()]*\)|[\w.]+)\s*,\s*(\w+)(\s*:.*)$")
_RAISE = re.compile(r"^(\s*raise\s+)([\w.]+)\s*,\s*(.+?)\s*$")
_LONG = re.compile(r"\b(\d+)[lL]\b")
_OCTAL = re.compile(r"(?<![\w.])(?<![eE][-+])0(\d+)\b")


def as_python3(source: str) -> str | None:
    """The text with Python 2 statements written as Python 3 (same lines), or None when nothing
    Python 2 was found."""
    lines = source.splitlines(keepends=True)
    changed = False
    for index, line in enumerate(lines):
        body, ending = _split_ending(line)
        code, comment = _split_comment(body)
        rewritten = _literals(_statement(code))
        if rewritten != code:
            lines[index] = rewritten + comment + ending
            changed = True
    return "".join(lines) if changed else None


def _statement(code: str) -> str:
    found = _PRINT.match(code)
    if found is not None:
        indent, rest = found.groups()
        rest = rest.strip()
        if rest.startswith(">>"):  # print >>stream, values
            stream, _, values = rest[2:].partition(",")
            return f"{indent}print({values.strip()}, file={stream.strip()})" if values.strip() \
                else f"{indent}print(file={stream.strip()})"
        return f"{indent}print({rest})"
    found = _EXCEPT.match(code)
    if found is not None:
        return f"{found.group(1)}{found.group(2)} as {found.group(3)}{found.group(4)}"
    found = _RAISE.match(code)
    if found is not None:
        return f"{found.group(1)}{found.group(2)}({found.group(3)})"
    return code


def _literals(code: str) -> str:
    """``0777`` -> ``0o777``, ``10L`` -> ``10``, ``<>`` -> ``!=``."""
    return _OCTAL.sub(r"0o\1", _LONG.sub(r"\1", code.replace("<>", "!=")))


def _split_ending(line: str) -> tuple[str, str]:
    stripped = line.rstrip("\r\n")
    return stripped, line[len(stripped):]


def _split_comment(line: str) -> tuple[str, str]:
    """(code, comment) of one physical line; a ``#`` inside a string is code."""
    if "#" not in line:
        return line, ""
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.type == tokenize.COMMENT:
                start = token.start[1]
                return line[:start].rstrip(), line[len(line[:start].rstrip()):]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return line, ""
