"""End to end: the real ``gnnlint --lsp`` server in a subprocess, driven over stdio by pytest-lsp."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types as lsp  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from gnnlint.lsp.text import LineIndex  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "gnnlint", "--lsp"], server_env=ENV)

SOURCE = """\
import torch
import torch.nn.functional as F
from torch import nn


def loss(logits, y):
    return F.nll_loss(torch.log(F.softmax(logits, dim=1)), y)


layer = nn.Linear(16, 16)
nn.init.uniform_(layer.weight, 0.0, 1.0)
"""
LOG_LINE = 6  # 0-based: the unguarded log (GNN501, a safe fix)
INIT_LINE = 10  # the positive uniform init (GNN201, an unsafe fix)


async def start(client: LanguageClient, root: Path, options: dict | None = None) -> None:
    await client.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri(),
        workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name="project")],
        initialization_options=options))


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    await start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def unstopped_client(lsp_client: LanguageClient, tmp_path: Path):
    await start(lsp_client, tmp_path)
    yield  # the test itself shuts the server down


@pytest_lsp.fixture(config=SERVER)
async def unsafe_client(lsp_client: LanguageClient, tmp_path: Path):
    await start(lsp_client, tmp_path, {"unsafeFixes": True})
    yield
    await lsp_client.shutdown_session()


class Buffer:
    """An editor buffer: its text and version, kept in step with what the server was told."""

    def __init__(self, client: LanguageClient, path: Path, text: str) -> None:
        self.client, self.uri, self.text, self.version = client, path.as_uri(), text, 1

    async def published(self, send) -> list[lsp.Diagnostic]:
        """Send (a notification) and return the diagnostics then published for this buffer."""
        waiting = asyncio.ensure_future(self._next_publish())
        await asyncio.sleep(0)
        send()
        return await asyncio.wait_for(waiting, timeout=30)

    async def _next_publish(self) -> list[lsp.Diagnostic]:
        while True:
            params = await self.client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == self.uri and params.version == self.version:
                return list(params.diagnostics)

    async def open(self) -> list[lsp.Diagnostic]:
        return await self.published(lambda: self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=self.uri, language_id="python", version=self.version,
                                               text=self.text))))

    async def apply(self, edit: lsp.WorkspaceEdit) -> list[lsp.Diagnostic]:
        """Apply a code action's edit as an editor would, and send the change."""
        changes = edit.document_changes or []
        text_edits = [e for change in changes for e in change.edits] or (edit.changes or {}).get(self.uri, [])
        if changes:
            assert changes[0].text_document.version == self.version  # computed for this very buffer
        index = LineIndex(self.text)
        for text_edit in sorted(text_edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            start = index.offset(text_edit.range.start.line, text_edit.range.start.character)
            end = index.offset(text_edit.range.end.line, text_edit.range.end.character)
            self.text = self.text[:start] + text_edit.new_text + self.text[end:]
        return await self.replace(self.text)

    async def replace(self, text: str) -> list[lsp.Diagnostic]:
        self.text, self.version = text, self.version + 1
        return await self.published(lambda: self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)])))

    async def actions(self, line: int, only: list[str] | None = None) -> list[lsp.CodeAction]:
        result = await self.client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=self.uri),
            range=lsp.Range(start=lsp.Position(line, 0), end=lsp.Position(line, 0)),
            context=lsp.CodeActionContext(diagnostics=[], only=only)))
        return list(result or [])


def codes(diagnostics: list[lsp.Diagnostic]) -> list[tuple[str, int]]:
    return sorted((str(d.code), d.range.start.line) for d in diagnostics)


@pytest.mark.asyncio
async def test_diagnostics_arrive_on_open_with_code_severity_and_rule_page(client: LanguageClient, tmp_path: Path):
    diagnostics = await Buffer(client, tmp_path / "train.py", SOURCE).open()
    assert codes(diagnostics) == [("GNN201", INIT_LINE), ("GNN501", LOG_LINE)]
    log = next(d for d in diagnostics if d.code == "GNN501")
    assert log.severity == lsp.DiagnosticSeverity.Error
    assert log.source == "gnnlint"
    assert log.code_description.href.endswith("rules/GNN501-unguarded-log/README.md")
    assert SOURCE.splitlines()[LOG_LINE][log.range.start.character:log.range.end.character] == \
        "torch.log(F.softmax(logits, dim=1))"


@pytest.mark.asyncio
async def test_diagnostics_follow_the_unsaved_buffer_not_the_disk(client: LanguageClient, tmp_path: Path):
    path = tmp_path / "train.py"
    path.write_text("x = 1\n")  # what is on disk must not matter
    buffer = Buffer(client, path, SOURCE)
    assert codes(await buffer.open()) == [("GNN201", INIT_LINE), ("GNN501", LOG_LINE)]
    assert codes(await buffer.replace(SOURCE.replace("torch.log(F.softmax(logits, dim=1))", "F.log_softmax(logits, dim=1)"))) == \
        [("GNN201", INIT_LINE)]
    assert codes(await buffer.replace("\n\n" + SOURCE)) == [("GNN201", INIT_LINE + 2), ("GNN501", LOG_LINE + 2)]


@pytest.mark.asyncio
async def test_closing_a_file_clears_its_diagnostics(client: LanguageClient, tmp_path: Path):
    buffer = Buffer(client, tmp_path / "train.py", SOURCE)
    assert await buffer.open()
    closed = lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=buffer.uri))
    buffer.version = None  # a clearing publication names no version
    assert await buffer.published(lambda: client.text_document_did_close(closed)) == []


@pytest.mark.asyncio
async def test_quick_fix_applied_to_the_buffer_removes_the_finding(client: LanguageClient, tmp_path: Path):
    buffer = Buffer(client, tmp_path / "train.py", SOURCE)
    await buffer.open()
    actions = await buffer.actions(LOG_LINE)
    fix = next(a for a in actions if a.title.startswith("Fix GNN501"))
    assert fix.kind == lsp.CodeActionKind.QuickFix and fix.is_preferred
    assert codes(await buffer.apply(fix.edit)) == [("GNN201", INIT_LINE)]
    assert "return F.nll_loss(F.log_softmax(logits, dim=1), y)" in buffer.text


@pytest.mark.asyncio
async def test_noqa_action_suppresses_the_finding(client: LanguageClient, tmp_path: Path):
    buffer = Buffer(client, tmp_path / "train.py", SOURCE)
    await buffer.open()
    noqa = next(a for a in await buffer.actions(INIT_LINE) if "noqa" in a.title)
    assert codes(await buffer.apply(noqa.edit)) == [("GNN501", LOG_LINE)]
    assert buffer.text.splitlines()[INIT_LINE] == "nn.init.uniform_(layer.weight, 0.0, 1.0)  # noqa: GNN201"


@pytest.mark.asyncio
async def test_noqa_action_extends_an_existing_noqa(client: LanguageClient, tmp_path: Path):
    text = SOURCE.replace("0.0, 1.0)\n", "0.0, 1.0)  # noqa: E501\n")
    buffer = Buffer(client, tmp_path / "train.py", text)
    await buffer.open()
    noqa = next(a for a in await buffer.actions(INIT_LINE) if "noqa" in a.title)
    assert codes(await buffer.apply(noqa.edit)) == [("GNN501", LOG_LINE)]
    assert buffer.text.splitlines()[INIT_LINE].endswith("# noqa: E501, GNN201")


@pytest.mark.asyncio
async def test_unsafe_fix_is_not_offered_by_default(client: LanguageClient, tmp_path: Path):
    buffer = Buffer(client, tmp_path / "train.py", SOURCE)
    await buffer.open()
    titles = [a.title for a in await buffer.actions(INIT_LINE, only=[lsp.CodeActionKind.QuickFix])]
    assert titles == ["Suppress GNN201 on line 11 (# noqa: GNN201)"]


@pytest.mark.asyncio
async def test_unsafe_fix_is_offered_and_labelled_when_the_setting_allows(unsafe_client: LanguageClient,
                                                                         tmp_path: Path):
    buffer = Buffer(unsafe_client, tmp_path / "train.py", SOURCE)
    await buffer.open()
    fix = next(a for a in await buffer.actions(INIT_LINE) if a.title.startswith("Fix GNN201"))
    assert fix.title.endswith("(unsafe)") and not fix.is_preferred
    assert codes(await buffer.apply(fix.edit)) == [("GNN501", LOG_LINE)]
    assert "nn.init.xavier_uniform_(layer.weight)" in buffer.text


@pytest.mark.asyncio
async def test_fix_all_source_action_applies_every_safe_fix(client: LanguageClient, tmp_path: Path):
    text = SOURCE + "\n\ndef other(z):\n    return torch.log(torch.sigmoid(z))\n"
    buffer = Buffer(client, tmp_path / "train.py", text)
    assert [c for c, _ in codes(await buffer.open())] == ["GNN201", "GNN501", "GNN501"]
    actions = await buffer.actions(0, only=[lsp.CodeActionKind.SourceFixAll])
    assert [a.kind for a in actions] == ["source.fixAll.gnnlint"]
    resolved = await client.code_action_resolve_async(actions[0])
    assert codes(await buffer.apply(resolved.edit)) == [("GNN201", INIT_LINE)]  # the unsafe one stays
    assert "F.logsigmoid(z)" in buffer.text and "F.log_softmax(logits, dim=1)" in buffer.text


@pytest.mark.asyncio
async def test_hover_on_a_finding_shows_its_rule_page(client: LanguageClient, tmp_path: Path):
    buffer = Buffer(client, tmp_path / "train.py", SOURCE)
    await buffer.open()

    async def hover(line: int, character: int) -> lsp.Hover | None:
        return await client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=buffer.uri), position=lsp.Position(line, character)))

    found = await hover(LOG_LINE, SOURCE.splitlines()[LOG_LINE].index("torch.log") + 3)
    page = found.contents.value
    assert "GNN501" in page and "unguarded-log" in page
    for heading in ("### What it does", "### Why is this bad?", "### Use instead"):
        assert heading in page
    assert "log_softmax" in page  # the Use instead section's advice
    assert "## Example" not in page and "### References" not in page
    assert await hover(0, 0) is None  # no finding there


@pytest.mark.asyncio
async def test_notebook_findings_arrive_on_their_cell(client: LanguageClient, tmp_path: Path):
    notebook = (tmp_path / "train.ipynb").as_uri()
    cells = [("imports", lsp.NotebookCellKind.Code, "import torch\nimport torch.nn.functional as F\n"),
             ("notes", lsp.NotebookCellKind.Markup, "# torch.log(F.softmax(x)) would be flagged"),
             ("magic", lsp.NotebookCellKind.Code, "%matplotlib inline\n"),
             ("loss", lsp.NotebookCellKind.Code, "x = torch.randn(4, 3)\ny = torch.log(F.softmax(x, dim=1))\n")]
    uri = {name: f"{notebook}#{name}" for name, _, _ in cells}
    client.notebook_document_did_open(lsp.DidOpenNotebookDocumentParams(
        notebook_document=lsp.NotebookDocument(uri=notebook, notebook_type="jupyter-notebook", version=1, cells=[
            lsp.NotebookCell(kind=kind, document=uri[name]) for name, kind, _ in cells]),
        cell_text_documents=[lsp.TextDocumentItem(uri=uri[name], language_id="python" if kind == 2 else "markdown",
                                                  version=1, text=text) for name, kind, text in cells]))
    diagnostics = await asyncio.wait_for(_diagnostics_of(client, uri["loss"]), timeout=30)
    # the import in the first cell resolves the names in the last; lines count within the cell
    assert codes(diagnostics) == [("GNN501", 1)]
    assert diagnostics[0].range.start.character == len("y = ")
    assert list(client.diagnostics.get(uri["imports"])) == []


async def _diagnostics_of(client: LanguageClient, uri: str) -> list[lsp.Diagnostic]:
    # The client records every publication; several cells' arrive at once, too fast to wait for each.
    while uri not in client.diagnostics:
        await asyncio.sleep(0.05)
    return list(client.diagnostics[uri])


@pytest.mark.asyncio
async def test_project_config_and_noqa_apply_as_on_the_command_line(client: LanguageClient, tmp_path: Path):
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.gnnlint]\nignore = ["positive-uniform-init"]\n')  # a name, as the CLI allows
    text = SOURCE.replace("dim=1)), y)", "dim=1)), y)  # noqa: GNN501")
    assert codes(await Buffer(client, project / "src" / "train.py", text).open()) == []
    # the same buffer outside that project: default rules, and the noqa still applies
    assert codes(await Buffer(client, tmp_path / "train.py", text).open()) == [("GNN201", INIT_LINE)]


@pytest.mark.asyncio
async def test_saving_the_project_config_relints_open_files(client: LanguageClient, tmp_path: Path):
    buffer = Buffer(client, tmp_path / "train.py", SOURCE)
    assert codes(await buffer.open()) == [("GNN201", INIT_LINE), ("GNN501", LOG_LINE)]
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.gnnlint]\nignore = ["GNN5"]\n')
    saved = lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=config.as_uri()))
    assert codes(await buffer.published(lambda: client.text_document_did_save(saved))) == [("GNN201", INIT_LINE)]


@pytest.mark.asyncio
async def test_columns_are_utf16_code_units(client: LanguageClient, tmp_path: Path):
    # An emoji is one character to Python and two UTF-16 units to the editor (LSP's default).
    text = SOURCE.replace("    return F.nll_loss(", '    s = "😀"; return F.nll_loss(')
    log = next(d for d in await Buffer(client, tmp_path / "train.py", text).open() if d.code == "GNN501")
    line = text.splitlines()[LOG_LINE]
    assert log.range.start.character == len(line[:line.index("torch.log")].encode("utf-16-le")) // 2
    assert log.range.start.character == line.index("torch.log") + 1


@pytest.mark.asyncio
async def test_a_broken_config_is_reported_in_the_file(client: LanguageClient, tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.gnnlint]\nselekt = ["GNN1"]\n')
    diagnostics = await Buffer(client, tmp_path / "train.py", SOURCE).open()
    assert len(diagnostics) == 1
    assert "unknown key 'selekt'" in diagnostics[0].message and "did you mean 'select'" in diagnostics[0].message


@pytest.mark.asyncio
async def test_shutdown_and_exit_are_clean(unstopped_client: LanguageClient, tmp_path: Path):
    await Buffer(unstopped_client, tmp_path / "train.py", SOURCE).open()
    await unstopped_client.shutdown_session()  # shutdown, then exit, then waits for the process
    assert unstopped_client._server.returncode == 0  # pygls keeps the server process there


def test_lsp_without_pygls_is_a_one_line_error():
    blocked = "import sys; sys.modules['pygls'] = None; from gnnlint.cli import main; sys.exit(main(['--lsp']))"
    result = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, env=ENV, timeout=60)
    assert result.returncode == 2
    assert result.stderr == "gnnlint: error: --lsp needs pygls: pip install 'gnnlint[lsp]'\n"
