"""GitHub Actions workflow commands: annotations grouped per file, then a summary.

GitHub shows only the first few annotations of each kind per step, so the last line is a
notice that counts everything, and `--min-severity` can keep the annotations to the
serious ones.
"""

from __future__ import annotations

from ..results import AuditResult
from ..findings import Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: AuditResult, *, fail_on: str = "error") -> str:
    lines = []
    for audit in sorted(result.documents, key=lambda a: (a.document.path, a.document.id)):
        if not audit.findings:
            continue
        path = audit.document.path.replace("\\", "/")
        lines.append(f"::group::{_data(path)}")
        for f in audit.findings:
            props = (f"file={_property(path)},line={f.span.line},col={f.span.column},"
                     f"endLine={f.span.end_line},endColumn={f.span.end_column},title={_property(f.rule + ' ' + f.name)}")
            lines.append(f"::{COMMANDS[f.severity]} {props}::{_data(f.message)}")
        lines.append("::endgroup::")
    for error in result.load_errors:
        lines.append(f"::error file={_property(error.path)},title=load error::{_data(error.error)}")
    counts = result.counts()
    lines.append(f"::notice title=auditor::{len(result.documents)} documents, "
                 f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info, "
                 f"{len(result.load_errors)} unreadable")
    return "\n".join(lines) + "\n"
