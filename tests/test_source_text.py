"""The regex view of code without comments and strings, which text heuristics read instead of a parse."""

from __future__ import annotations

import pytest

from gnnlint.source_text import without_comments_and_strings


@pytest.mark.parametrize("source, code", [
    ("x = 1  # normalized\n", "x = 1  \n"),
    ('s = "# not a comment"; y = a / b\n', 's = ""; y = a / b\n'),
    ("# it's a quote in a comment\ny = deg ** -0.5\n", "\ny = deg ** -0.5\n"),
    ('"""Normalized\nadjacency."""\nA = adj\n', '""\nA = adj\n'),
    ("t = rb'\\x00' + f'{a}' + '\\'' \n", 't = "" + "" + "" \n'),
    ('if"#"in y: z = 1\n', 'if""in y: z = 1\n'),
])
def test_comments_and_strings_are_removed_and_code_kept(source, code):
    assert without_comments_and_strings(source) == code


def test_an_unterminated_string_keeps_the_code_after_it():
    assert "a / b" in without_comments_and_strings('s = "open\ny = a / b\n')
