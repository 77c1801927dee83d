"""``gnnlint --lsp``: a Language Server Protocol server over stdio (the optional ``gnnlint[lsp]`` extra).

pygls is imported only here, only when the server starts: the linter itself needs libcst and
pluggy alone.
"""

from __future__ import annotations

import sys

EXIT_ERROR = 2


def main() -> int:
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError as error:
        sys.stderr.write(f"gnnlint: error: --lsp needs {error.name or 'pygls'}: pip install 'gnnlint[lsp]'\n")
        return EXIT_ERROR
    from gnnlint.lsp.server import serve

    return serve()
