"""Cost of the runtime probe on a 10,000-node graph for a 2-layer PyG GCN.

Reports, separately: framework import time (torch + PyG), the probe's measurement (one instrumented
forward + backward pass: hooks, activation and NaN watching, statistics) against a plain forward +
backward of the same model, and the end-to-end ``run_probe`` wall time (child process start, imports,
user module import, measurement). Writes bench/PROBE_RESULTS.md.

    .venv/bin/python bench/probe_bench.py [--nodes 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

USER_FILE = '''\
import torch
import torch.nn.functional as F
from torch_geometric.nn import GCNConv

from gnnlint.probe.graphs import scaled_graph


class GCN(torch.nn.Module):
    def __init__(self, in_channels, hidden_channels, out_channels):
        super().__init__()
        self.conv1 = GCNConv(in_channels, hidden_channels)
        self.conv2 = GCNConv(hidden_channels, out_channels)

    def forward(self, x, edge_index):
        x = F.relu(self.conv1(x, edge_index))
        return self.conv2(x, edge_index)


def gnnlint_probe():
    from gnnlint import ProbeCase

    g = scaled_graph({nodes}, 64)
    return ProbeCase(model=GCN(64, 64, 8), inputs=(torch.from_numpy(g.x), torch.from_numpy(g.edge_index)))
'''


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", default=str(HERE / "PROBE_RESULTS.md"))
    args = parser.parse_args()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    start = time.perf_counter()
    import torch
    torch_import = time.perf_counter() - start
    start = time.perf_counter()
    import torch_geometric.nn  # noqa: F401
    pyg_import = time.perf_counter() - start

    from gnnlint.probe import run_probe
    from gnnlint.probe.child import _import_user
    from gnnlint.probe.sites import Sites
    from gnnlint.probe.stats import case_record
    from gnnlint.probe import torch_backend

    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "bench_gcn.py")
        Path(path).write_text(USER_FILE.replace("{nodes}", str(args.nodes)))
        sites = Sites(path)
        sites.patch_init(torch.nn.Module)
        module = _import_user(path)
        case = module.gnnlint_probe()
        edges = case.inputs[1].shape[1]

        def plain() -> None:
            case.model.zero_grad()
            out = case.model(*case.inputs)
            torch.nn.functional.mse_loss(out, torch.zeros_like(out)).backward()

        def probed() -> dict:
            record = case_record("GCN", "torch", "explicit", None, None, "")
            return torch_backend.measure(case.model, case.inputs, sites, record)

        plain()
        probed()  # warm-up: first-call allocations and lazy initialisation
        plain_times, probe_times = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            plain()
            plain_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            record = probed()
            probe_times.append(time.perf_counter() - start)

        start = time.perf_counter()
        found = run_probe([path], timeout=300)
        end_to_end = time.perf_counter() - start

    probe_s, plain_s = statistics.median(probe_times), statistics.median(plain_times)
    lines = [
        "# Runtime probe benchmark",
        "",
        f"`bench/probe_bench.py`: a 2-layer PyG GCN (64 -> 64 -> 8 channels) on a {args.nodes:,}-node graph with "
        f"{edges:,} directed edges and 64 features, one forward and one backward pass, CPU.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, torch "
        f"{torch.__version__}, {torch.get_num_threads()} torch threads, load average {load:.1f} at start (a shared machine). "
        f"Median of {args.repeat} runs after a warm-up.",
        "",
        "| what | seconds |",
        "|---|---|",
        f"| framework import: `import torch` | {torch_import:.2f} |",
        f"| framework import: `import torch_geometric.nn` (after torch) | {pyg_import:.2f} |",
        f"| plain forward + backward (no probe) | {plain_s:.3f} |",
        f"| **probe measurement** (instrumented forward + backward + statistics), excluding imports | **{probe_s:.3f}** |",
        f"| end-to-end `run_probe` (child process, imports, user module, measurement) | {end_to_end:.2f} |",
        "",
        f"Probe overhead over the plain pass: {probe_s - plain_s:.3f} s ({probe_s / plain_s:.1f}x). Target: under 5 s "
        f"excluding imports: {'met' if probe_s < 5 else 'NOT met'}. The end-to-end time is dominated by the framework "
        "imports in the child process (PyG pulls in `torch._dynamo`).",
        "",
        f"Findings on this graph: {', '.join(sorted({d.code for d in found})) or 'none'}; "
        f"{len(record['layers'])} layers and {len(record['grads'])} gradients measured.",
    ]
    text = "\n".join(lines) + "\n"
    Path(args.output).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
