"""Command line: arguments -> configuration -> engine -> reporters -> exit code.

Exit codes (ARCHITECTURE.md): 0 nothing at or above the fail level; 1 findings at or
above it; 2 for anything that is not a finding: usage, configuration or input errors (an
unreadable article is reported by path; a batch with no readable article at all is a usage
error), I/O errors (disk full, read-only folders), internal errors. Those print one line
naming the file or key; `AUDITOR_DEBUG=1` shows the traceback too.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import traceback
from pathlib import Path
from typing import Sequence

from tqdm import tqdm

from ._version import __version__
from .archive import Archive, ArchiveError
from .baseline import read_baseline, write_baseline
from .checks import get_rules
from .checks.duplicates import signature_params
from .config import FAIL_LEVELS, Config, ConfigError, load_config, time_budget, with_overrides
from .corpus import load_inputs
from .corpus.load import Discovery
from .engine import run_audit
from .files import OutputError, atomic_write, write_file
from .findings import Severity
from .outdir import ReportFolder
from .report import FORMATS
from .report.html import write_html
from .report.json import render as render_json
from .report.rules_doc import rules_markdown
from .report.text import summary_line
from .results import AuditResult
from .selection import Selection

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Interrupts:
    """Remembers a ^C that Python swallowed.

    The SIGINT handler raises KeyboardInterrupt wherever the main thread is; when that is a
    finalizer (`__del__`, run when an object is freed or when the garbage collector clears
    cycles), Python prints "Exception ignored" and carries on. While installed, such an
    interrupt is recorded instead of printed, and `stop_if_interrupted` raises it again
    before the run writes its outputs."""

    def __init__(self) -> None:
        self.swallowed = False
        self._previous = sys.unraisablehook

    def __enter__(self) -> _Interrupts:
        self.swallowed = False
        self._previous = sys.unraisablehook
        sys.unraisablehook = self._hook
        return self

    def __exit__(self, *exc) -> None:
        sys.unraisablehook = self._previous

    def _hook(self, unraisable) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            self.swallowed = True
        else:
            self._previous(unraisable)

    def stop_if_interrupted(self) -> None:
        if self.swallowed:
            raise KeyboardInterrupt


_INTERRUPTS = _Interrupts()


def _common(parser: argparse.ArgumentParser, fail_on_default: str) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (recursive), globs, or - for stdin")
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: discover .auditor.toml or pyproject.toml)")
    parser.add_argument("--select", action="append", metavar="RULE", help="only these rules (code, code prefix, name or family); repeatable")
    parser.add_argument("--ignore", action="append", metavar="RULE", help="skip these rules; repeatable")
    parser.add_argument("--fail-on", choices=FAIL_LEVELS, default=None,
                        help=f"exit 1 when a finding is at or above this severity (default: {fail_on_default})")
    parser.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: one per core)")
    parser.add_argument("--max-file-bytes", type=int, metavar="N", help="refuse inputs larger than N bytes (default 5 MB)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary on stderr")
    parser.add_argument("--archive", metavar="PATH", help="check against this archive of earlier drops (SQLite)")
    parser.add_argument("--archive-add", action="store_true", help="record this batch in the archive after checking it")
    parser.add_argument("--time-budget", type=float, metavar="SECONDS",
                        help="seconds one document may take before it is reported as a load error (default 60)")
    parser.add_argument("--follow-symlinks", action="store_true",
                        help="follow symbolic links that lead out of the folders named (refused by default)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="auditor", description="Audit batches of content-farm articles.")
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    audit = sub.add_parser("audit", help="write the HTML report and audit.json for a batch",
                           description="Audit a batch and write DIR/index.html, one page per document and DIR/audit.json.")
    _common(audit, "never")
    audit.add_argument("-o", "--output", default="reports", metavar="DIR", help="output folder (default: reports)")
    audit.add_argument("--self-contained", action="store_true",
                       help="inline the stylesheet and script into index.html so it opens as a single file")

    check = sub.add_parser("check", help="audit for CI: findings on stdout, exit code for the gate",
                           description="Audit a batch and print findings; exit 1 when any is at or above --fail-on.")
    _common(check, "error")
    check.add_argument("--format", action="append", choices=sorted(FORMATS), metavar="FORMAT",
                       help=f"output format, repeatable: {', '.join(sorted(FORMATS))} (default: text)")
    check.add_argument("-o", "--output", action="append", metavar="FILE",
                       help="where the matching --format goes (by position; default and '-': stdout)")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline")
    check.add_argument("--write-baseline", metavar="FILE", help="record today's findings as accepted, then exit 0")
    check.add_argument("--min-severity", choices=[s.label for s in Severity], default="info",
                       help="show only findings at or above this severity (default: info)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are at or above --fail-on")

    rules = sub.add_parser("rules", help="list every rule with its code, severity and documentation")
    rules.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    config = sub.add_parser("config", help="print the effective configuration as JSON")
    config.add_argument("--config", metavar="FILE")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "config":
            rules = get_rules()
            print(json.dumps(load_config(args.config, rules=rules).as_dict(rules), indent=2))
            return EXIT_OK
        with _INTERRUPTS:
            return cmd_audit_or_check(args)
    except (ConfigError, UsageError, OutputError, ArchiveError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        where = exc.filename or ""
        return _fail(f"{where}: {exc.strerror or exc}" if where else f"{exc.strerror or exc}")
    except sqlite3.Error as exc:
        return _fail(f"archive: {exc}")
    except KeyboardInterrupt:
        print("auditor: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so in one line, never exit 1 (CI reads 1 as "findings")
        return _fail(f"internal error: {type(exc).__name__}: {exc} (set AUDITOR_DEBUG=1 to see the traceback; "
                     "please report it)")


def _fail(message: str) -> int:
    if os.environ.get("AUDITOR_DEBUG"):
        traceback.print_exc()
    print(f"auditor: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _config(args: argparse.Namespace) -> Config:
    config = load_config(args.config, rules=get_rules())
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.max_file_bytes is not None and args.max_file_bytes < 1:
        raise UsageError("--max-file-bytes must be at least 1")
    return with_overrides(
        config,
        rules=get_rules(),
        select=tuple(args.select) if args.select else None,
        ignore=tuple(config.ignore) + tuple(args.ignore) if args.ignore else None,
        fail_on=args.fail_on,
        jobs=args.jobs,
        max_file_bytes=args.max_file_bytes,
        archive=args.archive,
        time_budget=time_budget(args.time_budget, "--time-budget") if args.time_budget is not None else None,
    )


def _progress(total: int, quiet: bool):
    if quiet or total < 20 or not sys.stderr.isatty():
        return None, None
    bar = tqdm(total=total, unit="doc", file=sys.stderr, leave=False)
    return bar, lambda: bar.update(1)


def cmd_audit_or_check(args: argparse.Namespace) -> int:
    config = _config(args)
    if args.archive_add and not config.archive:
        raise UsageError("--archive-add needs --archive PATH (or archive in the configuration)")
    if args.command == "audit":
        folder = ReportFolder(args.output)  # locked first: a second run fails before any work
        with folder as staging:
            result = _run(args, config, outputs=[args.output])
            _INTERRUPTS.stop_if_interrupted()
            write_file(staging / "audit.json", render_json(result))
            write_html(result, staging, self_contained=args.self_contained)
            _INTERRUPTS.stop_if_interrupted()
            folder.commit()
        if not args.quiet:
            print(f"{summary_line(result)}; report: {Path(args.output) / 'index.html'}", file=sys.stderr)
    else:
        result = _run(args, config, outputs=[d for _f, d in _outputs(args) if d != "-"])
        _INTERRUPTS.stop_if_interrupted()
    return _finish(args, config, result)


def _run(args: argparse.Namespace, config: Config, outputs: list[str]) -> AuditResult:
    """Load the inputs (never auditor's own outputs) and audit them."""
    discovery = Discovery.excluding(outputs, follow_symlinks=args.follow_symlinks)
    documents, load_errors = load_inputs(args.paths, max_bytes=config.max_file_bytes, discovery=discovery)
    for error in load_errors:
        print(f"auditor: {error.path}: {error.error}", file=sys.stderr)
    for document in documents:
        for note in document.notes:
            print(f"auditor: note: {document.path}" + (f"[{document.id}]" if document.format == "jsonl" else "")
                  + f": {note}", file=sys.stderr)
    if not documents:
        raise UsageError("no readable documents among the inputs" + (" (see the errors above)" if load_errors else ""))
    archive = Archive(config.archive, signature_params(config)) if config.archive else None
    bar, tick = _progress(len(documents), args.quiet)
    try:
        result = run_audit(documents, load_errors, config, selection=_selection(args, config), progress=tick,
                           archive=archive, archive_add=args.archive_add)
    finally:
        if bar is not None:
            bar.close()
        if archive is not None:
            archive.close()
    for error in result.load_errors[len(load_errors):]:  # documents the audit itself could not finish
        print(f"auditor: {error.path}: {error.error}", file=sys.stderr)
    return result


def _finish(args: argparse.Namespace, config: Config, result: AuditResult) -> int:
    """Warnings, the check command's outputs and baseline, and the exit code."""
    fail_on = config.fail_on or ("never" if args.command == "audit" else "error")
    for unused in result.unused_suppressions:
        print(f"auditor: warning: {unused.path}:{unused.line}: unused suppression {unused.text.strip()}", file=sys.stderr)
    if args.command == "check":
        if args.write_baseline:
            write_baseline(Path(args.write_baseline), [(a.document.path, f) for a in result.documents for f in a.findings])
            print(f"auditor: wrote {sum(len(a.findings) for a in result.documents)} findings to {args.write_baseline}",
                  file=sys.stderr)
            return EXIT_OK
        for fmt, destination in _outputs(args):
            _emit(FORMATS[fmt](result, fail_on=fail_on), destination)
    return exit_code(result, fail_on, exit_zero=getattr(args, "exit_zero", False))


def _selection(args: argparse.Namespace, config: Config) -> Selection:
    """What `check` shows: its baseline and minimum severity (a baseline being written
    sees every finding)."""
    if args.command != "check" or args.write_baseline:
        return Selection(config, get_rules())
    baseline = frozenset()
    if args.baseline:
        try:
            baseline = read_baseline(Path(args.baseline))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return Selection(config, get_rules(), baseline, Severity.parse(args.min_severity))


def _outputs(args: argparse.Namespace) -> list[tuple[str, str]]:
    formats = args.format or ["text"]
    outputs = args.output or []
    if len(outputs) > len(formats):
        raise UsageError("more -o/--output than --format options")
    pairs = [(fmt, outputs[i] if i < len(outputs) else "-") for i, fmt in enumerate(formats)]
    if sum(1 for _fmt, dest in pairs if dest == "-") > 1:
        raise UsageError("only one --format can go to stdout; give the others an -o FILE")
    return pairs


def _emit(text: str, destination: str) -> None:
    if destination == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write(Path(destination), text)


def exit_code(result: AuditResult, fail_on: str, *, exit_zero: bool = False) -> int:
    """2 for unreadable inputs (when gating), else 1 for findings at or above `fail_on`."""
    if fail_on == "never" or exit_zero:
        return EXIT_OK
    if result.load_errors:
        return EXIT_USAGE
    threshold = Severity.parse(fail_on)
    counts = result.gate_counts()
    return EXIT_FINDINGS if any(n and Severity.parse(label) >= threshold for label, n in counts.items()) else EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    rules = get_rules()
    if args.format == "json":
        print(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.label, "options": r.options,
                           "doc": r.doc()} for r in rules], indent=2))
    elif args.format == "markdown":
        sys.stdout.write(rules_markdown(rules))
    else:
        for r in rules:
            print(f"{r.code}  {r.name:<34} {r.severity.label:<8} {r.summary()}")
    return EXIT_OK
