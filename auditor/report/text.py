"""Plain text for a terminal or a CI log: one line per finding, then a summary.

    path:line:col: CODE [severity] message

sorted by path, position and code, so the output is stable and diffable.
"""

from __future__ import annotations

from ..results import AuditResult


def finding_lines(result: AuditResult) -> list[str]:
    lines = []
    for audit in sorted(result.documents, key=lambda a: (a.document.path, a.document.id)):
        where = audit.document.path
        if audit.document.format == "jsonl":
            where = f"{where}[{audit.document.id}]"
        for f in audit.findings:
            lines.append(f"{where}:{f.span.line}:{f.span.column}: {f.rule} [{f.severity.label}] {f.message}")
    return lines


def summary_line(result: AuditResult) -> str:
    return summary(len(result.documents), result.counts(), len(result.load_errors))


def summary(documents: int, counts: dict[str, int], load_errors: int) -> str:
    total = sum(counts.values())
    parts = ", ".join(f"{n} {label}" for label, n in counts.items())
    errors = f"; {load_errors} unreadable" if load_errors else ""
    return f"{documents} documents, {total} findings ({parts}){errors}"


def render(result: AuditResult, *, fail_on: str = "error") -> str:
    lines = finding_lines(result)
    lines += [f"{e.path}: load error: {e.error}" for e in result.load_errors]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
