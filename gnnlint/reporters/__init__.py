"""Built-in reporters, registered through the same hook as a plugin's."""

from __future__ import annotations

from gnnlint.hookspecs import hookimpl


@hookimpl
def gnnlint_register_reporters() -> list[type]:
    from gnnlint.reporters.github import GithubReporter
    from gnnlint.reporters.json import JsonReporter
    from gnnlint.reporters.sarif import SarifReporter
    from gnnlint.reporters.text import TextReporter

    return [TextReporter, JsonReporter, SarifReporter, GithubReporter]
