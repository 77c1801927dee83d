"""The language server: editor buffers in; diagnostics, quick fixes and rule pages out.

Responsiveness: every engine call (lint, fixes) runs in one worker process (``worker``), never in
the process that reads the editor's messages, so a keystroke is answered while a large file is
being linted (see worker.py for why a thread is not enough). A change is linted after a short
pause (``debounceMs``); one lint per document runs at a time, and when the document moved on
meanwhile its result is dropped, not published, and the latest version is linted instead. The
worker caches results by content, so save, undo, or a code action on an unchanged buffer costs no
lint. The runtime probe is never run here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from gnnlint import __version__
from gnnlint.diagnostics import Diagnostic
from gnnlint.lsp import edits, notebooks, worker
from gnnlint.lsp.text import LineIndex

log = logging.getLogger("gnnlint.lsp")

FIX_ALL_KIND = "source.fixAll.gnnlint"
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}
PYTHON_SUFFIXES = (".py", ".pyi")


@dataclasses.dataclass
class Linted:
    """One version of a document as linted: the engine's result and the diagnostics shown for it
    (``diagnostics[i]`` shows ``result.diagnostics[i]``)."""

    version: int | None
    text: str
    result: worker.Result
    diagnostics: list[lsp.Diagnostic]
    index: LineIndex


class GnnlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("gnnlint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
                         notebook_document_sync=lsp.NotebookDocumentSyncOptions(
                             notebook_selector=[lsp.NotebookDocumentFilterWithCells(
                                 notebook="jupyter-notebook", cells=[lsp.NotebookCellLanguage(language="python")])],
                             save=True))
        self.unsafe_fixes = False
        self.shut_down = False
        self.debounce = 0.05  # seconds; coalesces a burst of keystrokes into one lint
        self.versions: dict[str, int | None] = {}  # open documents and their current version
        self.linted: dict[str, Linted] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.running: dict[str, asyncio.Future[Any]] = {}
        self.cells_of: dict[str, list[str]] = {}  # an open notebook's cell documents
        self._engine: ProcessPoolExecutor | None = None

    # -- the engine process -------------------------------------------------------------------

    def start_engine(self) -> None:
        # spawn, not fork: the server already runs threads (pygls reads stdin on one)
        self._engine = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=worker.initialize)
        self._engine.submit(worker.warm_up)

    async def call(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run ``function`` in the engine process; a crashed process is replaced once."""
        for attempt in (1, 2):
            if self._engine is None:
                self.start_engine()
            assert self._engine is not None
            try:
                return await asyncio.wrap_future(self._engine.submit(function, *args))
            except BrokenProcessPool:
                log.warning("the engine process died; starting a new one")
                self._engine = None
                if attempt == 2:
                    raise
        return None

    def stop_engine(self) -> None:
        if self._engine is not None:
            self._engine.shutdown(wait=False, cancel_futures=True)

    # -- settings ---------------------------------------------------------------------------

    def apply_settings(self, options: Any) -> None:
        """``{"unsafeFixes": true, "debounceMs": 50}``, bare or under a "gnnlint" key."""
        if not isinstance(options, dict):
            return
        options = options.get("gnnlint", options)
        if not isinstance(options, dict):
            return
        if "unsafeFixes" in options:
            self.unsafe_fixes = bool(options["unsafeFixes"])
        if isinstance(options.get("debounceMs"), (int, float)):
            self.debounce = max(0.0, options["debounceMs"] / 1000)

    def root_of(self, path: Path) -> str:
        """Where a file outside any configured project is anchored: its workspace folder."""
        roots = [Path(p) for p in (to_fs_path(f.uri) for f in self.workspace.folders.values()) if p]
        if self.workspace.root_path:
            roots.append(Path(self.workspace.root_path))
        resolved = path.resolve()
        containing = [r.resolve() for r in roots if resolved.is_relative_to(r.resolve())]
        return str(max(containing, key=lambda r: len(r.parts)) if containing else resolved.parent)

    def encoding(self) -> str:
        """The position encoding agreed with the client: "utf-16" (LSP's default), "utf-8" or "utf-32"."""
        agreed = self.workspace.position_encoding
        return str(getattr(agreed, "value", agreed) or "utf-16")

    # -- linting ----------------------------------------------------------------------------

    @staticmethod
    def path_of(uri: str) -> Path:
        return Path(to_fs_path(uri) or urlparse(uri).path or "untitled.py")

    def wants(self, uri: str, language_id: str | None) -> bool:
        return language_id == "python" or self.path_of(uri).suffix in PYTHON_SUFFIXES

    def changed(self, uri: str, version: int) -> None:
        """An open document (a text file or a notebook) was edited: lint it once the edits pause."""
        if uri in self.versions:
            self.versions[uri] = version
            self.schedule(uri, self.debounce)

    def schedule(self, uri: str, delay: float) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self.timers[uri] = loop.call_later(delay, lambda: asyncio.ensure_future(self.lint_and_publish(uri)))

    async def lint_and_publish(self, uri: str) -> Linted | None:
        """The lint of the document as it is now: published, and returned (None once closed)."""
        self.timers.pop(uri, None)
        while uri in self.versions:
            running = self.running.get(uri)
            if running is None:  # one lint per document at a time; others wait for it, then look again
                version, text, cells = self.snapshot(uri)
                current = self.linted.get(uri)
                if current is not None and current.version == version and current.text == text:
                    return current
                running = self.running[uri] = asyncio.ensure_future(self._lint(uri, version, text, cells))
                running.add_done_callback(lambda task: self.running.pop(uri) if self.running.get(uri) is task else None)
            # wait() neither raises nor passes on a cancelled request's cancellation to the lint
            await asyncio.wait([running])
        return None

    async def _lint(self, uri: str, version: int | None, text: str, cells: notebooks.Snapshot | None) -> None:
        """Lint one version and publish it, unless the document moved on meanwhile (the result is
        then dropped: its positions would be wrong, and the latest version is linted next)."""
        path = self.path_of(uri)
        try:
            result = await self.call(worker.lint, str(path), text, self.root_of(path))
        except Exception as error:  # a bug of ours: tell the editor, keep serving
            log.exception("linting %s failed", uri)
            result = worker.Result([], problem=f"gnnlint failed on this file: {type(error).__name__}: {error}")
        if self.versions.get(uri) != version:
            return
        if cells is not None:
            self.publish_cells(uri, version, text, result, cells)
            return
        index = LineIndex(text, self.encoding())
        diagnostics = [_diagnostic(d, index, result) for d in result.diagnostics]
        self.linted[uri] = Linted(version, text, result, diagnostics, index)
        published = [_problem(result.problem)] + diagnostics if result.problem else diagnostics
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=published))

    def snapshot(self, uri: str) -> tuple[int | None, str, notebooks.Snapshot | None]:
        """(version, text to lint, the cells when ``uri`` is a notebook) as the document is now."""
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is None:
            document = self.workspace.get_text_document(uri)
            return document.version, document.source, None
        texts = {cell.document: self.workspace.get_text_document(cell.document).source for cell in notebook.cells}
        cells = notebooks.snapshot(notebook, texts)
        return notebook.version, cells.joined.source, cells

    def publish_cells(self, uri: str, version: int | None, text: str, result: worker.Result,
                      cells: notebooks.Snapshot) -> None:
        """A notebook's findings, published on the cells they are in (hover then works per cell)."""
        texts = dict(cells.cells)
        for cell_uri in set(self.cells_of.get(uri, ())) - set(texts):  # cells deleted since
            self.linted.pop(cell_uri, None)
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=cell_uri, diagnostics=[]))
        self.cells_of[uri] = list(texts)
        problem = [_problem(result.problem)] if result.problem else []
        for cell_uri, found in notebooks.by_cell(cells, result.diagnostics).items():
            index = LineIndex(texts[cell_uri], self.encoding())
            local = dataclasses.replace(result, diagnostics=found)
            diagnostics = [_diagnostic(d, index, local) for d in found]
            cell_version = self.workspace.get_text_document(cell_uri).version
            self.linted[cell_uri] = Linted(cell_version, texts[cell_uri], local, diagnostics, index)
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=cell_uri, version=cell_version, diagnostics=problem + diagnostics))
            problem = []  # a broken config is said once, on the first cell
        self.linted[uri] = Linted(version, text, result, [], LineIndex(text, self.encoding()))

    def close(self, uri: str) -> None:
        self.versions.pop(uri, None)
        self.linted.pop(uri, None)
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        for cell_uri in [uri] + self.cells_of.pop(uri, []):
            self.linted.pop(cell_uri, None)
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=cell_uri, diagnostics=[]))

    # -- code actions -----------------------------------------------------------------------

    def edit(self, uri: str, linted: Linted, start: int, end: int, new_text: str) -> lsp.WorkspaceEdit:
        """A workspace edit replacing ``linted.text[start:end]``, versioned when the client allows
        (it then refuses an edit computed for an older buffer)."""
        (start_line, start_char), (end_line, end_char) = linted.index.position(start), linted.index.position(end)
        text_edit = lsp.TextEdit(range=lsp.Range(start=lsp.Position(start_line, start_char),
                                                 end=lsp.Position(end_line, end_char)), new_text=new_text)
        capabilities = self.client_capabilities.workspace
        if capabilities and capabilities.workspace_edit and capabilities.workspace_edit.document_changes:
            identifier = lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=linted.version)
            return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(text_document=identifier,
                                                                            edits=[text_edit])])
        return lsp.WorkspaceEdit(changes={uri: [text_edit]})

    def replace_all(self, uri: str, linted: Linted, new_text: str) -> lsp.WorkspaceEdit:
        return self.edit(uri, linted, *edits.minimal_change(linted.text, new_text))

    def code_action(self, uri: str, linted: Linted, action: worker.Action, diagnostic: lsp.Diagnostic) -> lsp.CodeAction:
        if action.text is not None:
            edit = self.replace_all(uri, linted, action.text)
        else:
            assert action.insert_at is not None
            line, column = action.insert_at
            offset = linted.index.starts[line - 1] + column
            edit = self.edit(uri, linted, offset, offset, action.insert)
        return lsp.CodeAction(title=action.title, kind=lsp.CodeActionKind.QuickFix,
                              diagnostics=[diagnostic], is_preferred=action.preferred or None,
                              edit=edit)


def _problem(message: str) -> lsp.Diagnostic:
    """A diagnostic at the top of the file for what stops linting (a broken config, a plugin)."""
    return lsp.Diagnostic(range=lsp.Range(start=lsp.Position(0, 0), end=lsp.Position(1, 0)), message=message,
                          severity=lsp.DiagnosticSeverity.Error, source="gnnlint")


def _diagnostic(found: Diagnostic, index: LineIndex, result: worker.Result) -> lsp.Diagnostic:
    start = index.from_engine(found.line, found.column)
    if found.end_line is not None and found.end_column is not None:
        end = index.from_engine(found.end_line, found.end_column)
    else:  # a point (a syntax error, a noqa comment): underline the rest of the line
        end = index.from_engine(found.line, len(index.line_text(start[0])) + 1)
    url = result.rules.get(found.code, (None, ""))[0]
    return lsp.Diagnostic(
        range=lsp.Range(start=lsp.Position(*start), end=lsp.Position(*end)), message=found.message,
        severity=SEVERITY.get(found.severity, lsp.DiagnosticSeverity.Information), code=found.code,
        code_description=lsp.CodeDescription(href=url) if url else None, source="gnnlint")


def _contains(range_: lsp.Range, position: lsp.Position) -> bool:
    return ((range_.start.line, range_.start.character) <= (position.line, position.character)
            <= (range_.end.line, range_.end.character))


def _on_lines_of(finding: lsp.Range, requested: lsp.Range) -> bool:
    """Whether a finding shares a line with the requested range: a cursor anywhere on the line
    offers its fixes (Neovim asks for the cursor's line, VS Code for the cursor or selection)."""
    return finding.start.line <= requested.end.line and requested.start.line <= finding.end.line


def _wanted(only: Sequence[str] | None, kind: str) -> bool:
    return only is None or any(kind == w or kind.startswith(f"{w}.") for w in only)


def build_server() -> GnnlintServer:
    server = GnnlintServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: GnnlintServer, params: lsp.InitializeParams) -> None:
        ls.apply_settings(params.initialization_options)
        ls.start_engine()  # its start-up overlaps the editor opening its first file

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: GnnlintServer, params: lsp.DidChangeConfigurationParams) -> None:
        ls.apply_settings(params.settings)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: GnnlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        if ls.wants(document.uri, document.language_id):
            ls.versions[document.uri] = document.version
            ls.schedule(document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: GnnlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri, params.text_document.version)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: GnnlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if ls.path_of(uri).name == "pyproject.toml":  # a project may have gained or lost its config
            asyncio.ensure_future(ls.call(worker.forget_configs))
            for open_uri in ls.versions:
                ls.linted.pop(open_uri, None)
                ls.schedule(open_uri, 0)
        elif uri in ls.versions:
            ls.schedule(uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: GnnlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        if params.text_document.uri in ls.versions:
            ls.close(params.text_document.uri)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_did_open(ls: GnnlintServer, params: lsp.DidOpenNotebookDocumentParams) -> None:
        ls.versions[params.notebook_document.uri] = params.notebook_document.version
        ls.schedule(params.notebook_document.uri, 0)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_did_change(ls: GnnlintServer, params: lsp.DidChangeNotebookDocumentParams) -> None:
        ls.changed(params.notebook_document.uri, params.notebook_document.version)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_did_save(ls: GnnlintServer, params: lsp.DidSaveNotebookDocumentParams) -> None:
        if params.notebook_document.uri in ls.versions:
            ls.schedule(params.notebook_document.uri, 0)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_did_close(ls: GnnlintServer, params: lsp.DidCloseNotebookDocumentParams) -> None:
        if params.notebook_document.uri in ls.versions:
            ls.close(params.notebook_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: GnnlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        # Answered from the published lint of this version: no engine call, never waits on a lint.
        linted = ls.linted.get(params.text_document.uri)
        document = ls.workspace.get_text_document(params.text_document.uri)
        if linted is None or linted.version != document.version:
            return None
        under = [(found, shown) for found, shown in zip(linted.result.diagnostics, linted.diagnostics)
                 if _contains(shown.range, params.position)]
        pages, seen = [], set()
        for found, _ in under:
            page = linted.result.rules.get(found.code, (None, ""))[1]
            if page and found.code not in seen:
                seen.add(found.code)
                pages.append(f"{found.message}\n\n---\n\n{page}")
        if not pages:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value="\n\n---\n\n".join(pages)),
                         range=under[0][1].range)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll, FIX_ALL_KIND],
        resolve_provider=True))
    async def code_action(ls: GnnlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        if uri not in ls.versions:
            return None
        linted = await ls.lint_and_publish(uri)
        if linted is None:
            return None
        only = params.context.only
        result: list[lsp.CodeAction] = []
        if _wanted(only, lsp.CodeActionKind.QuickFix):
            on_lines = {worker.key(found): shown for found, shown in zip(linted.result.diagnostics, linted.diagnostics)
                        if _on_lines_of(shown.range, params.range)}
            if on_lines:
                path = ls.path_of(uri)
                found = await ls.call(worker.actions, str(path), linted.text, ls.root_of(path), list(on_lines),
                                      ls.unsafe_fixes)
                result += [ls.code_action(uri, linted, action, on_lines[action.finding]) for action in found]
        if _wanted(only, FIX_ALL_KIND) and any(d.fix == "safe" for d in linted.result.diagnostics):
            # The edit is computed on resolve: fixing a whole file on every cursor move would be waste.
            result.append(lsp.CodeAction(title="gnnlint: fix all safe findings", kind=FIX_ALL_KIND,
                                         data={"uri": uri}))
        return result

    @server.feature(lsp.CODE_ACTION_RESOLVE)
    async def resolve_code_action(ls: GnnlintServer, action: lsp.CodeAction) -> lsp.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        if action.kind == FIX_ALL_KIND and uri in ls.versions:
            linted = await ls.lint_and_publish(uri)
            if linted is not None:
                path = ls.path_of(uri)
                fixed = await ls.call(worker.fix_all, str(path), linted.text, ls.root_of(path))
                if fixed != linted.text:
                    action.edit = ls.replace_all(uri, linted, fixed)
        return action

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: GnnlintServer, *args: Any) -> None:
        ls.shut_down = True
        for timer in ls.timers.values():
            timer.cancel()
        ls.stop_engine()

    return server


def serve() -> int:
    """Serve on stdin/stdout until the client says exit: status 0 after a shutdown request, else 1
    (the LSP's rule for exit)."""
    logging.basicConfig(level=logging.WARNING, format="gnnlint-lsp: %(levelname)s: %(message)s")
    server = build_server()
    server.start_io()
    return 0 if server.shut_down else 1
