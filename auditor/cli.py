"""Command line: arguments -> configuration -> engine -> reporters -> exit code.

Exit codes (ARCHITECTURE.md): 0 nothing at or above the fail level; 1 findings at or
above it; 2 for anything that is not a finding: usage, configuration or input errors (an
unreadable article is reported by path; a batch with no readable article at all is a usage
error), I/O errors (disk full, read-only folders), internal errors. Those print one line
naming the file or key; `AUDITOR_DEBUG=1` shows the traceback too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import sqlite3
import stat
import time
import sys
import traceback
from pathlib import Path
from typing import Any, Sequence

from tqdm import tqdm

from ._version import __version__
from .archive import Archive, ArchiveError
from .baseline import read_baseline, write_baseline
from .checks import get_rules
from .checks.duplicates import signature_params
from .config import FAIL_LEVELS, Config, ConfigError, load_config, time_budget, with_overrides
from .corpus.load import Discovery
from .corpus.units import plan_units
from .engine import KeepAudits, Outcome, run_units
from .executors import EXECUTORS, Executor, ExecutorError, make_executor
from .files import OutputError, atomic_write, naming
from .data import measured_precision, precision_level
from .findings import Severity
from .outdir import ReportFolder, ScratchFolder
from .report import FORMATS
from .report.html import PageWriter, total_counts, write_index
from .report.json import write_audit_json
from .report.csv import BOM, DOCUMENT_COLUMNS, FINDING_COLUMNS, facts_csv, header
from .report.rules_doc import help_uri, rules_markdown
from .report.text import summary
from .results import AuditResult
from .rules import Rule
from .selection import Selection
from .workspace import Workspace

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Ordered(argparse.Action):
    """An appending option that also records, in `output_order`, where it stood among the
    other ordered options: `-o FILE` belongs to the `--format` right before it."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest, None) or []), values])
        namespace.output_order = [*(getattr(namespace, "output_order", None) or []), (self.dest, values)]


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
    parser.add_argument("--select", action="append", metavar="RULE[,RULE...]",
                        help="only these rules (code, code prefix, name or family); comma list, repeatable")
    parser.add_argument("--ignore", action="append", metavar="RULE[,RULE...]",
                        help="skip these rules; comma list, repeatable")
    parser.add_argument("--fail-on", choices=FAIL_LEVELS, default=None,
                        help=f"exit 1 when a finding is at or above this severity (default: {fail_on_default})")
    parser.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: one per core)")
    parser.add_argument("--max-file-bytes", type=int, metavar="N", help="refuse inputs larger than N bytes (default 5 MB)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary on stderr")
    parser.add_argument("--archive", metavar="PATH|URL",
                        help="check against this archive of earlier drops: an SQLite file, or a postgresql:// URL")
    parser.add_argument("--archive-add", action="store_true", help="record this batch in the archive after checking it")
    parser.add_argument("--time-budget", type=float, metavar="SECONDS",
                        help="seconds one document may take before it is reported as a load error (default 60)")
    parser.add_argument("--timings", metavar="FILE",
                        help="write seconds per stage and peak memory (main process, workers) as JSON (benchmarks)")
    parser.add_argument("--follow-symlinks", action="store_true",
                        help="follow symbolic links that lead out of the folders named (refused by default)")
    parser.add_argument("--executor", choices=EXECUTORS, default=None,
                        help="where the work runs: local processes (default) or a Dask cluster (dask)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="the Dask scheduler, e.g. tcp://host:8786 (implies --executor dask; default: "
                             "$AUDITOR_SCHEDULER, else a local cluster of --jobs workers)")
    parser.add_argument("--scratch", metavar="DIR",
                        help="folder for the run's workspace (default: the system's temporary folder for check, "
                             "beside the report for audit); on a cluster, storage every worker shares")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="auditor", description="Audit batches of content-farm articles.")
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    audit = sub.add_parser("audit", help="write the HTML report and audit.json for a batch",
                           description="Audit a batch and write DIR/index.html, one page per document, DIR/audit.json "
                                       "and CSV tables (documents, findings, facts).")
    _common(audit, "never")
    audit.add_argument("-o", "--output", default="reports", metavar="DIR", help="output folder (default: reports)")
    audit.add_argument("--self-contained", action="store_true",
                       help="write the whole report (index and every document page) into index.html, one file that opens alone")

    check = sub.add_parser("check", help="audit for CI: findings on stdout, exit code for the gate",
                           description="Audit a batch and print findings; exit 1 when any is at or above --fail-on.")
    _common(check, "error")
    check.add_argument("--format", action=_Ordered, metavar="FORMAT[=FILE]",
                       help=f"output format ({', '.join(FORMATS)}; default: text), optionally with the file it "
                            "goes to (FORMAT=FILE, '-' for stdout); repeatable")
    check.add_argument("-o", "--output", action=_Ordered, metavar="FILE",
                       help="where the --format just before it goes (default and '-': stdout)")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour the text format: auto (default) colours a terminal unless NO_COLOR is set")
    check.add_argument("--statistics", action="store_true",
                       help="text format: count findings per rule instead of listing them")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline")
    check.add_argument("--write-baseline", metavar="FILE", help="record today's findings as accepted, then exit 0")
    check.add_argument("--min-severity", choices=[s.label for s in Severity], default=None,
                       help="show only findings at or above this severity (default: info; GitHub annotations: warning)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are at or above --fail-on")

    rules = sub.add_parser("rules", help="list every rule with its code, severity and documentation")
    rules.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    rule = sub.add_parser("rule", help="one rule's documentation, options and default severity",
                          description="Show one rule's full documentation, options and default severity.")
    rule.add_argument("code", metavar="CODE", help="the rule's code (ST001) or name (statistics.unsupported)")

    config = sub.add_parser("config", help="print the effective configuration as JSON (and say which file it is from)")
    config.add_argument("--config", metavar="FILE")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "rule":
            return cmd_rule(args)
        if args.command == "config":
            return cmd_config(args)
        with _INTERRUPTS:
            return cmd_audit_or_check(args)
    except (ConfigError, UsageError, OutputError, ArchiveError, ExecutorError) as exc:
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
        select=_selectors(args.select, "--select"),
        ignore=tuple(config.ignore) + _selectors(args.ignore, "--ignore") if args.ignore else None,
        fail_on=args.fail_on,
        jobs=args.jobs,
        max_file_bytes=args.max_file_bytes,
        archive=args.archive,
        time_budget=time_budget(args.time_budget, "--time-budget") if args.time_budget is not None else None,
    )


def _selectors(values: list[str] | None, option: str) -> tuple[str, ...] | None:
    """Repeated options and comma lists alike: `--select ST001,BP --select RD` ."""
    if not values:
        return None
    out = []
    for value in values:
        for part in value.split(","):
            if not part.strip():
                raise UsageError(f"{option} {value!r}: an empty rule selector (stray comma?)")
            out.append(part.strip())
    return tuple(out)


def _progress(quiet: bool):
    """A progress bar on a terminal (documents analysed), or nothing."""
    if quiet or not sys.stderr.isatty():
        return None, None
    bar = tqdm(unit="doc", file=sys.stderr, leave=False)
    return bar, bar.update


def cmd_audit_or_check(args: argparse.Namespace) -> int:
    outputs = _outputs(args) if args.command == "check" else []
    config = _config(args)
    if args.archive_add and not config.archive:
        raise UsageError("--archive-add needs --archive PATH (or archive in the configuration)")
    _executor_choice(args)
    selection = _selection(args, config)
    if args.command == "audit":
        return _audit(args, config, selection)
    with ScratchFolder(args.scratch) as scratch:
        outcome = _run(args, config, selection, Workspace(scratch), KeepAudits(keep_text=False),
                       outputs=[d for _f, d in outputs if d != "-"])
        _INTERRUPTS.stop_if_interrupted()
    result = AuditResult(outcome.rows, outcome.load_errors, outcome.corpus, config, selection.enabled_rules(),
                         outcome.unused)
    code = _finish(args, config, result, outputs)
    if args.timings:
        _write_timings(Path(args.timings), outcome)
    return code


def _audit(args: argparse.Namespace, config: Config, selection: Selection) -> int:
    """The report folder, written as one unit: pages by the workers, then the index and
    audit.json here, then swapped in whole (outdir.ReportFolder)."""
    folder = ReportFolder(args.output)  # locked first: a second run fails before any work
    scratch = ScratchFolder(args.scratch) if args.scratch else None
    with folder as staging, scratch or contextlib.nullcontext(staging / ".work") as work:
        fragments = work / "fragments"
        writer = PageWriter(staging, fragments, single_file=args.self_contained)
        outcome = _run(args, config, selection, Workspace(work), writer, outputs=[args.output], shared=[staging])
        _INTERRUPTS.stop_if_interrupted()
        rows = outcome.rows
        outcome.seconds["_report_started"] = time.perf_counter()
        write_index(staging, rows, outcome.load_errors, outcome.corpus, self_contained=args.self_contained,
                    pages=sorted(fragments.glob("unit-*.pages.html")) if args.self_contained else None)
        with naming(staging / "audit.json"), open(staging / "audit.json", "wb") as handle:
            write_audit_json(handle, documents=len(rows), counts=total_counts(rows),
                             fragments=sorted(fragments.glob("unit-*.json")), corpus=outcome.corpus,
                             load_errors=outcome.load_errors)
        for name, columns in (("documents", DOCUMENT_COLUMNS), ("findings", FINDING_COLUMNS)):
            _concatenate(staging / f"{name}.csv", BOM + header(columns), sorted(fragments.glob(f"unit-*.{name}.csv")))
        atomic_write(staging / "facts.csv", BOM + facts_csv(outcome.corpus.get("facts", []),
                                                             {r.id: r.path for r in rows}))
        shutil.rmtree(work)
        _INTERRUPTS.stop_if_interrupted()
        clock = time.perf_counter()
        folder.commit()
        outcome.seconds["commit"] = time.perf_counter() - clock
        outcome.seconds["index and audit.json"] = clock - outcome.seconds.get("_report_started", clock)
    if not args.quiet:
        print(f"{summary(len(rows), total_counts(rows), len(outcome.load_errors))}; report: "
              f"{Path(args.output) / 'index.html'}", file=sys.stderr)
    _warn_unused(outcome.unused)
    if args.timings:
        _write_timings(Path(args.timings), outcome)
    fail_on = config.fail_on or "never"
    return exit_code(outcome.load_errors, total_counts(rows, "gate"), fail_on, exit_zero=False)


def _executor_choice(args: argparse.Namespace) -> tuple[str, str | None]:
    """(executor, scheduler address) from --executor, --scheduler and $AUDITOR_SCHEDULER;
    combinations whose meaning is unclear are usage errors."""
    if args.scheduler is not None and not args.scheduler.strip():
        raise UsageError("--scheduler: the address is empty (e.g. tcp://host:8786)")
    if args.executor == "local" and args.scheduler:
        raise UsageError("--scheduler is for --executor dask, not --executor local")
    kind = args.executor or ("dask" if args.scheduler else "local")
    address = args.scheduler or (os.environ.get("AUDITOR_SCHEDULER", "").strip() or None if kind == "dask" else None)
    if address and args.jobs is not None:
        raise UsageError(f"--jobs has no meaning with the scheduler at {address}: its workers do the work "
                         "(start more of them instead)")
    return kind, address


def _executor(args: argparse.Namespace, config: Config, units: int) -> Executor:
    kind, address = _executor_choice(args)
    return make_executor(config.effective_jobs(), units, kind, address)


def _run(args: argparse.Namespace, config: Config, selection: Selection, workspace: Workspace, handler,
         outputs: list[str], shared: Sequence[Path] = ()) -> Outcome:
    """Plan the inputs (never auditor's own outputs) and audit them."""
    discovery = Discovery.excluding(outputs, follow_symlinks=args.follow_symlinks)
    units, load_errors = plan_units(args.paths, discovery=discovery, max_bytes=config.max_file_bytes)
    if not units:
        _print_errors(load_errors)
        raise UsageError("no readable documents among the inputs" + (" (see the errors above)" if load_errors else ""))
    started = time.perf_counter()
    archive = Archive(config.archive, signature_params(config)) if config.archive else None
    bar, tick = _progress(args.quiet)
    try:
        outcome = run_units(units, config, workspace, handler=handler, selection=selection, load_errors=load_errors,
                            progress=tick, archive=archive, archive_add=args.archive_add,
                            executor=_executor(args, config, len(units)), shared=shared)
    finally:
        if bar is not None:
            bar.close()
        if archive is not None:
            archive.close()
    outcome.seconds["_started"] = started
    _print_errors(outcome.load_errors)
    for path, id_, format_, note in outcome.notes:
        print(f"auditor: note: {path}" + (f"[{id_}]" if format_ == "jsonl" else "") + f": {note}", file=sys.stderr)
    if not outcome.documents:
        raise UsageError("no readable documents among the inputs" +
                         (" (see the errors above)" if outcome.load_errors else ""))
    return outcome


def _write_timings(path: Path, outcome: Outcome) -> None:
    """Seconds per stage (worker stages summed over workers) and peak resident memory of
    this process and of its largest worker, for the benchmarks."""
    stages = {k: round(v, 3) for k, v in sorted(outcome.seconds.items()) if not k.startswith("_")}
    data = {
        "documents": outcome.documents,
        "seconds": {"total": round(time.perf_counter() - outcome.seconds["_started"], 3), **stages},
        "peak_rss_mb": {"main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                        "largest worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)},
    }
    atomic_write(path, json.dumps(data, indent=2) + "\n")


def _concatenate(path: Path, head: str, fragments: list[Path]) -> None:
    with naming(path), open(path, "wb") as handle:
        handle.write(head.encode("utf-8"))
        for fragment in fragments:
            handle.write(fragment.read_bytes())


def _print_errors(errors) -> None:
    for error in errors:
        print(f"auditor: {error.path}: {error.error}", file=sys.stderr)


def _warn_unused(unused) -> None:
    for item in unused:
        print(f"auditor: warning: {item.path}:{item.line}: unused suppression {item.text.strip()}", file=sys.stderr)


def _finish(args: argparse.Namespace, config: Config, result: AuditResult, outputs) -> int:
    """Warnings, the check command's outputs and baseline, and the exit code."""
    fail_on = config.fail_on or "error"
    _warn_unused(result.unused_suppressions)
    if args.write_baseline:
        write_baseline(Path(args.write_baseline), [(a.document.path, f) for a in result.documents for f in a.findings])
        print(f"auditor: wrote {sum(len(a.findings) for a in result.documents)} findings to {args.write_baseline}",
              file=sys.stderr)
        return EXIT_OK
    for fmt, destination in outputs:
        _emit(FORMATS[fmt](result, fail_on=fail_on, **_render_options(args, fmt, destination, outputs)), destination)
    return exit_code(result.load_errors, result.gate_counts(), fail_on, exit_zero=args.exit_zero)


def _render_options(args: argparse.Namespace, fmt: str, destination: str, outputs) -> dict[str, Any]:
    return {
        "color": fmt == "text" and use_color(args.color, destination),
        "statistics": args.statistics,
        "annotate": Severity.parse(args.min_severity) if args.min_severity else Severity.WARNING,
        "outputs": outputs,
    }


def use_color(choice: str, destination: str, stream=None, environ=None) -> bool:
    """Colour for `--color always`; for `auto`, only on a terminal, and never when the
    NO_COLOR environment variable is set (to anything but the empty string) or TERM=dumb."""
    if choice != "auto":
        return choice == "always"
    environ = os.environ if environ is None else environ
    stream = sys.stdout if stream is None else stream
    if destination != "-" or environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


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
    return Selection(config, get_rules(), baseline, Severity.parse(args.min_severity or "info"))


def _outputs(args: argparse.Namespace) -> list[tuple[str, str]]:
    """Each --format with its destination ('-' is stdout).

    `--format FORMAT=FILE` says it outright. `-o FILE` belongs to the --format right before
    it; with a single format (or none: text), `-o FILE` may stand anywhere. Anything else is
    ambiguous and refused: two -o for one format, -o after FORMAT=FILE, -o before the first
    of several formats, two formats on stdout, two formats in one file.
    """
    pairs: list[list] = []  # [format, destination or None, given as FORMAT=FILE]
    early: list[str] = []  # -o before any --format
    for kind, value in getattr(args, "output_order", None) or []:
        if kind == "format":
            name, eq, destination = value.partition("=")
            name = name.strip()
            if name not in FORMATS:
                raise UsageError(f"--format {value}: unknown format {name!r} (choose from {', '.join(FORMATS)})")
            if eq and not destination:
                raise UsageError(f"--format {value}: the file name is missing after '=' (use '-' for stdout)")
            pairs.append([name, destination if eq else None, bool(eq)])
        elif not pairs:
            early.append(value)
        elif pairs[-1][1] is not None:
            name, current, explicit = pairs[-1]
            said = f"--format {name}={current} already says where it goes" if explicit else \
                f"--format {name} already goes to {current}"
            raise UsageError(f"-o {value}: {said}; write each format as --format FORMAT=FILE")
        else:
            pairs[-1][1] = value
    if early:
        if len(early) > 1 or len(pairs) > 1 or (pairs and pairs[0][1] is not None):
            raise UsageError(f"-o {early[0]}: which --format is it for? Put -o right after its --format, "
                             "or write --format FORMAT=FILE")
        if not pairs:
            pairs.append(["text", None, False])
        pairs[0][1] = early[0]
    if not pairs:
        pairs.append(["text", None, False])
    resolved = [(name, destination or "-") for name, destination, _explicit in pairs]
    on_stdout = [name for name, destination in resolved if destination == "-"]
    if len(on_stdout) > 1:
        raise UsageError(f"only one --format can go to stdout ({', '.join(on_stdout)} would); "
                         "give the others a file: --format FORMAT=FILE")
    files: dict[str, str] = {}
    for name, destination in resolved:
        if destination != "-" and os.path.isdir(destination):
            raise UsageError(f"--format {name}={destination}: {destination} is a folder; name a file")
        if destination != "-":
            key = os.path.normcase(os.path.abspath(destination))
            if key in files:
                raise UsageError(f"--format {files[key]} and --format {name} would both write {destination}")
            files[key] = name
    return resolved


def _emit(text: str, destination: str) -> None:
    if destination == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        if _is_special(destination):  # /dev/null, /dev/stdout, a FIFO: written to, never replaced
            with open(destination, "w", encoding="utf-8") as handle:
                handle.write(text)
            return
        atomic_write(Path(destination), text)
    except OSError as exc:
        raise OutputError(f"{destination}: cannot write: {exc.strerror or exc}") from None


def _is_special(destination: str) -> bool:
    """An existing destination that is not a regular file (followed through links): a
    device or a pipe, which an atomic replacement would replace (as root: /dev/null)."""
    try:
        return not stat.S_ISREG(os.stat(destination).st_mode)
    except OSError:
        return False


def exit_code(load_errors, gate_counts: dict[str, int], fail_on: str, *, exit_zero: bool = False) -> int:
    """2 for unreadable inputs (when gating), else 1 for findings at or above `fail_on`."""
    if fail_on == "never" or exit_zero:
        return EXIT_OK
    if load_errors:
        return EXIT_USAGE
    threshold = Severity.parse(fail_on)
    return EXIT_FINDINGS if any(n and Severity.parse(label) >= threshold for label, n in gate_counts.items()) else EXIT_OK


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


def find_rule(code: str, rules: list[type[Rule]]) -> type[Rule] | None:
    """The rule with this code (any case) or dotted name."""
    wanted = code.strip()
    return next((r for r in rules if r.code == wanted.upper() or r.name == wanted.lower()), None)


def rule_text(rule: type[Rule]) -> str:
    """One rule's reference: code and name, default severity, options, measured precision,
    where its documentation lives, then the documentation itself."""
    options = ", ".join(f"{k} = {json.dumps(v)}" for k, v in rule.options.items()) or "none"
    figure = measured_precision().get(rule.code)
    if figure is None:
        precision = "not measured"
    else:
        shown = f"{figure[0]:.2f}" if figure[0] == figure[1] else f"{figure[0]:.2f}-{figure[1]:.2f}"
        precision = f"{shown} ({precision_level(rule.code)}; findings judged by an editor on 1,200 real articles)"
    lines = [
        f"{rule.code}  {rule.name}",
        "",
        f"default severity:   {rule.severity.label}",
        f"options:            {options}",
        f"measured precision: {precision}",
        f"configure:          [rules.{rule.code}] in .auditor.toml (severity = \"...\"" +
        "".join(f", {k} = ..." for k in rule.options) + ")",
        f"documentation:      {help_uri(rule)}",
        "",
        rule.doc(),
    ]
    return "\n".join(lines) + "\n"


def cmd_rule(args: argparse.Namespace) -> int:
    rules = get_rules()
    rule = find_rule(args.code, rules)
    if rule is None:
        raise UsageError(f"no rule {args.code!r}: `auditor rules` lists them all")
    sys.stdout.write(rule_text(rule))
    return EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    """The effective configuration as JSON on stdout; which file it came from on stderr
    (and as `config_file` in the JSON: null when no file was found and defaults apply)."""
    rules = get_rules()
    config = load_config(args.config, rules=rules)
    if config.source:
        print(f"auditor: configuration read from {config.source}", file=sys.stderr)
    else:
        print("auditor: no configuration file found (.auditor.toml, or pyproject.toml with [tool.auditor], "
              f"in {Path.cwd()} or above); using the defaults", file=sys.stderr)
    print(json.dumps({"config_file": config.source or None, **config.as_dict(rules)}, indent=2))
    return EXIT_OK
