"""GitHub Actions workflow commands: the summary first, then annotations within GitHub's limits.

GitHub shows at most 10 annotations of each kind (error, warning, notice) per step and 50
per job; the rest are dropped without a word. So the output is:

1. one notice with the counts (documents, findings per severity, unreadable inputs);
2. errors (unreadable inputs first), then warnings, as annotations: at most `CAP` of each
   kind, spread over the articles (each one's first finding before any one's second). Info findings are annotated only when `--min-severity info` asks
   for them (then at most `CAP - 2` notices, leaving room for the two of ours);
3. one notice for everything not annotated, with its counts and where to see it all (the
   SARIF file of the same run, the job summary, or `--format text`).

Paths are relative to the repository root, as GitHub wants them; lines are the file's
(see `locations`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..findings import Finding, Severity
from ..results import AuditResult, DocumentAudit
from .locations import in_file_order, locate, message, repository_path, repository_root

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
CAP = 10  # annotations of one kind GitHub shows per step


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counts(counts: dict[str, int]) -> str:
    return f"{_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, {counts['info']} info"


def _where(outputs: list[tuple[str, str]]) -> str:
    places = [f"the SARIF report {dest} (code scanning alerts)" for fmt, dest in outputs if fmt == "sarif" and dest != "-"]
    if any(fmt == "markdown" for fmt, _dest in outputs):
        places.append("the job summary")
    return "see " + " and ".join(places) if places else "`auditor check --format text` lists them all"


def _spread(audits: list[DocumentAudit], severity: Severity) -> list[tuple[DocumentAudit, Finding]]:
    """The findings of one severity, taking each document's first before any document's
    second (and so on), so that the few annotations shown cover as many articles as they can."""
    queues = [[f for f in audit.findings if f.severity == severity] for audit in audits]
    out = []
    for rank in range(max((len(q) for q in queues), default=0)):
        out += [(audit, queue[rank]) for audit, queue in zip(audits, queues) if rank < len(queue)]
    return out


def render(result: AuditResult, *, fail_on: str = "error", root: Path | None = None,
           annotate: Severity = Severity.WARNING, outputs: list[tuple[str, str]] | None = None,
           **_options: Any) -> str:
    root = root or repository_root()
    counts = result.counts()
    lines = [f"::notice title=auditor::{_plural(len(result.documents), 'document')}: {_counts(counts)}; "
             f"{len(result.load_errors)} unreadable"]
    budget = {Severity.ERROR: CAP, Severity.WARNING: CAP, Severity.INFO: CAP - 2}
    for error in result.load_errors:
        if budget[Severity.ERROR]:
            budget[Severity.ERROR] -= 1
            file = repository_path(error.source, root)
            props = f"file={_property(file)}," if file else ""
            props += f"line={error.line}," if file and error.line else ""
            lines.append(f"::error {props}title=load error::{_data(error.path + ': ' + error.error)}")
    left = {s.label: 0 for s in sorted(Severity, reverse=True)}
    left["error"] = max(0, len(result.load_errors) - CAP)
    audits = in_file_order(result)
    for severity in sorted(Severity, reverse=True):
        for audit, f in _spread(audits, severity):
            if severity < annotate or not budget[severity]:
                left[severity.label] += 1
                continue
            budget[severity] -= 1
            doc = audit.document
            file = repository_path(doc.path, root)
            where = locate(doc, f.span)
            props = ""
            if file:
                props = f"file={_property(file)},line={where.line},"
                if where.column is not None:
                    props += f"col={where.column},"
                props += f"endLine={where.end_line},"
                if where.end_column is not None:
                    props += f"endColumn={where.end_column},"
            props += f"title={_property(f.rule + ' ' + f.name)}"
            lines.append(f"::{COMMANDS[f.severity]} {props}::{_data(message(doc, f))}")
    rest = sum(left.values())
    if rest:
        lines.append(f"::notice title={_property(f'auditor: {rest} more')}::{_plural(rest, 'finding')} not annotated here "
                     f"({_counts(left)}): {_where(outputs or [])}")
    return "\n".join(lines) + "\n"
