"""Plain text for a terminal or a CI log: one line per finding, then a summary.

    path:line:col: CODE [severity] message

sorted by path, position and code, so the output is stable and diffable. Lines and
columns are the file's (see `locations`): for HTML input (and JSONL records given as
HTML) only the line is known (`path:line: ...`), and a JSONL finding's message starts with
its record's id.
With `statistics`, one line per rule (count, code, severity, name) replaces the findings,
as `ruff --statistics` does. With `color`, paths, codes and severities are coloured (ANSI).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..findings import Severity
from ..results import AuditResult
from .locations import in_file_order, locate, message

BOLD, RESET = "\033[1m", "\033[0m"
SEVERITY_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
DIM = "\033[2m"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{RESET}" if color else text


def finding_lines(result: AuditResult, *, color: bool = False) -> list[str]:
    lines = []
    for audit in in_file_order(result):
        doc = audit.document
        for f in audit.findings:
            where = f"{doc.path}:{locate(doc, f.span).short()}:"
            shade = SEVERITY_COLORS[f.severity]
            lines.append(f"{_paint(where, BOLD, color)} {_paint(f.rule, shade, color)} "
                         f"{_paint('[' + f.severity.label + ']', shade, color)} {message(doc, f)}")
    return lines


def statistics_lines(result: AuditResult, *, color: bool = False) -> list[str]:
    """Findings per rule, most first (then by code): `count  CODE  [severity]  name`."""
    counts = Counter(f.rule for f in result.findings())
    severities = {f.rule: f.severity for f in result.findings()}
    names = {f.rule: f.name for f in result.findings()}
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = []
    for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        shade = SEVERITY_COLORS[severities[code]]
        label = f"[{severities[code].label}]".ljust(9)
        lines.append(f"{n:>{width}}  {_paint(code, shade, color)}  {_paint(label, shade, color)}  {names[code]}")
    return lines


def summary_line(result: AuditResult) -> str:
    return summary(len(result.documents), result.counts(), len(result.load_errors))


def summary(documents: int, counts: dict[str, int], load_errors: int) -> str:
    total = sum(counts.values())
    parts = ", ".join(f"{n} {label}" for label, n in counts.items())
    errors = f"; {load_errors} unreadable" if load_errors else ""
    return f"{documents} documents, {total} findings ({parts}){errors}"


def render(result: AuditResult, *, fail_on: str = "error", color: bool = False, statistics: bool = False,
           **_options: Any) -> str:
    lines = statistics_lines(result, color=color) if statistics else finding_lines(result, color=color)
    lines += [f"{_paint(e.path + ':', BOLD, color)} load error: {e.error}" for e in result.load_errors]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
