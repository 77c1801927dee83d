"""The command line: argument parsing, wiring and exit codes. No linting logic lives here.

Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage/config/plugin/internal error.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from gnnlint import __version__
from gnnlint.baseline import BaselineError
from gnnlint.config import ConfigError, Config, find_config, load_config, selection_for
from gnnlint.diagnostics import SEVERITIES, Diagnostic, severity_rank
from gnnlint.plugins import (PluginError, collect_reporters, collect_rules, get_plugin_manager, plugin_fingerprint,
                             plugin_versions, unmatched_plugin_names)
from gnnlint.reporters.base import RunReport

if TYPE_CHECKING:
    import pluggy

    from gnnlint.engine import LintSettings
    from gnnlint.fix import FileFix
    from gnnlint.reporters.base import Reporter
    from gnnlint.rule import Rule

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """argparse's usage error, with the closest option for a mistyped one (``--selct``)."""
        prefix = "unrecognized arguments: "
        if message.startswith(prefix):
            import difflib

            for token in message[len(prefix):].split():
                close = difflib.get_close_matches(token.split("=")[0], self._option_string_actions, n=1)
                if token.startswith("-") and close:
                    message += f" (did you mean {close[0]}?)"
                    break
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gnnlint",
        description="Find the lines that make graph neural network training blow up.",
        epilog="Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage, config, plugin or internal error.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or directories to lint (default: .); '-' reads standard input")
    rules = parser.add_argument_group("rule selection (codes are prefixes: GNN1, GNN102, ALL)")
    rules.add_argument("--select", action="append", metavar="CODES", help="lint only with these rules")
    rules.add_argument("--extend-select", action="append", metavar="CODES", help="add these rules to the selection")
    rules.add_argument("--ignore", action="append", metavar="CODES", help="leave these rules out")
    output = parser.add_argument_group("output")
    output.add_argument("--output-format", metavar="FORMAT", help="text (default), json, sarif, github, or a plugin's")
    output.add_argument("--output-file", metavar="FILE", help="write the report to FILE instead of standard output")
    output.add_argument("--statistics", action="store_true", help="count findings per rule")
    output.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    output.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that makes the exit status 1 (default: warning)")
    verbosity = output.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print the findings and nothing else")
    verbosity.add_argument("-v", "--verbose", action="store_true",
                           help="also say (on standard error) which configuration, files and rules were used")
    run = parser.add_argument_group("running")
    run.add_argument("--config", metavar="FILE", help="use this pyproject.toml or gnnlint TOML file")
    run.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    run.add_argument("--stdin-filename", metavar="PATH", help="the path to report (and match config against) for '-'")
    run.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    run.add_argument("--cache-dir", metavar="DIR", help="where the result cache lives (default: .gnnlint_cache)")
    run.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: one per CPU)")
    run.add_argument("--lsp", action="store_true",
                     help="serve the Language Server Protocol on standard input/output (needs gnnlint[lsp])")
    adopt = parser.add_argument_group("fixing and adopting")
    adopt.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    adopt.add_argument("--unsafe-fixes", action="store_true", help="apply (or with --diff, show) unsafe fixes too")
    adopt.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    adopt.add_argument("--write-baseline", metavar="FILE", help="record today's findings in FILE and exit 0")
    adopt.add_argument("--baseline", metavar="FILE", help="report only findings that are not in FILE")
    probe = parser.add_argument_group("runtime probe (runs your model: opt-in)")
    probe.add_argument("--probe", action="store_true", help="also run one forward/backward pass of the models")
    probe.add_argument("--probe-only", action="store_true", help="run the probe without the static pass")
    probe.add_argument("--probe-device", default="cpu", metavar="DEVICE", help="device for the probe (default: cpu)")
    probe.add_argument("--probe-timeout", type=float, default=60.0, metavar="SECONDS",
                       help="time limit per probed file (default: 60)")
    probe.add_argument("--probe-report", metavar="FILE.html", help="write a self-contained HTML report of the probe")
    info = parser.add_argument_group("information")
    info.add_argument("--version", action="store_true", help="print the version and the loaded plugins")
    info.add_argument("--list-rules", action="store_true", help="list every rule (honours --output-format json)")
    info.add_argument("--explain", metavar="CODE", help="print the catalogue page of a rule")
    info.add_argument("--show-settings", action="store_true",
                      help="print the resolved settings (configuration file, rules, excludes, options) and exit")
    info.add_argument("--show-files", action="store_true", help="list the files that would be linted and exit")
    return parser


def _error(message: str) -> int:
    sys.stderr.write(f"gnnlint: error: {message}\n")
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """The program: ``gnnlint`` and ``python -m gnnlint``. Called with no ``argv`` it owns its
    process, and switches on the speed-ups that patch it (``gnnlint._speedups``); called with a
    list (from a test, a tool), the process is left as it was."""
    if argv is None:
        from gnnlint import _speedups

        _speedups.enable()
    args = build_parser().parse_args(argv)
    if args.lsp:  # the server reads each file's own project config: none of the options below apply
        from gnnlint.lsp import main as serve_lsp

        return serve_lsp()
    try:
        return _run(args)
    except (ConfigError, PluginError, BaselineError) as error:
        return _error(str(error))
    except KeyboardInterrupt:
        return _error("interrupted")
    except BrokenPipeError:  # `gnnlint | head -1`: the reader has gone; stop quietly, as ruff does
        _discard_stdout()
        return EXIT_CLEAN
    except Exception as error:  # a bug of ours: say so in one line, keep the traceback on request
        if os.environ.get("GNNLINT_DEBUG"):
            raise
        return _error(f"internal error: {type(error).__name__}: {error} (set GNNLINT_DEBUG=1 for the traceback)")


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so that the flush at exit does not fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _load_config(args: argparse.Namespace) -> Config:
    if args.isolated:
        if args.config:
            raise ConfigError("--config and --isolated cannot be combined")
        return Config()
    if args.config:
        path = Path(args.config)
        if not path.is_file():
            raise ConfigError(f"--config {args.config}: no such file")
        return load_config(path)
    return load_config(find_config(Path.cwd()))


def _run(args: argparse.Namespace) -> int:
    config = _load_config(args)
    manager = get_plugin_manager(local_plugins=config.plugins, blocked=config.disable_plugins,
                                 search_path=str(config.root))
    _note(args, f"configuration: {config.source or ('none (--isolated)' if args.isolated else 'none, defaults')}")
    for name in unmatched_plugin_names(config.disable_plugins, config.plugins):
        _warn(args, f"disable-plugins: '{name}' is not the name of any plugin here (see --version)")
    rules = collect_rules(manager)
    reporters = collect_reporters(manager)
    by_code = {rule.code: rule for rule in rules}

    if args.version:
        print(f"gnnlint {__version__}")
        for name, distribution in plugin_versions(manager):
            print(f"  plugin {name}: {distribution}")
        return EXIT_CLEAN

    output_format = args.output_format or config.output_format or "text"
    if output_format not in reporters:
        raise ConfigError(f"unknown output format '{output_format}' (choose from {', '.join(sorted(reporters))})")

    if args.explain:
        wanted = args.explain.strip()
        rule = by_code.get(wanted.upper()) or next((r for r in rules if r.name == wanted), None)
        if rule is None:
            raise ConfigError(f"--explain: unknown rule '{wanted}'")
        from gnnlint.catalogue import explain

        sys.stdout.write(explain(rule))
        return EXIT_CLEAN

    selection = selection_for(config, rules, args.select, args.extend_select, args.ignore)

    if args.list_rules:
        return _list_rules(rules, {r.code for r in selection.enabled}, output_format)

    from gnnlint.api import build_settings

    settings = build_settings(config, rules, selection)
    fail_on = args.fail_on or config.fail_on
    # As ruff: --stdin-filename with no paths reads standard input.
    paths = args.paths or (["-"] if args.stdin_filename else ["."])
    if args.show_settings:
        return _show_settings(args, config, settings, output_format, fail_on)
    if args.show_files:
        return _show_files(config, paths)
    _note(args, f"{len(settings.rules)} rules enabled: {', '.join(r.code for r in settings.rules)}")
    if paths == ["-"] and (args.fix or args.diff) and not args.probe_only:
        return _fix_stdin(args, config, settings, RunReport(
            diagnostics=[], files_checked=1, rules=by_code, enabled=tuple(r.code for r in selection.enabled),
            version=__version__, statistics=args.statistics, quiet=args.quiet), reporters[output_format], fail_on)

    if args.probe or args.probe_only:  # the probe runs code: refuse unusable options before any work
        from gnnlint.probe.selection import check_options

        problem = check_options(args.probe_device, args.probe_timeout, args.probe_report)
        if problem:
            raise ConfigError(problem)
    diagnostics, files_checked, errors = _lint(args, config, settings, manager, paths)
    for error in errors:
        sys.stderr.write(f"gnnlint: error: {error}\n")
    fixed = 0
    if args.fix or args.diff:  # --unsafe-fixes alone only makes unsafe fixes eligible, as in ruff
        fixes = _fix(args, settings, diagnostics)
        if args.diff:
            sys.stdout.write("".join(f.diff for f in fixes))
            return EXIT_FINDINGS if fixes else (EXIT_ERROR if errors else EXIT_CLEAN)
        fixed = sum(f.applied for f in fixes)
        diagnostics = _relint([f.path for f in fixes], diagnostics, settings, config)
    if args.probe or args.probe_only:
        found, probe_errors = _probe(args, config, settings, paths, diagnostics)
        diagnostics += found
        errors += probe_errors
    diagnostics.sort(key=Diagnostic.sort_key)
    if args.write_baseline:
        from gnnlint.baseline import write_baseline

        write_baseline(args.write_baseline, diagnostics)
        sys.stderr.write(f"gnnlint: wrote {len(diagnostics)} findings to the baseline {args.write_baseline}\n")
        return EXIT_ERROR if errors else EXIT_CLEAN
    if args.baseline:
        from gnnlint.baseline import only_new

        diagnostics = only_new(args.baseline, diagnostics)

    report = RunReport(diagnostics=diagnostics, files_checked=files_checked, rules=by_code,
                       enabled=tuple(r.code for r in selection.enabled), version=__version__,
                       statistics=args.statistics, fixed=fixed, quiet=args.quiet)
    _write_report(reporters[output_format], report, args.output_file)
    return _exit_status(diagnostics, bool(errors), fail_on, args.exit_zero)


def _exit_status(diagnostics: list[Diagnostic], errors: bool, fail_on: str, exit_zero: bool) -> int:
    from gnnlint.engine import RULE_ERROR

    if errors or any(d.code == RULE_ERROR for d in diagnostics):
        return EXIT_ERROR
    failing = any(severity_rank(d.severity) >= severity_rank(fail_on) for d in diagnostics)
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN


def _fix_stdin(args: argparse.Namespace, config: Config, settings: LintSettings, report: RunReport,
               reporter_class: type[Reporter], fail_on: str) -> int:
    """``--fix -`` and ``--diff -``, as ruff: --fix writes the whole (fixed) source to standard output
    and the findings that remain to standard error; --diff prints the diff, exit 1 when it is not empty."""
    from gnnlint.fix import fix_bytes
    from gnnlint.runner import lint_bytes, per_file_ignore_filter

    name = args.stdin_filename or "<stdin>"
    data = sys.stdin.buffer.read()
    fixed = fix_bytes(data, name, settings, unsafe=args.unsafe_fixes)
    if args.diff:
        sys.stdout.write(fixed[2] if fixed else "")
        return EXIT_FINDINGS if fixed else EXIT_CLEAN
    new_data = fixed[0] if fixed else data
    sys.stdout.buffer.write(new_data)
    sys.stdout.flush()
    keep = per_file_ignore_filter(config.per_file_ignores, config.root)
    report.diagnostics = sorted((d for d in lint_bytes(new_data, name, settings) if keep(d)), key=Diagnostic.sort_key)
    report.fixed = fixed[1] if fixed else 0
    if args.output_file:
        _write_report(reporter_class, report, args.output_file)
    else:
        reporter_class(sys.stderr, color=False).write(report)
    return _exit_status(report.diagnostics, False, fail_on, args.exit_zero)


def _warn(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        sys.stderr.write(f"gnnlint: warning: {message}\n")


def _note(args: argparse.Namespace, message: str) -> None:
    """What --verbose adds, on standard error (standard output stays the report)."""
    if args.verbose:
        sys.stderr.write(f"gnnlint: {message}\n")


def _cache_dir(args: argparse.Namespace, config: Config) -> Path:
    from gnnlint.cache import CACHE_DIR_NAME

    directory = Path(args.cache_dir or config.cache_dir or config.root / CACHE_DIR_NAME)
    return directory if directory.is_absolute() else config.root / directory


def _show_settings(args: argparse.Namespace, config: Config, settings: LintSettings, output_format: str,
                   fail_on: str) -> int:
    """--show-settings: what this run would use, after the config file and the command line."""
    from gnnlint.discovery import DEFAULT_EXCLUDES

    shown = {
        "config_file": str(config.source) if config.source else None,
        "root": str(config.root),
        "rules": [rule.code for rule in settings.rules],
        "explicitly_selected": sorted(settings.explicit or ()),
        "exclude": sorted(DEFAULT_EXCLUDES) + config.excludes,
        "per_file_ignores": config.per_file_ignores,
        "options": settings.rule_settings,
        "plugins": config.plugins,
        "disable_plugins": config.disable_plugins,
        "output_format": output_format,
        "fail_on": fail_on,
        "cache_dir": None if args.no_cache else str(_cache_dir(args, config)),
    }
    if output_format == "json":
        json.dump(shown, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for key, value in shown.items():
            print(f"{key.replace('_', '-')}: {value if isinstance(value, str) or value is None else json.dumps(value)}")
    return EXIT_CLEAN


def _show_files(config: Config, paths: list[str]) -> int:
    """--show-files: the files a run on ``paths`` would lint, one a line, as ruff lists them."""
    from gnnlint.discovery import Excluder, discover, skipped_message

    found = discover([p for p in paths if p != "-"], Excluder(config.excludes, config.root))
    for path in sorted(str(p) for p in found.files):
        print(path)
    for error in found.errors:
        sys.stderr.write(f"gnnlint: error: {error}\n")
    for folder in found.skipped:
        sys.stderr.write(f"gnnlint: warning: {skipped_message(folder)}\n")
    return EXIT_ERROR if found.errors else EXIT_CLEAN


def _tune_garbage_collection() -> None:
    """A libcst tree is hundreds of thousands of objects. CPython's cycle collector, at its default
    threshold (700 allocations), ran about ten times per file and walked everything imported so
    far on each full pass: a tenth of a cold run. The command owns its process (and the workers it
    forks), so it freezes what start-up made and collects less often, as mypy does."""
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def _lint(args: argparse.Namespace, config: Config, settings: LintSettings, manager: pluggy.PluginManager,
          paths: list[str]) -> tuple[list[Diagnostic], int, list[str]]:
    from gnnlint.runner import per_file_ignore_filter

    keep = per_file_ignore_filter(config.per_file_ignores, config.root)
    if args.probe_only:
        return [], 0, []
    if paths == ["-"]:
        name = args.stdin_filename or "<stdin>"
        source = sys.stdin.buffer.read()
        from gnnlint.runner import lint_bytes

        return [d for d in lint_bytes(source, name, settings) if keep(d)], 1, []

    from gnnlint.cache import Cache
    from gnnlint.discovery import Excluder, discover, skipped_message
    from gnnlint.runner import lint_files

    if "-" in paths:
        raise ConfigError("'-' (standard input) cannot be combined with other paths")
    found = discover(paths, Excluder(config.excludes, config.root))
    for folder in found.skipped:
        _warn(args, skipped_message(folder))
    cache = None
    if not args.no_cache:
        cache = Cache(_cache_dir(args, config), _fingerprint(settings, manager))
    count = len(found.files)
    _note(args, f"{count} file{'s' if count != 1 else ''} to lint; cache: {cache.directory if cache else 'off'}")
    _tune_garbage_collection()
    started = time.perf_counter()
    outcomes = lint_files([str(p) for p in found.files], settings, jobs=args.jobs, cache=cache)
    _note(args, f"linted in {time.perf_counter() - started:.2f} s")
    diagnostics = [d for outcome in outcomes for d in outcome.diagnostics if keep(d)]
    for warning in (w for outcome in outcomes for w in outcome.warnings):
        _warn(args, warning)
    errors = found.errors + [outcome.error for outcome in outcomes if outcome.error]
    return diagnostics, len(found.files), errors


def _fix(args: argparse.Namespace, settings: LintSettings, diagnostics: list[Diagnostic]) -> list[FileFix]:
    from gnnlint.fix import fix_file

    allowed = {"safe", "unsafe"} if args.unsafe_fixes else {"safe"}
    paths = sorted({d.path for d in diagnostics if d.fix in allowed})
    results = (fix_file(path, settings, unsafe=args.unsafe_fixes, write=not args.diff) for path in paths)
    return [result for result in results if result is not None]


def _relint(paths: list[str], diagnostics: list[Diagnostic], settings: LintSettings, config: Config) -> list[Diagnostic]:
    """The findings that remain after fixing: the fixed files are linted again."""
    from gnnlint.runner import lint_files, per_file_ignore_filter

    changed = set(paths)
    keep = per_file_ignore_filter(config.per_file_ignores, config.root)
    remaining = [d for d in diagnostics if d.path not in changed]
    for outcome in lint_files(paths, settings, jobs=1):
        remaining += [d for d in outcome.diagnostics if keep(d)]
    return remaining


def _fingerprint(settings: LintSettings, manager: pluggy.PluginManager) -> str:
    """Everything besides the file's bytes that can change its result."""
    return json.dumps({
        "version": __version__,
        "rules": [r.code for r in settings.rules],
        "explicit": sorted(settings.explicit or ()),
        "options": settings.rule_settings,
        "prefixes": settings.own_prefixes,
        "plugins": plugin_fingerprint(manager),  # a local plugin's source hash: editing it invalidates
    }, sort_keys=True, default=str)


def _probe(args: argparse.Namespace, config: Config, settings: LintSettings, paths: list[str],
           static: list[Diagnostic]) -> tuple[list[Diagnostic], list[str]]:
    """Probe findings under the same exclude, selection, per-file-ignores and noqa as the static pass."""
    from gnnlint.discovery import Excluder
    from gnnlint.probe.command import probe_for_cli
    from gnnlint.probe.selection import probe_filter
    from gnnlint.runner import per_file_ignore_filter

    keep = probe_filter(settings, per_file_ignore_filter(config.per_file_ignores, config.root))
    return probe_for_cli(paths, device=args.probe_device, timeout=args.probe_timeout, report=args.probe_report,
                         excluder=Excluder(config.excludes, config.root), keep=keep, static=static)


def _write_report(reporter_class: type[Reporter], report: RunReport, output_file: str | None) -> None:
    if output_file is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        reporter_class(sys.stdout, color=color).write(report)
        return
    buffer = io.StringIO()
    reporter_class(buffer, color=False).write(report)
    Path(output_file).write_text(buffer.getvalue(), encoding="utf-8")


def _list_rules(rules: Sequence[type[Rule]], enabled: set[str], output_format: str) -> int:
    rows = [{"code": r.code, "name": r.name, "severity": r.severity,
             "default": "on" if r.enabled_by_default() else "off",
             "enabled": r.code in enabled, "plugin": r.plugin, "message": r.message,
             # whether --fix can rewrite it (a fix_title alone is advice), and with which flag
             "fix": r.fix is not None, "fix_safety": r.fix} for r in rules]
    if output_format == "json":
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_CLEAN
    print(f"{'code':<8} {'name':<34} {'severity':<8} {'default':<7} {'fix':<6} plugin")
    for row in rows:
        print(f"{row['code']:<8} {row['name']:<34} {row['severity']:<8} {row['default']:<7} "
              f"{row['fix_safety'] or '-':<6} {row['plugin']}")
    return EXIT_CLEAN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
