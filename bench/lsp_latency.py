"""How long an editor waits for gnnlint's diagnostics after a keystroke, and whether the server
stays responsive while it lints.

    .venv/bin/python bench/lsp_latency.py [--lines 2000] [--edits 20]

Starts the real ``gnnlint --lsp`` over stdio (a pygls client, as an editor would talk to it) on a
generated file of ``--lines`` lines of GNN code with findings (the repository's seed fixtures,
repeated), and measures:

- edit to diagnostics: from sending one ``didChange`` (an incremental edit in the middle of the
  file) to receiving the ``publishDiagnostics`` for that version; the server's debounce included;
- typing: ``--burst`` changes 30 ms apart (faster than a lint); the time from the last change to
  its diagnostics, and how many versions were published (stale ones should be dropped);
- responsiveness: while a change is being linted, a ``hover`` request every 10 ms; its round
  trip is how long a message from the editor waits on the server (the issue's 100 ms bound);
- the engine alone: ``gnnlint.lint_source`` on the same text in this process, so that the
  server's own share of the latency can be read off.

Prints a Markdown report (the numbers in bench/LSP_RESULTS.md come from it). Needs gnnlint[lsp].
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's gnnlint, as the server started below uses

import gnnlint  # noqa: E402


def big_file(lines: int) -> str:
    """``lines`` lines of the seed fixtures that have findings, concatenated."""
    parts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "fixtures" / "seeds").glob("*_bad.py"))]
    out: list[str] = []
    while len(out) < lines:
        out += parts[len(out) % len(parts)].splitlines() + [""]
    return "\n".join(out[:lines]) + "\n"


class Session:
    def __init__(self, client: LanguageClient, uri: str) -> None:
        self.client, self.uri, self.version = client, uri, 1
        self.published: dict[int, float] = {}  # version -> when its diagnostics arrived
        self.counts: dict[int, int] = {}
        self.arrived = asyncio.Event()

        @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(params: lsp.PublishDiagnosticsParams) -> None:
            if params.uri == self.uri and params.version is not None:
                self.published[params.version] = time.perf_counter()
                self.counts[params.version] = len(params.diagnostics)
                self.arrived.set()

    async def wait_for(self, version: int, timeout: float = 60) -> float:
        deadline = time.perf_counter() + timeout
        while version not in self.published:
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), max(0.0, deadline - time.perf_counter()))
        return self.published[version]

    def change(self, line: int, text: str) -> float:
        """Insert ``text`` at the start of ``line``; returns when it was sent."""
        self.version += 1
        sent = time.perf_counter()
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[lsp.TextDocumentContentChangePartial(
                range=lsp.Range(start=lsp.Position(line, 0), end=lsp.Position(line, 0)), text=text)]))
        return sent

    async def hover_round_trips(self, until_version: int) -> list[float]:
        """Hover round trips, one every 10 ms, until ``until_version`` is published."""
        times = []
        while until_version not in self.published:
            start = time.perf_counter()
            await self.client.text_document_hover_async(lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=self.uri), position=lsp.Position(0, 0)))
            times.append(time.perf_counter() - start)
            await asyncio.sleep(0.01)
        return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


async def run(lines: int, edits: int, burst: int) -> str:
    source = big_file(lines)
    with tempfile.TemporaryDirectory(prefix="gnnlint-lsp-bench-") as folder:
        path = Path(folder) / "big_model.py"
        path.write_text(source, encoding="utf-8")
        client = LanguageClient("lsp-latency-bench", "1")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        await client.start_io(sys.executable, "-m", "gnnlint", "--lsp", env=env)
        session = Session(client, path.as_uri())
        await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(),
                                                           root_uri=Path(folder).as_uri()))
        client.initialized(lsp.InitializedParams())

        opened = time.perf_counter()
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
            uri=session.uri, language_id="python", version=1, text=source)))
        first = await session.wait_for(1) - opened

        middle = lines // 2
        latencies, hovers = [], []
        for number in range(edits):
            sent = session.change(middle, f"# edit {number}\n")
            trips = asyncio.ensure_future(session.hover_round_trips(session.version))
            latencies.append(await session.wait_for(session.version) - sent)
            hovers += await trips
            await asyncio.sleep(0.2)

        first_of_burst = session.version + 1
        for number in range(burst):
            sent = session.change(middle, "x")
            await asyncio.sleep(0.03)
        last = await session.wait_for(session.version) - sent
        await asyncio.sleep(0.5)
        burst_published = [v for v in session.published if v >= first_of_burst]

        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()

    hovers.sort()
    engine = []
    for number in range(3):
        start = time.perf_counter()
        gnnlint.lint_source(source + f"# {number}\n", "big_model.py")
        engine.append(time.perf_counter() - start)
    report = [
        "| measurement | result |", "|---|---|",
        f"| file | {lines} lines, {len(source):,} characters, {session.counts[1]} findings |",
        f"| didOpen to first diagnostics (cold: first lint in the server) | {ms(first)} |",
        f"| didChange to its publishDiagnostics, {edits} edits: median | {ms(statistics.median(latencies))} |",
        f"| the same: fastest / slowest | {ms(min(latencies))} / {ms(max(latencies))} |",
        f"| the engine alone on that text (`lint_source`, no server): median of 3 | {ms(statistics.median(engine))} |",
        f"| typing: {burst} changes 30 ms apart, last change to its diagnostics | {ms(last)} |",
        f"| typing: versions published of those {burst} | {len(burst_published)} (stale results dropped) |",
        f"| hover round trip while a lint runs ({len(hovers)} requests): median | {ms(statistics.median(hovers))} |",
        f"| the same: 99th percentile / slowest | {ms(hovers[int(len(hovers) * 0.99) - 1])} / {ms(hovers[-1])} |",
    ]
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, " \
              f"load average {os.getloadavg()[0]:.2f} at the end"
    return "\n".join(report) + f"\n\nMachine: {machine}.\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--burst", type=int, default=10)
    args = parser.parse_args()
    print(asyncio.run(run(args.lines, args.edits, args.burst)), end="")


if __name__ == "__main__":
    main()
