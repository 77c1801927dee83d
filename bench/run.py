"""The gnnlint benchmark harness: gnnlint against Fixit, TorchFix and ruff on real code.

    .venv/bin/python bench/run.py            # the full run; writes bench/RESULTS.md
    .venv/bin/python bench/run.py --quick --no-peers --output /tmp/R.md   # a smoke test in seconds

bench/README.md says what is measured and how long it takes. In short: each corpus (the installed
sources of torch_geometric, keras and spektral, copied to a scratch folder first so that no tool can
write into site-packages) is linted by every tool in the same run, several times, interleaved so
that a burst of load from elsewhere hits every tool alike; every run is measured by bench/_measure.py
in its own small process (wall, CPU of the whole process tree, peak memory). The peers live in
virtual environments of their own under bench/.peers/, created here with pinned versions, so that
no peer ever decides gnnlint's libcst.

Only the standard library is used; gnnlint itself runs under --gnnlint-python (default: the
repository's .venv/bin/python, else this interpreter).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
MEASURE = BENCH / "_measure.py"
LIBCST_PARSE = BENCH / "_libcst_parse.py"
PEERS_DIR = BENCH / ".peers"

# Each peer in a virtual environment of its own, pinned: TorchFix wants libcst < 1.6, Fixit takes
# the newest; gnnlint's own environment is never touched.
PEER_PINS = {
    "ruff": ["ruff==0.17.6"],
    "fixit": ["fixit==2.2.1"],
    "torchfix": ["torchfix==0.7.0"],
}
PEER_LABELS = {"ruff": "ruff", "fixit": "Fixit", "torchfix": "TorchFix"}
# Rows that are not linters: what the libcst-based tools cannot go below.
FLOOR_LABELS = {"libcst-parse": "libcst parse alone (floor)"}
# ruff twice on the target corpus: `--output-format concise` is its lint with the least printing; its
# default output (a code frame per finding) is the command the issue timed at 1.4 s.
RUFF_DEFAULT = "ruff-default"
VARIANT_LABELS = {RUFF_DEFAULT: "ruff, default output"}
SLOW_PEERS = ("fixit", "torchfix")
DEFAULT_CORPORA = ("torch_geometric", "keras", "spektral")

# The targets of issue 16 ("Detection by what values are"), on the user-level code of the manifest.
FIXIT_FRACTION = 1 / 20
RUFF_FACTOR = 5.0
WARM_LIMIT_S = 0.3
ONE_FILE_LIMIT_S = 0.25
MEMORY_LIMIT_MB = 300.0
HEAVY_MODULES = ("torch", "tensorflow", "keras", "jax", "torch_geometric", "spektral")
ONE_FILE_CANDIDATES = ("nn/conv/gcn_conv.py", "nn/conv/gat_conv.py")

FINDING_PATTERNS = {
    "gnnlint": re.compile(rb"^.+:\d+:\d+: [A-Z]+\d+ ", re.M),
    "ruff": re.compile(rb"^.+:\d+:\d+: [A-Z]+\d+ ", re.M),
    RUFF_DEFAULT: re.compile(rb"^ *--> .+:\d+:\d+$", re.M),
    "fixit": re.compile(rb"^.+@\d+:\d+ \w+: ", re.M),
    "torchfix": re.compile(rb"^.+:\d+:\d+: TOR\d+ ", re.M),
}


def log(message: str) -> None:
    stamp = time.strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------
# Measurements


@dataclass
class Series:
    """Repeated measurements of one command."""

    tool: str
    label: str
    command: list[str]
    runs: list[dict] = field(default_factory=list)
    error: str | None = None
    env: dict | None = None  # extra environment variables for this command
    findings: int | None = None

    def median(self, key: str) -> float | None:
        values = [run[key] for run in self.runs if run.get(key) is not None]
        return statistics.median(values) if values else None

    def to_dict(self) -> dict:
        return {"tool": self.tool, "label": self.label, "command": self.command, "runs": self.runs,
                "error": self.error, "findings": self.findings,
                "median": {key: self.median(key) for key in
                           ("wall_s", "cpu_s", "maxrss_mb", "tree_rss_mb", "tree_pss_mb")}}


class Runner:
    def __init__(self, args: argparse.Namespace, scratch: Path) -> None:
        self.args = args
        self.scratch = scratch
        self.loads: list[float] = []
        # CPU time every other process on the machine used while a tool was being measured, and
        # what the machine had to give meanwhile (wall time x cores): see machine_busy_s().
        self.others_cpu_s = 0.0
        self.capacity_s = 0.0
        self.counter = 0
        # PYTHONSAFEPATH: `python -m gnnlint` must not import a folder called gnnlint from the
        # directory it runs in (a corpus can be a copy of gnnlint's own source).
        self.env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONSAFEPATH": "1"}
        self.env.pop("PYTHONPATH", None)
        self.gnnlint_env: dict = {}  # PYTHONPATH of a --snapshot

    def measure(self, series: Series, *, cwd: Path, sample_memory: bool = True,
                ok_codes: tuple[int, ...] = (0,)) -> None:
        """One more run of ``series.command``; a failure is recorded on the series, not raised."""
        if series.error:
            return
        if hasattr(os, "getloadavg"):
            self.loads.append(os.getloadavg()[0])
        self.counter += 1
        out = self.scratch / "out" / f"{self.counter:04d}-{series.tool}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        launcher = [sys.executable, str(MEASURE), "--cwd", str(cwd), "--stdout", str(out)]
        if sample_memory:
            launcher.append("--sample-memory")
        # A session of its own, so that an interrupted harness can end the whole tree it started.
        env = {**self.env, **(series.env or {})}
        timeout = self.args.gnnlint_timeout if series.tool == "gnnlint" else self.args.timeout
        busy_before, started = machine_busy_s(), time.perf_counter()
        child = subprocess.Popen([*launcher, "--", *series.command], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
        try:
            stdout, stderr = child.communicate(timeout=timeout)
        except BaseException as error:
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except OSError:
                pass
            child.wait()
            if not isinstance(error, subprocess.TimeoutExpired):
                raise
            series.error = f"did not finish within {timeout:.0f} s; ended"
            log(f"  {series.label}: {series.error}")
            return
        done = subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
        if done.returncode != 0:
            series.error = f"the measuring launcher failed: {done.stderr.strip()[-400:]}"
            return
        result = json.loads(done.stdout.strip().splitlines()[-1])
        busy_after = machine_busy_s()
        if busy_before is not None and busy_after is not None:
            # The launcher's own sampling is a few percent of one core at most: counted as "other".
            self.others_cpu_s += max(0.0, busy_after - busy_before - result["cpu_s"])
            self.capacity_s += (time.perf_counter() - started) * (os.cpu_count() or 1)
        if result["returncode"] not in ok_codes:
            stderr = Path(str(out) + ".stderr").read_bytes().decode(errors="replace").strip()
            series.error = f"exit status {result['returncode']}: {stderr[-600:] or '(no output)'}"
            log(f"  {series.label}: FAILED ({series.error[:200]})")
            return
        result["load_1min"] = self.loads[-1] if self.loads else None
        series.runs.append(result)
        pattern = FINDING_PATTERNS.get(series.tool)
        if pattern is not None:
            series.findings = len(pattern.findall(out.read_bytes()))
        log(f"  {series.label}: {result['wall_s']:.2f} s wall, {result['cpu_s']:.2f} s CPU"
            + (f", {result['tree_pss_mb']:.0f} MB" if result.get("tree_pss_mb") else ""))

    def interleaved(self, plan: list[tuple[Series, int, dict]], *, stop_on_gnnlint_error: bool = True) -> None:
        """Run each series its number of times, round-robin, so that load from elsewhere is shared.
        A gnnlint failure ends the whole run unless told otherwise (then it is reported as failed)."""
        for repetition in range(max((count for _, count, _ in plan), default=0)):
            for series, count, options in plan:
                if repetition < count:
                    self.measure(series, **options)
                    if series.error and series.tool == "gnnlint" and stop_on_gnnlint_error:
                        raise SystemExit(f"bench: {series.label} failed: {series.error}")


# --------------------------------------------------------------------------------------------------
# Setting up: gnnlint, the peers, the corpora


def default_gnnlint_python() -> str:
    candidate = REPO / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def probe_python(python: str, code: str, env: dict | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, cwd=cwd)
    if done.returncode != 0:
        raise SystemExit(f"bench: {python} -c ... failed:\n{done.stderr.strip()}")
    return done.stdout.strip()


def gnnlint_versions(python: str, env: dict | None = None, cwd: Path | None = None) -> dict:
    code = ("import json, sys, importlib.metadata as m, gnnlint\n"
            "try:\n"
            "    from gnnlint._dataclass_code import code_file\n"
            "except ImportError:  # a --snapshot from before it\n"
            "    code_file = lambda: None\n"
            "print(json.dumps({'gnnlint': gnnlint.__version__, 'libcst': m.version('libcst'),"
            " 'python': sys.version.split()[0], 'location': gnnlint.__file__, 'dataclass_code': code_file()}))")
    return json.loads(probe_python(python, code, env, cwd))


def locate_corpora(python: str, names: list[str]) -> dict[str, Path | None]:
    """Where each named package's sources are installed for ``python`` (found without importing it)."""
    code = ("import importlib.util, json, sys\n"
            "out = {}\n"
            "for name in sys.argv[1:]:\n"
            "    spec = importlib.util.find_spec(name)\n"
            "    locations = list(spec.submodule_search_locations or []) if spec else []\n"
            "    out[name] = locations[0] if locations else None\n"
            "print(json.dumps(out))")
    done = subprocess.run([python, "-c", code, *names], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise SystemExit(f"bench: cannot look the corpora up with {python}:\n{done.stderr.strip()}")
    return {name: Path(path) if path else None for name, path in json.loads(done.stdout).items()}


def peer_bin(name: str, executable: str) -> Path:
    return PEERS_DIR / name / "bin" / executable


def ensure_peer(name: str, *, install: bool) -> str | None:
    """Create (or reuse) the peer's own virtual environment; None when ready, else why not."""
    venv = PEERS_DIR / name
    marker = venv / ".bench-pins"
    pins = PEER_PINS[name]
    if marker.is_file() and marker.read_text().split() == pins and peer_bin(name, name).exists():
        return None
    if not install:
        return f"not installed in {venv} (run without --no-install to create it)"
    log(f"installing {' '.join(pins)} into {venv.relative_to(REPO)} (once)")
    shutil.rmtree(venv, ignore_errors=True)
    base = shutil.which("python3") or sys.executable
    steps = [[base, "-m", "venv", str(venv)],
             [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", *pins]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=1800)
        if done.returncode != 0:
            return f"install failed: {' '.join(step[-3:])}: {(done.stderr or done.stdout).strip()[-400:]}"
    if not peer_bin(name, name).exists():
        return f"installed, but {peer_bin(name, name)} is missing"
    marker.write_text("\n".join(pins) + "\n")
    return None


def peer_versions(name: str) -> dict:
    python = str(PEERS_DIR / name / "bin" / "python")
    code = ("import json, importlib.metadata as m\n"
            f"names = {[name, 'libcst']!r}\n"
            "out = {}\n"
            "for n in names:\n"
            "    try: out[n] = m.version(n)\n"
            "    except m.PackageNotFoundError: pass\n"
            "print(json.dumps(out))")
    try:
        return json.loads(probe_python(python, code))
    except (SystemExit, ValueError):
        return {}


@dataclass
class Corpus:
    name: str
    source: Path
    root: Path  # the copy every tool lints
    files: list[str]  # relative paths
    lines: int


def count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return handle.read().count(b"\n")


def python_files(source: Path) -> list[str]:
    found = []
    for directory, folders, files in os.walk(source):
        folders[:] = sorted(f for f in folders if f != "__pycache__" and not f.startswith("."))
        for name in sorted(files):
            if name.endswith(".py"):
                found.append(os.path.relpath(os.path.join(directory, name), source))
    return found


def copy_corpus(name: str, source: Path, destination: Path, files: list[str]) -> Corpus:
    lines = 0
    for relative in files:
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, target)
        lines += count_lines(target)
    return Corpus(name, source, destination, files, lines)


def deterministic_order(files: list[str]) -> list[str]:
    shuffled = sorted(files)
    random.Random(20240601).shuffle(shuffled)
    return shuffled


def write_peer_configs(corpus_parent: Path) -> None:
    # Fixit searches upwards for its configuration; this one stops the search and turns on its
    # built-in rules (what `fixit lint` runs by default).
    (corpus_parent / "pyproject.toml").write_text(
        '[tool.fixit]\nroot = true\nenable = ["fixit.rules"]\n', encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# Commands


def gnnlint_command(python: str, *args: str) -> list[str]:
    return [python, "-m", "gnnlint", "--exit-zero", *args]


def peer_command(name: str, path: Path) -> list[str]:
    if name in ("ruff", RUFF_DEFAULT):
        output = ["--output-format", "concise"] if name == "ruff" else []
        return [str(peer_bin("ruff", "ruff")), "check", "--isolated", "--no-cache", "--select", "ALL",
                "--exit-zero", *output, str(path)]
    if name == "fixit":
        return [str(peer_bin("fixit", "fixit")), "lint", str(path)]
    if name == "torchfix":
        return [str(peer_bin("torchfix", "torchfix")), str(path)]
    raise ValueError(name)


PEER_OK_CODES = {"ruff": (0,), RUFF_DEFAULT: (0,), "fixit": (0, 1), "torchfix": (0, 1)}

IMPORT_CHECK = r"""
import atexit, json, runpy, sys
def _report():
    heavy = sorted(n for n in sys.modules if n.split('.')[0] in {heavy!r})
    with open({out!r}, 'w') as handle:
        json.dump({{'heavy': heavy, 'modules': len(sys.modules)}}, handle)
atexit.register(_report)
sys.argv = ['gnnlint', *{argv!r}]
runpy.run_module('gnnlint', run_name='__main__', alter_sys=True)
"""


def import_check(python: str, target: Path, scratch: Path, env: dict) -> dict:
    """Which heavy frameworks a one-file run imports (must be none), and what its imports cost:
    one run under ``-X importtime`` with an atexit hook that lists ``sys.modules``."""
    out = scratch / "imports.json"
    code = IMPORT_CHECK.format(heavy=set(HEAVY_MODULES), out=str(out),
                               argv=["--no-cache", "--exit-zero", str(target)])
    done = subprocess.run([python, "-X", "importtime", "-c", code], capture_output=True, text=True, env=env,
                          timeout=120, cwd=scratch)
    result: dict = {"returncode": done.returncode}
    if out.is_file():
        result.update(json.loads(out.read_text()))
    else:
        result["error"] = done.stderr.strip()[-400:]
    rows = []  # (cumulative microseconds, depth, module)
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)", line)
        if match:
            rows.append((int(match.group(2)), len(match.group(3)) // 2, match.group(4)))
    result["import_total_ms"] = sum(c for c, depth, _ in rows if depth == 0) / 1000
    result["gnnlint_import_ms"] = sum(c for c, depth, name in rows
                                      if depth == 0 and name.split(".")[0] == "gnnlint") / 1000
    # The costliest modules below gnnlint's own, by cumulative time: where start-up goes.
    foreign = [(c, name) for c, depth, name in rows if name.split(".")[0] not in ("gnnlint",)]
    by_package: dict[str, int] = {}
    for cumulative, name in foreign:
        top = name.split(".")[0]
        by_package[top] = max(by_package.get(top, 0), cumulative)
    result["top_imports"] = [(name, us / 1000) for name, us in
                             sorted(by_package.items(), key=lambda item: -item[1])[:6]]
    return result


# --------------------------------------------------------------------------------------------------
# The run


def machine_busy_s() -> float | None:
    """CPU seconds the whole machine has spent not idle since boot, every core and every process
    (None where /proc/stat is not there). Time the hypervisor gave to other machines (steal) counts as
    busy: that core was not ours either."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(value) for value in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal [guest guest_nice, already inside user and nice]
    busy = sum(fields[:8]) - fields[3] - fields[4]
    return busy / os.sysconf("SC_CLK_TCK")


def machine_description() -> dict:
    info = {"platform": platform.platform(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
            else os.cpu_count(), "python_harness": sys.version.split()[0]}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = int(line.split()[1]) / 2**20
                break
    except OSError:
        pass
    info["cpu_model"] = info.get("cpu_model") or platform.processor() or "unknown"
    return info


def fit_line(xs: list[float], ys: list[float]) -> dict | None:
    if len(xs) < 2 or len(set(xs)) < 2:
        return None
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sxx
    intercept = mean_y - slope * mean_x
    total = sum((y - mean_y) ** 2 for y in ys)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys))
    return {"slope": slope, "intercept": intercept, "r2": 1 - residual / total if total else 1.0}


def snapshot(rev: str, scratch: Path) -> tuple[dict, str]:
    """gnnlint's package as committed at ``rev``, unpacked into the scratch folder: the environment
    that puts it first on the path, and the commit. (The working tree may be mid-edit.)"""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                            capture_output=True, text=True)
    if commit.returncode != 0:
        raise SystemExit(f"bench: --snapshot {rev}: {commit.stderr.strip()}")
    target = scratch / "snapshot"
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", commit.stdout.strip(), "gnnlint"],
                             capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return {"PYTHONPATH": str(target)}, commit.stdout.strip()


def run(args: argparse.Namespace) -> dict:
    started = time.time()
    python = args.gnnlint_python
    scratch = Path(tempfile.mkdtemp(prefix="gnnlint-bench-", dir=args.work_dir))
    try:
        return _run_in(args, python, scratch, started)
    finally:
        if args.keep:
            log(f"kept the scratch folder {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def _run_in(args: argparse.Namespace, python: str, scratch: Path, started: float) -> dict:
    gnnlint_env: dict = {}
    commit = None
    if args.snapshot:
        gnnlint_env, commit = snapshot(args.snapshot, scratch)
    # Run from the scratch folder: from the repository's root, `python -c` would import the working
    # tree's gnnlint (the current directory comes first on sys.path), whatever PYTHONPATH says.
    versions = gnnlint_versions(python, gnnlint_env, scratch)
    versions["commit"] = commit
    # As `pip install` does: byte-compile gnnlint once, so that no run pays for compiling its modules
    # (the runs themselves write no bytecode; the peers' venvs were compiled when pip installed them).
    subprocess.run([python, "-m", "compileall", "-q", str(Path(versions["location"]).parent)],
                   capture_output=True, check=True)
    log(f"gnnlint {versions['gnnlint']} (libcst {versions['libcst']}) under {python}, from {versions['location']}")

    # Peers.
    peers: dict[str, dict] = {}
    for name in args.peers:
        problem = ensure_peer(name, install=not args.no_install)
        peers[name] = {"error": problem, "versions": {} if problem else peer_versions(name)}
        if problem:
            log(f"{PEER_LABELS[name]} unavailable: {problem}")

    runner = Runner(args, scratch)
    runner.gnnlint_env = gnnlint_env
    return _run(args, python, versions, peers, scratch, runner, started)


def _run(args, python, versions, peers, scratch, runner, started) -> dict:
    # Corpora: copied, so that every tool lints the same bytes and nothing can write into site-packages.
    sources: dict[str, Path | None] = {}
    explicit = dict(item.split("=", 1) for item in args.corpus)
    if explicit:
        sources = {name: Path(path).resolve() for name, path in explicit.items()}
    else:
        sources = locate_corpora(python, args.corpora)
    corpora: dict[str, Corpus] = {}
    missing = []
    corpus_parent = scratch / "corpus"
    corpus_parent.mkdir()
    write_peer_configs(corpus_parent)
    for name, source in sources.items():
        if source is None or not source.is_dir():
            missing.append(name)
            log(f"corpus {name}: not installed for {python}; left out")
            continue
        files = python_files(source)
        if args.quick:
            files = sorted(deterministic_order(files)[:args.quick_files])
        corpora[name] = copy_corpus(name, source, corpus_parent / name, files)
        log(f"corpus {name}: {len(files)} files, {corpora[name].lines} lines")
    if not corpora:
        raise SystemExit("bench: no corpus to lint (install torch_geometric, keras or spektral, or pass --corpus)")
    target_name = next(iter(corpora))
    target = corpora[target_name]

    ready_peers = [name for name in args.peers if not peers[name]["error"]]
    results: dict = {"corpora": {}, "warm": None, "one_file": None, "imports": None, "scaling": None}

    # 0. The first run after installing gnnlint, timed once on the one file of section 3: it compiles
    # the functions dataclasses generate for libcst's node classes and keeps them beside gnnlint's
    # bytecode, where every later run (these write no bytecode) finds them.
    one = next((target.root / c for c in ONE_FILE_CANDIDATES if (target.root / c).is_file()), None)
    if one is None:
        by_size = sorted(target.files, key=lambda f: (target.root / f).stat().st_size)
        one = target.root / by_size[len(by_size) // 2]
    first = None
    if versions.get("dataclass_code"):
        Path(versions["dataclass_code"]).unlink(missing_ok=True)
        first = Series("gnnlint", "gnnlint ONE_FILE, first run after install",
                       gnnlint_command(python, "--no-cache", str(one)),
                       env={**runner.gnnlint_env, "PYTHONDONTWRITEBYTECODE": ""})
        runner.measure(first, cwd=corpus_parent, sample_memory=False)

    # 1. Whole-tree cold runs: gnnlint (no cache) and each peer, interleaved.
    for name, corpus in corpora.items():
        log(f"whole-tree cold runs on {name}")
        repeats = args.repeats if name == target_name else args.other_repeats
        gnn = Series("gnnlint", "gnnlint", gnnlint_command(python, "--no-cache", str(corpus.root)),
                     env=runner.gnnlint_env)
        plan = [(gnn, repeats, {"cwd": corpus_parent})]
        peer_series = {}
        if name == target_name:
            # The floor under every libcst-based linter: libcst's parse of the same files, nothing else.
            peer_series["libcst-parse"] = Series("libcst-parse", "libcst parse alone",
                                                 [python, str(LIBCST_PARSE), str(corpus.root)])
            plan.append((peer_series["libcst-parse"], args.other_repeats, {"cwd": corpus_parent}))
        for peer in ready_peers:
            if peer in SLOW_PEERS and name not in args.slow_peer_corpora and "all" not in args.slow_peer_corpora:
                continue
            series = Series(peer, PEER_LABELS[peer], peer_command(peer, corpus.root))
            peer_series[peer] = series
            count = args.peer_repeats if peer in SLOW_PEERS else repeats
            plan.append((series, count, {"cwd": corpus_parent, "ok_codes": PEER_OK_CODES[peer]}))
            if peer == "ruff" and name == target_name:
                variant = Series(RUFF_DEFAULT, VARIANT_LABELS[RUFF_DEFAULT], peer_command(RUFF_DEFAULT, corpus.root))
                peer_series[RUFF_DEFAULT] = variant
                plan.append((variant, count, {"cwd": corpus_parent, "ok_codes": PEER_OK_CODES[RUFF_DEFAULT]}))
        # On the target corpus a gnnlint failure ends the run; on the others it is a result.
        runner.interleaved(plan, stop_on_gnnlint_error=name == target_name)
        results["corpora"][name] = {"files": len(corpus.files), "lines": corpus.lines, "source": str(corpus.source),
                                    "series": {"gnnlint": gnn.to_dict(),
                                               **{p: s.to_dict() for p, s in peer_series.items()}}}

    # 2. Warm: the cache written by one run, then runs that find nothing changed.
    log(f"warm runs on {target_name}")
    cache_dir = scratch / "cache"
    prime = Series("gnnlint", "gnnlint (cold, writing the cache)",
                   gnnlint_command(python, "--cache-dir", str(cache_dir), str(target.root)), env=runner.gnnlint_env)
    runner.measure(prime, cwd=corpus_parent)
    warm = Series("gnnlint", "gnnlint (warm)", gnnlint_command(python, "--cache-dir", str(cache_dir), str(target.root)),
                  env=runner.gnnlint_env)
    runner.interleaved([(warm, args.repeats, {"cwd": corpus_parent})])
    cold_findings = results["corpora"][target_name]["series"]["gnnlint"]["findings"]
    results["warm"] = {"prime": prime.to_dict(), "warm": warm.to_dict(),
                       "same_findings": warm.findings == cold_findings == prime.findings}

    # 3. One file, as pre-commit runs it: a fresh interpreter, one path, cache off (the worst case).
    log(f"one-file runs on {one.relative_to(corpus_parent)}")
    bare = Series("python", "python -c pass (interpreter start-up alone)", [python, "-c", "pass"])
    floor = Series("libcst-parse", "python: import libcst, parse ONE_FILE",
                   [python, "-c", "import sys, libcst; libcst.parse_module(open(sys.argv[1], 'rb').read())", str(one)])
    single = Series("gnnlint", "gnnlint ONE_FILE", gnnlint_command(python, "--no-cache", str(one)),
                    env=runner.gnnlint_env)
    runner.interleaved([(bare, args.one_file_repeats, {"cwd": corpus_parent, "sample_memory": False}),
                        (floor, args.one_file_repeats, {"cwd": corpus_parent, "sample_memory": False}),
                        (single, args.one_file_repeats, {"cwd": corpus_parent, "sample_memory": False})])
    results["one_file"] = {"path": str(one.relative_to(corpus_parent)), "lines": count_lines(one),
                           "gnnlint": single.to_dict(), "bare_python": bare.to_dict(), "libcst": floor.to_dict(),
                           "first_run": first and first.to_dict()}
    results["imports"] = import_check(python, one, scratch, {**runner.env, **runner.gnnlint_env})
    log(f"  heavy modules imported: {results['imports'].get('heavy')}")

    # 4. Scaling: a quarter and half of the target corpus (nested random subsets), and all of it.
    log(f"scaling runs on {target_name}")
    order = deterministic_order(target.files)
    rows = []
    for fraction in (0.25, 0.5) if args.scaling_repeats > 0 else ():
        subset = sorted(order[:max(1, round(len(order) * fraction))])
        copy = copy_corpus(target_name, target.source, scratch / f"scale-{int(fraction * 100)}" / target_name, subset)
        gnn = Series("gnnlint", f"gnnlint {fraction:.0%}", gnnlint_command(python, "--no-cache", str(copy.root)),
                     env=runner.gnnlint_env)
        plan = [(gnn, args.scaling_repeats, {"cwd": copy.root.parent})]
        ruff = None
        if "ruff" in ready_peers:
            ruff = Series("ruff", f"ruff {fraction:.0%}", peer_command("ruff", copy.root))
            plan.append((ruff, args.scaling_repeats, {"cwd": copy.root.parent}))
        runner.interleaved(plan)
        rows.append({"fraction": fraction, "files": len(subset), "lines": copy.lines, "gnnlint": gnn.to_dict(),
                     "ruff": ruff.to_dict() if ruff else None})
    full = results["corpora"][target_name]["series"]
    rows.append({"fraction": 1.0, "files": len(target.files), "lines": target.lines, "gnnlint": full["gnnlint"],
                 "ruff": full.get("ruff")})
    fits = {}
    for key in ("wall_s", "cpu_s"):
        points = [(row["lines"], row["gnnlint"]["median"][key]) for row in rows
                  if row["gnnlint"]["median"][key] is not None]
        fits[key] = fit_line([p[0] for p in points], [p[1] for p in points])
    results["scaling"] = {"corpus": target_name, "rows": rows, "fits": fits}

    loads = runner.loads
    return {
        "meta": {
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": "python bench/run.py" + ("" if not args.argv else " " + " ".join(args.argv)),
            "quick": args.quick, "duration_s": time.time() - started,
            "machine": machine_description(),
            "load": {"start": loads[0] if loads else None, "median": statistics.median(loads) if loads else None,
                     "max": max(loads) if loads else None, "end": os.getloadavg()[0] if hasattr(os, "getloadavg")
                     else None},
            # Share of the machine's CPU that processes other than the measured tools used while they
            # ran. The load average cannot tell: it counts the tools themselves, which use every core.
            "others_cpu_share": runner.others_cpu_s / runner.capacity_s if runner.capacity_s else None,
            "gnnlint": versions, "peers": peers, "missing_corpora": missing,
            "target_corpus": target_name, "repeats": args.repeats, "other_repeats": args.other_repeats,
            "peer_repeats": args.peer_repeats, "scaling_repeats": args.scaling_repeats,
            "one_file_repeats": args.one_file_repeats,
            "slow_peer_corpora": [n for n in corpora if "all" in args.slow_peer_corpora or n in args.slow_peer_corpora]
            if any(p in SLOW_PEERS for p in ready_peers) else [],
        },
        **results,
    }


# --------------------------------------------------------------------------------------------------
# The report


def fmt(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _reference_verdict(ratio_: float | None, limit: float) -> str:
    if ratio_ is None:
        return "not measured"
    return f"for reference ({'within' if ratio_ <= limit else 'beyond'} {limit:g}x)"


def evaluate(data: dict) -> list[dict]:
    """The issue's targets, each with what was measured and a verdict."""
    target = data["meta"]["target_corpus"]
    series = data["corpora"][target]["series"]
    gnn = series["gnnlint"]["median"]
    rows = []

    def add(name: str, measured: str, limit: str, ok: bool | None, note: str = "", verdict: str = "") -> None:
        verdict = verdict or ("not measured" if ok is None else ("met" if ok else "**missed**"))
        rows.append({"target": name, "measured": measured, "limit": limit, "verdict": verdict, "note": note})

    fixit = series.get("fixit", {}).get("median", {})
    wall_ratio = ratio(gnn["wall_s"], fixit.get("wall_s"))
    notes = []
    if r := ratio(gnn["cpu_s"], fixit.get("cpu_s")):
        notes.append(f"CPU: 1/{fmt(1 / r, 1)}")
    # With one Fixit run, the gnnlint run of the same round met the same load: that pair too.
    fixit_runs, gnn_runs = series.get("fixit", {}).get("runs", []), series["gnnlint"]["runs"]
    if len(fixit_runs) == 1 and gnn_runs:
        notes.append(f"wall, the two runs of round 1 (same moment, same load): "
                     f"{fmt(gnn_runs[0]['wall_s'])} s vs {fmt(fixit_runs[0]['wall_s'])} s = "
                     f"1/{fmt(fixit_runs[0]['wall_s'] / gnn_runs[0]['wall_s'], 1)}")
    add(f"cold run on {target} vs Fixit (same run)",
        f"{fmt(gnn['wall_s'])} s vs {fmt(fixit.get('wall_s'))} s = 1/{fmt(1 / wall_ratio, 1)}" if wall_ratio else "–",
        f"≤ 1/{round(1 / FIXIT_FRACTION)} of Fixit's wall time", None if wall_ratio is None else wall_ratio <= FIXIT_FRACTION, "; ".join(notes))
    parse_only = series.get("libcst-parse", {}).get("median", {})
    # The 8x was set against its 1.4 s for `ruff check --select ALL`: ruff's default output,
    # the target. Its concise output (ruff's lint with the least printing) is shown beside it for
    # reference: libcst's parse alone takes far more than 8x that, so it cannot have been meant.
    for tool, command, what in ((RUFF_DEFAULT, "ruff check --select ALL", "default output, the issue's command"),
                                ("ruff", "ruff check --select ALL --output-format concise",
                                 "ruff's lint alone, for reference")):
        ruff = series.get(tool, {}).get("median", {})
        ruff_ratio = ratio(gnn["wall_s"], ruff.get("wall_s"))
        ruff_notes = [f"CPU: {fmt(r, 1)}x"] if (r := ratio(gnn["cpu_s"], ruff.get("cpu_s"))) else []
        if (p := ratio(parse_only.get("wall_s"), ruff.get("wall_s"))) is not None:
            ruff_notes.append(f"libcst's parse of the same files alone (same pool size): {fmt(parse_only['wall_s'])} s "
                              f"= {fmt(p, 1)}x this")
        add(f"cold run on {target} vs `{command}` ({what})",
            f"{fmt(gnn['wall_s'])} s vs {fmt(ruff.get('wall_s'))} s = {fmt(ruff_ratio, 1)}x" if ruff_ratio else "–",
            f"≤ {RUFF_FACTOR:g}x ruff's wall time", None if ruff_ratio is None else ruff_ratio <= RUFF_FACTOR, "; ".join(ruff_notes),
            verdict=_reference_verdict(ruff_ratio, RUFF_FACTOR) if tool != RUFF_DEFAULT else "")
    warm = data["warm"]["warm"]["median"]["wall_s"]
    add(f"warm run on {target} (nothing changed)", f"{fmt(warm)} s", f"≤ {WARM_LIMIT_S} s",
        None if warm is None else warm <= WARM_LIMIT_S,
        "same findings as cold" if data["warm"]["same_findings"] else "**findings differ from the cold run**")
    one = data["one_file"]["gnnlint"]["median"]["wall_s"]
    bare = data["one_file"]["bare_python"]["median"]["wall_s"]
    floor = (data["one_file"].get("libcst") or {}).get("median", {}).get("wall_s")
    add("one file, fresh interpreter (pre-commit)", f"{fmt(one, 3)} s", f"≤ {ONE_FILE_LIMIT_S} s",
        None if one is None else one <= ONE_FILE_LIMIT_S,
        f"`python -c pass` alone: {fmt(bare, 3)} s; `import libcst` and parsing the file alone: {fmt(floor, 3)} s")
    imports = data["imports"]
    heavy = imports.get("heavy")
    add("no torch / tensorflow in the static path", "none imported" if heavy == [] else f"imported: {heavy}",
        "none", None if heavy is None else heavy == [], f"{imports.get('modules', '?')} modules loaded in all")
    pss, rss = gnn.get("tree_pss_mb"), gnn.get("tree_rss_mb")
    add(f"peak memory, whole-tree run on {target}", f"{fmt(pss, 0)} MB (PSS), {fmt(rss, 0)} MB (RSS sum)",
        f"≤ {MEMORY_LIMIT_MB:.0f} MB", None if pss is None else pss <= MEMORY_LIMIT_MB,
        "all processes of the pool together")
    fit = data["scaling"]["fits"].get("cpu_s")
    scaling_rows = data["scaling"]["rows"]
    per_kloc = [row["gnnlint"]["median"]["cpu_s"] / row["lines"] * 1000 for row in scaling_rows
                if row["gnnlint"]["median"]["cpu_s"] and row["lines"]]
    spread = max(per_kloc) / min(per_kloc) if per_kloc else None
    linear = None if fit is None or spread is None else fit["r2"] >= 0.95 and spread <= 1.5
    add("linear growth with corpus size (¼, ½, all)",
        f"R² {fmt(fit['r2'], 3)} (CPU), CPU per kLOC varies {fmt(spread)}x" if fit and spread else "–",
        "R² ≥ 0.95 and per-kLOC cost within 1.5x", linear, "")
    return rows


def render(data: dict) -> str:
    meta = data["meta"]
    machine = meta["machine"]
    target = meta["target_corpus"]
    lines = ["# gnnlint benchmark results", ""]
    lines.append(f"Written by `{meta['command']}` on {meta['date']}; the run took "
                 f"{meta['duration_s'] / 60:.1f} minutes. bench/README.md says what is measured and how.")
    lines.append("")
    if meta["quick"]:
        lines += ["> **Quick mode**: a handful of files per corpus, for smoke-testing the harness. These numbers say",
                  "> nothing about the targets.", ""]
    lines += ["## Machine", ""]
    lines.append(f"- CPU: {machine.get('cpu_model')}, {machine.get('cpus')} logical cores "
                 f"({machine.get('usable_cpus')} usable by this process); memory {fmt(machine.get('memory_gb'), 1)} GB")
    lines.append(f"- OS: {machine['platform']}")
    load = meta["load"]
    cores = machine.get("usable_cpus") or 1
    others = meta.get("others_cpu_share")
    lines.append(f"- Load average (1 min) while measuring: {fmt(load['start'])} at the start, median "
                 f"{fmt(load['median'])}, highest {fmt(load['max'])}, {fmt(load['end'])} at the end, "
                 f"on {cores} cores. It counts the measured tools themselves, which use every core.")
    if others is not None:
        lines.append(f"- Other processes (and the hypervisor's other guests) used {others:.0%} of this machine's CPU "
                     "while the tools were being measured (/proc/stat, less the measured runs' own CPU time).")
        busy = others > 0.10
    else:  # older results: only the load average to go by
        busy = load["median"] is not None and load["median"] > cores * 0.75
    if busy:
        lines.append("  **The machine was busy with other work during this run** (it is shared): wall times are "
                     "inflated, unevenly from run to run. Every tool was run interleaved with the others so that "
                     "the load fell on all of them alike, which keeps the ratios fair; CPU times are the steadier "
                     "figures.")
    g = meta["gnnlint"]
    tools = [f"gnnlint {g['gnnlint']} (libcst {g['libcst']}, Python {g['python']}"
             + (f", commit {g['commit'][:10]})" if g.get("commit") else ", working tree)")]
    for name, peer in meta["peers"].items():
        if peer["error"]:
            tools.append(f"{PEER_LABELS[name]}: unavailable ({peer['error']})")
        else:
            version = peer["versions"].get(name, "?")
            libcst = peer["versions"].get("libcst")
            own = f" (libcst {libcst}, own venv)" if libcst else " (own venv)"
            tools.append(f"{PEER_LABELS[name]} {version}{own}")
    lines.append("- Tools: " + "; ".join(tools))
    if not meta["peers"]:
        lines.append("- Peers: none (run with --no-peers)")
    if meta["missing_corpora"]:
        lines.append(f"- Corpora not installed, left out: {', '.join(meta['missing_corpora'])}")
    lines.append("")

    lines += ["## Targets", "", "| target | measured | limit | verdict | note |", "| --- | --- | --- | --- | --- |"]
    for row in evaluate(data):
        lines.append(f"| {row['target']} | {row['measured']} | {row['limit']} | {row['verdict']} | {row['note']} |")
    lines.append("")

    if meta.get("notes"):
        lines += ["## Notes", "", "Added with `--note` by whoever ran the benchmark, not measured by it:", ""]
        lines += [f"- {note}" for note in meta["notes"]]
        lines.append("")

    lines += ["## Whole-tree runs, cold (no cache)", "",
              "Median of the runs; every tool with its default parallelism. Memory is the peak over the whole "
              "process tree (PSS: shared pages divided among the processes sharing them; RSS sum counts them "
              "in every process) and of the largest single process. *gnnlint ÷ tool* below 1 means gnnlint "
              "took less.", ""]
    for name, corpus in data["corpora"].items():
        lines.append(f"### {name}: {corpus['files']:,} files, {corpus['lines']:,} lines")
        lines.append("")
        lines.append("| tool | runs | wall s (median) | CPU s (median) | peak MB: tree PSS / tree RSS / largest "
                     "| findings | gnnlint ÷ tool, wall | gnnlint ÷ tool, CPU | every wall time s |")
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        gnn = corpus["series"]["gnnlint"]["median"]
        for tool, series in corpus["series"].items():
            label = series_label(tool)
            if series["error"]:
                lines.append(f"| {label} | failed | – | – | – | – | – | – | {series['error'][:160]!s} |")
                continue
            m = series["median"]
            memory = f"{fmt(m['tree_pss_mb'], 0)} / {fmt(m['tree_rss_mb'], 0)} / {fmt(m['maxrss_mb'], 0)}"
            every = walls(series, 2)
            lines.append(f"| {label} | {len(series['runs'])} | {fmt(m['wall_s'])} | {fmt(m['cpu_s'])} | {memory} "
                         f"| {series['findings'] if series['findings'] is not None else '–'} "
                         f"| {fmt(ratio(gnn['wall_s'], m['wall_s']), 3)} | {fmt(ratio(gnn['cpu_s'], m['cpu_s']), 3)} "
                         f"| {every} |")
        lines.append("")
        commands = [f"- {series_label(t)}: `{' '.join(short(c) for c in s['command'])}`"
                    for t, s in corpus["series"].items()]
        lines += ["Commands (paths shortened):", "", *commands, ""]

    warm = data["warm"]
    lines += [f"## Warm run on {target} (content-hash cache, nothing changed)", "",
              "| run | runs | wall s (median) | CPU s (median) | peak MB (tree PSS) | every wall time s |",
              "| --- | ---: | ---: | ---: | ---: | --- |"]
    for key in ("prime", "warm"):
        s = warm[key]
        m = s["median"]
        lines.append(f"| {s['label']} | {len(s['runs'])} | {fmt(m['wall_s'])} | {fmt(m['cpu_s'])} "
                     f"| {fmt(m['tree_pss_mb'], 0)} | {walls(s, 2)} |")
    lines += ["", "The warm runs report " + ("the same findings as the cold run." if warm["same_findings"]
                                          else "**different findings from the cold run**."), ""]

    one = data["one_file"]
    lines += [f"## One file, as pre-commit runs it: `{one['path']}` ({one['lines']} lines)", "",
              "A fresh interpreter each time, `--no-cache` (the worst case: pre-commit's default run uses the "
              "cache). Wall time includes the interpreter's start-up.", "",
              "| command | runs | wall s (median) | CPU s (median) | peak MB | every wall time s |",
              "| --- | ---: | ---: | ---: | ---: | --- |"]
    for key in ("gnnlint", "first_run", "libcst", "bare_python"):
        s = one.get(key)
        if not s:
            continue  # no first run measured (a run from before it, or a --snapshot without it)
        m = s["median"]
        label = {"gnnlint": "gnnlint --no-cache FILE",
                 "first_run": "gnnlint --no-cache FILE, first run after install (not repeatable)"}.get(key, s["label"])
        lines.append(f"| {label} | {len(s['runs'])} | {fmt(m['wall_s'], 3)} | {fmt(m['cpu_s'], 3)} "
                     f"| {fmt(m['maxrss_mb'], 0)} | {walls(s, 3)} |")
    imports = data["imports"]
    lines += ["", "### Imports of that run", ""]
    heavy = imports.get("heavy")
    lines.append(f"- Heavy frameworks in `sys.modules` at exit ({', '.join(HEAVY_MODULES)}): "
                 + ("**none**" if heavy == [] else f"**{heavy}**" if heavy else f"unknown ({imports.get('error')})"))
    lines.append(f"- Modules loaded in all: {imports.get('modules', '?')}; `-X importtime` total "
                 f"{fmt(imports.get('import_total_ms'), 0)} ms, of which `gnnlint` and what it pulls in "
                 f"{fmt(imports.get('gnnlint_import_ms'), 0)} ms")
    if imports.get("top_imports"):
        lines.append("- Costliest top-level imports (cumulative ms): "
                     + ", ".join(f"`{name}` {ms:.0f}" for name, ms in imports["top_imports"]))
    lines.append("")

    scaling = data["scaling"]
    lines += [f"## Scaling with corpus size ({scaling['corpus']}, nested random subsets)", "",
              "| share | files | lines | gnnlint wall s | gnnlint CPU s | gnnlint CPU ms per kLOC | ruff wall s |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in scaling["rows"]:
        m = row["gnnlint"]["median"]
        per = m["cpu_s"] / row["lines"] * 1e6 if m["cpu_s"] and row["lines"] else None
        ruff = row["ruff"]["median"]["wall_s"] if row.get("ruff") else None
        lines.append(f"| {row['fraction']:.0%} | {row['files']:,} | {row['lines']:,} | {fmt(m['wall_s'])} "
                     f"| {fmt(m['cpu_s'])} | {fmt(per, 1)} | {fmt(ruff)} |")
    lines.append("")
    for key, what in (("wall_s", "wall"), ("cpu_s", "CPU")):
        fit = scaling["fits"].get(key)
        if fit:
            lines.append(f"- Least-squares line, {what}: {fit['intercept']:.2f} s + {fit['slope'] * 1e6:.1f} ms per "
                         f"1,000 lines, R² = {fit['r2']:.3f}")
    lines += ["", "## How this was measured", "",
              "- Every run is a fresh process started by `bench/_measure.py`: wall time by `time.perf_counter()`, CPU "
              "time as the user + system time of the whole process tree (`getrusage(RUSAGE_CHILDREN)`), memory by "
              "sampling `/proc/*/smaps_rollup` of every process in the tree every 100 ms, and `ru_maxrss`.",
              "- Each corpus is a copy of the installed package's `.py` files in a scratch folder, so every tool "
              "lints the same bytes and nothing writes into site-packages.",
              f"- gnnlint: all default rules, `--no-cache` for cold runs. ruff: `check --isolated --no-cache "
              f"--select ALL`. Fixit: `fixit lint` with its built-in rules. TorchFix: its default rules. "
              f"Repetitions: {meta['repeats']} for gnnlint and ruff on {target} "
              f"({meta.get('other_repeats', '?')} on the other corpora, {meta.get('scaling_repeats', '?')} per "
              f"scaling subset), {meta['peer_repeats']} for Fixit and "
              "TorchFix; interleaved tool by tool.",
              f"- Fixit and TorchFix ran on: {', '.join(meta.get('slow_peer_corpora', [])) or 'none'}.",
              "- Targets are judged on the first corpus; cold-run ratios compare medians from the same run.", ""]
    return "\n".join(lines)


def series_label(tool: str) -> str:
    return PEER_LABELS.get(tool) or FLOOR_LABELS.get(tool) or VARIANT_LABELS.get(tool, tool)


def walls(series: dict, digits: int) -> str:
    return ", ".join(f"{run['wall_s']:.{digits}f}" for run in series["runs"])


def short(part: str) -> str:
    part = re.sub(r"/tmp/gnnlint-bench-[^/]+/", "SCRATCH/", part)
    return part.replace(str(REPO) + "/", "")


# --------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(BENCH / "RESULTS.md"),
                        help="the results file (default bench/RESULTS.md)")
    parser.add_argument("--json", help="also write every measurement as JSON here")
    parser.add_argument("--render", metavar="JSON", help="measure nothing: rewrite --output from a saved --json")
    parser.add_argument("--note", action="append", default=[], metavar="TEXT",
                        help="a line for the report's Notes section, e.g. what was found about a failure "
                             "(repeatable; markdown)")
    parser.add_argument("--peers", default=",".join(PEER_PINS),
                        help="comma-separated peers to run (default: ruff,fixit,torchfix)")
    parser.add_argument("--no-peers", action="store_true", help="gnnlint alone")
    parser.add_argument("--no-install", action="store_true", help="use only peers already installed in bench/.peers")
    parser.add_argument("--corpora", default=",".join(DEFAULT_CORPORA),
                        help="installed packages to lint; the first is the one the targets are judged on")
    parser.add_argument("--corpus", action="append", default=[], metavar="NAME=PATH",
                        help="lint this folder instead of installed packages (repeatable)")
    parser.add_argument("--slow-peer-corpora", default="torch_geometric,spektral",
                        help="corpora on which Fixit and TorchFix run (comma-separated, or all; default "
                             "torch_geometric,spektral: on keras they take a quarter of an hour more)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of gnnlint and ruff per measurement (default 5)")
    parser.add_argument("--other-repeats", type=int, default=3,
                        help="runs of gnnlint and ruff on the corpora after the first (default 3)")
    parser.add_argument("--peer-repeats", type=int, default=1, help="runs of Fixit and TorchFix (default 1)")
    parser.add_argument("--scaling-repeats", type=int, default=3, help="runs per scaling subset (default 3)")
    parser.add_argument("--one-file-repeats", type=int, default=10, help="one-file runs (default 10)")
    parser.add_argument("--quick", action="store_true",
                        help="a few files per corpus and one run each: a smoke test of the harness")
    parser.add_argument("--quick-files", type=int, default=8, help="files per corpus with --quick (default 8)")
    parser.add_argument("--snapshot", metavar="REV",
                        help="benchmark gnnlint as committed at REV (e.g. HEAD), not the working tree as it is")
    parser.add_argument("--gnnlint-python", default=default_gnnlint_python(),
                        help="the interpreter that has gnnlint installed (default: .venv/bin/python)")
    parser.add_argument("--work-dir", default=None, help="where the scratch folder goes (default: the temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (copies and outputs)")
    parser.add_argument("--timeout", type=float, default=1800,
                        help="seconds allowed for any one run (default 1800); a run past it is ended and "
                             "reported as failed")
    parser.add_argument("--gnnlint-timeout", type=float, default=300,
                        help="the same for gnnlint's runs (default 300: a cold torch_geometric run takes well "
                             "under a minute on two cores)")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    args.peers = [] if args.no_peers else [p.strip() for p in args.peers.split(",") if p.strip()]
    unknown = [p for p in args.peers if p not in PEER_PINS]
    if unknown:
        parser.error(f"unknown peer(s) {', '.join(unknown)}; choose from {', '.join(PEER_PINS)}")
    args.corpora = [c.strip() for c in args.corpora.split(",") if c.strip()]
    args.slow_peer_corpora = [c.strip() for c in args.slow_peer_corpora.split(",") if c.strip()]
    if args.quick:
        defaults = {"repeats": 5, "other_repeats": 3, "peer_repeats": 1, "scaling_repeats": 3, "one_file_repeats": 10}
        for name, default in defaults.items():
            if getattr(args, name) == default:
                setattr(args, name, 1 if name != "one_file_repeats" else 2)
    for bad in (item for item in args.corpus if "=" not in item):
        parser.error(f"--corpus wants NAME=PATH, not {bad!r}")
    return args


def _terminate(signum, frame):  # SIGTERM ends the run as Ctrl-C does: measured children killed, scratch removed
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    data = json.loads(Path(args.render).read_text(encoding="utf-8")) if args.render else run(args)
    if args.note:
        data["meta"]["notes"] = [*data["meta"].get("notes", []), *args.note]
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(data), encoding="utf-8")
    if args.json and not args.render:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    log(f"wrote {output}")
    for row in evaluate(data):
        log(f"  {row['verdict']:>12}  {row['target']}: {row['measured']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
