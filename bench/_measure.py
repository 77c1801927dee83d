"""Run one command and report what it cost, as one line of JSON on standard output.

    python bench/_measure.py [--sample-memory] [--cwd DIR] [--stdout FILE] -- COMMAND [ARG ...]

This is a separate small process for each measurement on purpose: ``ru_maxrss`` of
``RUSAGE_CHILDREN`` is a high-water mark over the whole life of the process that asks, so a
harness that measured every run itself could never see a later run use less memory than an
earlier one. Here each run gets a fresh mark.

Reported (JSON keys):
  wall_s          time.perf_counter() from just before the child is started to its exit
  cpu_s           user + system CPU of the child and every descendant it waited for
                  (a process pool's workers included), from getrusage(RUSAGE_CHILDREN)
  maxrss_mb       the largest resident set of any single process in the tree (ru_maxrss)
  tree_rss_mb     the largest sum of resident sets over the whole process tree, sampled every
                  --interval seconds (default 0.1; longer when a sample itself is slow) from /proc
                  (Linux; null elsewhere or without --sample-memory).
                  Forked workers share pages with their parent, so this sum over-counts them.
  tree_pss_mb     the same with proportional set sizes (shared pages divided among the processes
                  that share them): the honest figure for a forking process pool
  returncode      the child's exit status

Only the standard library is used, so any Python 3.9+ can run it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it, found by scanning /proc for parent ids."""
    parents: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return [root]
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name is in parentheses and may itself contain spaces or parentheses.
        fields = stat[stat.rfind(b")") + 2:].split()
        parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, ()))
    return found


def _rss_and_pss(pid: int) -> tuple[int, int]:
    """Resident and proportional set size of one process, in bytes (0, 0 once it has gone)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                rss = pss = int(handle.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            pass
    return rss, pss


class TreeSampler(threading.Thread):
    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self.samples = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            started = time.process_time()
            total_rss = total_pss = 0
            for pid in _descendants(self.pid):
                rss, pss = _rss_and_pss(pid)
                total_rss += rss
                total_pss += pss
            self.peak_rss = max(self.peak_rss, total_rss)
            self.peak_pss = max(self.peak_pss, total_pss)
            self.samples += 1
            # Reading smaps_rollup walks the page tables, which is slow for a process of gigabytes:
            # keep the sampler's own CPU under about 2% of one core, whatever the interval asked.
            cost = time.process_time() - started
            self.done.wait(max(self.interval, 50 * cost))


def measure(command: list[str], *, cwd: str | None = None, stdout_path: str | None = None,
            sample_memory: bool = False, interval: float = 0.1,
            env: dict[str, str] | None = None) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err_path = (stdout_path + ".stderr") if stdout_path else None
    err = open(err_path, "wb") if err_path else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        sampler = None
        if sample_memory and os.path.isdir("/proc"):
            sampler = TreeSampler(child.pid, interval)
            sampler.start()
        returncode = child.wait()
        wall = time.perf_counter() - start
        if sampler is not None:
            sampler.done.set()
            sampler.join()
    finally:
        if stdout_path:
            out.close()
            err.close()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "maxrss_mb": after.ru_maxrss * scale,
        "tree_rss_mb": sampler.peak_rss / 2**20 if sampler and sampler.samples else None,
        "tree_pss_mb": sampler.peak_pss / 2**20 if sampler and sampler.samples else None,
        "returncode": returncode,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cwd")
    parser.add_argument("--stdout", help="write the command's standard output here (stderr to FILE.stderr)")
    parser.add_argument("--sample-memory", action="store_true")
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    result = measure(command, cwd=args.cwd, stdout_path=args.stdout, sample_memory=args.sample_memory,
                     interval=args.interval)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
