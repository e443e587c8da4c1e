"""Command line: arguments -> configuration -> engine -> reporters -> exit code.

Exit codes (ARCHITECTURE.md): 0 nothing at or above the fail level; 1 findings at or
above it; 2 usage, configuration or input errors (an unreadable article is reported by
path; a batch with no readable article at all is a usage error).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from tqdm import tqdm

from ._version import __version__
from .archive import Archive, ArchiveError
from .baseline import read_baseline, write_baseline
from .checks import get_rules
from .checks.duplicates import signature_params
from .config import FAIL_LEVELS, Config, ConfigError, load_config, with_overrides
from .corpus import load_inputs
from .data import measured_precision, precision_level
from .engine import run_audit
from .files import OutputError, atomic_write
from .findings import Severity
from .report import FORMATS
from .report.csv import BOM, documents_csv, facts_csv, findings_csv
from .report.html import write_html
from .report.json import render as render_json
from .report.rules_doc import help_uri, rules_markdown
from .report.text import summary_line
from .results import AuditResult
from .rules import Rule
from .selection import Selection

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Ordered(argparse.Action):
    """An appending option that also records, in `output_order`, where it stood among the
    other ordered options: `-o FILE` belongs to the `--format` right before it."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest, None) or []), values])
        namespace.output_order = [*(getattr(namespace, "output_order", None) or []), (self.dest, values)]


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
    parser.add_argument("--archive", metavar="PATH", help="check against this archive of earlier drops (SQLite)")
    parser.add_argument("--archive-add", action="store_true", help="record this batch in the archive after checking it")


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
                       help="inline the stylesheet and script into index.html so it opens as a single file")

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
        return cmd_audit_or_check(args)
    except (ConfigError, UsageError, OutputError, ArchiveError) as exc:
        print(f"auditor: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("auditor: interrupted", file=sys.stderr)
        return 130


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


def _progress(total: int, quiet: bool):
    if quiet or total < 20 or not sys.stderr.isatty():
        return None, None
    bar = tqdm(total=total, unit="doc", file=sys.stderr, leave=False)
    return bar, lambda: bar.update(1)


def cmd_audit_or_check(args: argparse.Namespace) -> int:
    outputs = _outputs(args) if args.command == "check" else []
    config = _config(args)
    fail_on = config.fail_on or ("never" if args.command == "audit" else "error")
    documents, load_errors = load_inputs(args.paths, max_bytes=config.max_file_bytes)
    for error in load_errors:
        print(f"auditor: {error.path}: {error.error}", file=sys.stderr)
    if not documents:
        raise UsageError("no readable documents among the inputs" + (" (see the errors above)" if load_errors else ""))
    if args.archive_add and not config.archive:
        raise UsageError("--archive-add needs --archive PATH (or archive in the configuration)")
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
    if args.command == "audit":
        _write_audit(result, Path(args.output), self_contained=args.self_contained)
        if not args.quiet:
            print(f"{summary_line(result)}; report: {Path(args.output) / 'index.html'}", file=sys.stderr)
    for unused in result.unused_suppressions:
        print(f"auditor: warning: {unused.path}:{unused.line}: unused suppression {unused.text.strip()}", file=sys.stderr)
    if args.command == "check":
        if args.write_baseline:
            write_baseline(Path(args.write_baseline), [(a.document.path, f) for a in result.documents for f in a.findings])
            print(f"auditor: wrote {sum(len(a.findings) for a in result.documents)} findings to {args.write_baseline}",
                  file=sys.stderr)
            return EXIT_OK
        for fmt, destination in outputs:
            _emit(FORMATS[fmt](result, fail_on=fail_on, **_render_options(args, fmt, destination, outputs)),
                  destination)
    return exit_code(result, fail_on, exit_zero=getattr(args, "exit_zero", False))


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


def _write_audit(result: AuditResult, out_dir: Path, *, self_contained: bool = False) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} exists and is not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(out_dir / "audit.json", render_json(result))
        for name, table in (("documents.csv", documents_csv), ("findings.csv", findings_csv),
                            ("facts.csv", facts_csv)):
            atomic_write(out_dir / name, BOM + table(result))
        write_html(result, out_dir, self_contained=self_contained)  # the index last
    except OSError as exc:
        raise OutputError(f"{exc.filename or out_dir}: cannot write: {exc.strerror or exc}") from None


def _emit(text: str, destination: str) -> None:
    if destination == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        atomic_write(Path(destination), text)
    except OSError as exc:
        raise OutputError(f"{destination}: cannot write: {exc.strerror or exc}") from None


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
        precision = f"{shown} ({precision_level(rule.code)}; an editor's judging of 300 real articles)"
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
