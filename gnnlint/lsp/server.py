"""The language server: editor buffers in; diagnostics, quick fixes and rule pages out.

Responsiveness: every engine call (lint, fixes) runs on one worker thread, never on the event loop
that reads the editor's messages, so a keystroke is answered while a large file is being linted.
One thread, not a pool: the engine's parse briefly patches libcst globally, and one thread also
bounds the CPU the server takes. A change is linted after a short pause (``debounceMs``); a lint
whose version was overtaken before it started is skipped, and a result for a version that is no
longer current is dropped, not published. Results are cached by content, so undo, save, or a
code-action request on an unchanged buffer costs no lint. The runtime probe is never run here.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from gnnlint import __version__
from gnnlint.catalogue import help_url
from gnnlint.config import ConfigError
from gnnlint.diagnostics import Diagnostic
from gnnlint.engine import Finding
from gnnlint.lsp import edits
from gnnlint.lsp.pages import hover_page
from gnnlint.lsp.project import Project, Projects
from gnnlint.lsp.text import LineIndex
from gnnlint.plugins import PluginError

log = logging.getLogger("gnnlint.lsp")

FIX_ALL_KIND = "source.fixAll.gnnlint"
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}
PYTHON_SUFFIXES = (".py", ".pyi")
CACHE_SIZE = 32  # lint results kept by content (a few versions of each open file)


@dataclasses.dataclass
class Linted:
    """One version of a document as linted: its findings and the diagnostics published for them
    (``diagnostics[i]`` is ``findings[i]``)."""

    version: int | None
    text: str
    path: Path
    project: Project | None
    findings: list[Finding]
    diagnostics: list[lsp.Diagnostic]
    index: LineIndex


class GnnlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("gnnlint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.unsafe_fixes = False
        self.shut_down = False
        self.debounce = 0.05  # seconds; coalesces a burst of keystrokes into one lint
        self.projects = Projects(self._default_root)
        self.versions: dict[str, int | None] = {}  # open documents and their current version
        self.linted: dict[str, Linted] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.cache: collections.OrderedDict[tuple[str, bytes], tuple[Project, list[Finding]]] = \
            collections.OrderedDict()
        self.engine = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gnnlint-engine")

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

    def _default_root(self, path: Path) -> Path:
        """Where a file outside any configured project is anchored: its workspace folder."""
        roots = [Path(p) for p in (to_fs_path(f.uri) for f in self.workspace.folders.values()) if p]
        if self.workspace.root_path:
            roots.append(Path(self.workspace.root_path))
        containing = [r.resolve() for r in roots if path.resolve().is_relative_to(r.resolve())]
        return max(containing, key=lambda r: len(r.parts)) if containing else path.parent.resolve()

    # -- linting ----------------------------------------------------------------------------

    @staticmethod
    def path_of(uri: str) -> Path:
        return Path(to_fs_path(uri) or urlparse(uri).path or "untitled.py")

    def wants(self, uri: str, language_id: str | None) -> bool:
        return language_id == "python" or self.path_of(uri).suffix in PYTHON_SUFFIXES

    def schedule(self, uri: str, delay: float) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self.timers[uri] = loop.call_later(delay, lambda: asyncio.ensure_future(self.lint_and_publish(uri)))

    async def lint_and_publish(self, uri: str) -> Linted | None:
        """Lint the document's current version on the engine thread and publish the result,
        unless the document moved on meanwhile (a newer lint is then scheduled)."""
        self.timers.pop(uri, None)
        if uri not in self.versions:
            return None
        document = self.workspace.get_text_document(uri)
        version, text = document.version, document.source
        current = self.linted.get(uri)
        if current is not None and current.version == version and current.text == text:
            return current
        loop = asyncio.get_running_loop()
        linted = await loop.run_in_executor(self.engine, self._lint, uri, version, text)
        if linted is None or self.versions.get(uri) != version:
            return None
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=linted.diagnostics))
        return linted

    def _lint(self, uri: str, version: int | None, text: str) -> Linted | None:
        """On the engine thread."""
        if self.versions.get(uri) != version:
            return None  # overtaken while it waited: the newer version's lint follows
        path = self.path_of(uri)
        index = LineIndex(text, str(self.workspace.position_encoding or "utf-16"))
        try:
            project = self.projects.for_file(path)
        except (ConfigError, PluginError) as error:
            return Linted(version, text, path, None, [], [_problem(f"gnnlint cannot lint this file: {error}")], index)
        key = (str(path), hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest())
        hit = self.cache.get(key)
        if hit is not None and hit[0] is project:
            findings = hit[1]
            self.cache.move_to_end(key)
        else:
            findings = project.lint(text, path)
            self.cache[key] = (project, findings)
            while len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
        diagnostics = [_diagnostic(f.diagnostic, index, project) for f in findings]
        return Linted(version, text, path, project, findings, diagnostics, index)

    async def current(self, uri: str) -> Linted | None:
        """The lint of the document as it is now (linting it now if need be)."""
        document = self.workspace.get_text_document(uri)
        linted = self.linted.get(uri)
        if linted is not None and linted.version == document.version:
            return linted
        return await self.lint_and_publish(uri)

    def close(self, uri: str) -> None:
        self.versions.pop(uri, None)
        self.linted.pop(uri, None)
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

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

    def actions_for(self, uri: str, linted: Linted, finding: Finding, diagnostic: lsp.Diagnostic) -> list[lsp.CodeAction]:
        """On the engine thread: the finding's fix (when allowed) and its ``# noqa``."""
        found = finding.diagnostic
        actions = []
        if found.fix == "safe" or (found.fix == "unsafe" and self.unsafe_fixes):
            fixed = edits.fix_one(finding)
            if fixed is not None:
                title = f"Fix {found.code}: {found.fix_title or 'apply the suggested fix'}"
                actions.append(lsp.CodeAction(
                    title=title + (" (unsafe)" if found.fix == "unsafe" else ""), kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic], is_preferred=found.fix == "safe",
                    edit=self.replace_all(uri, linted, fixed)))
        line = edits.noqa_line(linted.text, finding)
        line_text = linted.index.line_text(line - 1)
        column, insertion = edits.noqa_insertion(line_text, found.code)
        if insertion:
            offset = linted.index.starts[line - 1] + column
            actions.append(lsp.CodeAction(
                title=f"Suppress {found.code} on line {line} (# noqa: {found.code})",
                kind=lsp.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                edit=self.edit(uri, linted, offset, offset, insertion)))
        return actions

    def fix_all_edit(self, uri: str, linted: Linted) -> lsp.WorkspaceEdit | None:
        """On the engine thread: every safe fix, as ``gnnlint --fix`` would apply them."""
        if linted.project is None:
            return None
        project = linted.project
        fixed = edits.fix_all(linted.text, project.relative(linted.path), project.settings)
        return None if fixed == linted.text else self.replace_all(uri, linted, fixed)


def _problem(message: str) -> lsp.Diagnostic:
    """A diagnostic at the top of the file for what stops linting (a broken config, a plugin)."""
    return lsp.Diagnostic(range=lsp.Range(start=lsp.Position(0, 0), end=lsp.Position(1, 0)), message=message,
                          severity=lsp.DiagnosticSeverity.Error, source="gnnlint")


def _diagnostic(found: Diagnostic, index: LineIndex, project: Project) -> lsp.Diagnostic:
    start = index.from_engine(found.line, found.column)
    if found.end_line is not None and found.end_column is not None:
        end = index.from_engine(found.end_line, found.end_column)
    else:  # a point (a syntax error, a noqa comment): underline the rest of the line
        end = index.from_engine(found.line, len(index.line_text(start[0])) + 1)
    rule = project.rules.get(found.code)
    url = help_url(rule) if rule is not None else None
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


def _wanted(only: list[str] | None, kind: str) -> bool:
    return only is None or any(kind == w or kind.startswith(f"{w}.") for w in only)


def build_server() -> GnnlintServer:
    server = GnnlintServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: GnnlintServer, params: lsp.InitializeParams) -> None:
        ls.apply_settings(params.initialization_options)

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
        uri = params.text_document.uri
        if uri in ls.versions:
            ls.versions[uri] = params.text_document.version
            ls.schedule(uri, ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: GnnlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if ls.path_of(uri).name == "pyproject.toml":  # a project may have gained or lost its config
            ls.projects.forget()
            for open_uri in ls.versions:
                ls.linted.pop(open_uri, None)
                ls.schedule(open_uri, 0)
        elif uri in ls.versions:
            ls.schedule(uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: GnnlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        if params.text_document.uri in ls.versions:
            ls.close(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: GnnlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        # Answered from the published lint of this version: no engine call, never waits on a lint.
        linted = ls.linted.get(params.text_document.uri)
        document = ls.workspace.get_text_document(params.text_document.uri)
        if linted is None or linted.project is None or linted.version != document.version:
            return None
        under = [(f, d) for f, d in zip(linted.findings, linted.diagnostics) if _contains(d.range, params.position)]
        pages, seen = [], set()
        for finding, _ in under:
            rule = linted.project.rules.get(finding.diagnostic.code)
            if rule is not None and rule.code not in seen:
                seen.add(rule.code)
                pages.append(f"{finding.diagnostic.message}\n\n---\n\n{hover_page(rule)}")
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
        linted = await ls.current(uri)
        if linted is None:
            return None
        only = params.context.only
        actions: list[lsp.CodeAction] = []
        loop = asyncio.get_running_loop()
        if _wanted(only, lsp.CodeActionKind.QuickFix):
            for finding, diagnostic in zip(linted.findings, linted.diagnostics):
                if _on_lines_of(diagnostic.range, params.range):
                    actions += await loop.run_in_executor(ls.engine, ls.actions_for, uri, linted, finding, diagnostic)
        if _wanted(only, FIX_ALL_KIND) and any(f.diagnostic.fix == "safe" for f in linted.findings):
            # The edit is computed on resolve: fixing a whole file on every cursor move would be waste.
            actions.append(lsp.CodeAction(title="gnnlint: fix all safe findings", kind=FIX_ALL_KIND,
                                          data={"uri": uri, "version": linted.version}))
        return actions

    @server.feature(lsp.CODE_ACTION_RESOLVE)
    async def resolve_code_action(ls: GnnlintServer, action: lsp.CodeAction) -> lsp.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        if action.kind == FIX_ALL_KIND and uri in ls.versions:
            linted = await ls.current(uri)
            if linted is not None:
                action.edit = await asyncio.get_running_loop().run_in_executor(ls.engine, ls.fix_all_edit, uri, linted)
        return action

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: GnnlintServer, *args: Any) -> None:
        ls.shut_down = True
        for timer in ls.timers.values():
            timer.cancel()
        ls.engine.shutdown(wait=False, cancel_futures=True)

    return server


def serve() -> int:
    """Serve on stdin/stdout until the client says exit: status 0 after a shutdown request, else 1
    (the LSP's rule for exit)."""
    logging.basicConfig(level=logging.WARNING, format="gnnlint-lsp: %(levelname)s: %(message)s")
    server = build_server()
    server.start_io()
    return 0 if server.shut_down else 1
