"""CSV tables for spreadsheets and notebooks: findings, documents and facts.

`check --format csv` writes the findings table (one row per finding); `audit` writes all
three next to audit.json (`findings.csv`, `documents.csv`, `facts.csv`), with a UTF-8 byte
order mark so that spreadsheet programs read the accents right.

Columns `line`, `column`, `end_line`, `end_column` are positions in the file (as in the
text format: columns are empty where the file's are not known, see `locations`); `start` and `end`
are character offsets into the document's text, as in audit.json. Article text is
untrusted: a cell of text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
is prefixed with `'`, so no spreadsheet runs it as a formula. Rows come in file order;
lines end with `\\n`.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from ..corpus.document import Document
from ..findings import LineIndex
from ..results import READABILITY_METRICS, AuditResult
from .json import report_path
from .locations import in_file_order, locate

BOM = "\ufeff"
FINDING_COLUMNS = ("path", "document", "line", "column", "end_line", "end_column", "rule", "name", "severity",
                   "message", "text", "start", "end", "fingerprint")
DOCUMENT_COLUMNS = ("id", "path", "format", "title", "score", "error", "warning", "info",
                    *READABILITY_METRICS, "report")
FACT_COLUMNS = ("key", "conflict", "document", "path", "line", "value", "support", "start", "end")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _table(columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else safe_cell(v) for k, v in row.items()})
    return out.getvalue()


def findings_csv(result: AuditResult) -> str:
    rows = []
    for audit in in_file_order(result):
        doc = audit.document
        for f in audit.findings:
            where = locate(doc, f.span)
            rows.append({"path": doc.path, "document": doc.id, "line": where.line, "column": where.column,
                         "end_line": where.end_line, "end_column": where.end_column, "rule": f.rule,
                         "name": f.name, "severity": f.severity.label, "message": f.message, "text": f.text,
                         "start": f.span.start, "end": f.span.end, "fingerprint": f.fingerprint})
    return _table(FINDING_COLUMNS, rows)


def documents_csv(result: AuditResult) -> str:
    rows = []
    for audit in result.documents:
        doc = audit.document
        rows.append({"id": doc.id, "path": doc.path, "format": doc.format, "title": doc.title,
                     "score": audit.score, **audit.counts(),
                     **{k: audit.metrics.get(k) for k in READABILITY_METRICS},
                     "report": report_path(doc.id)})
    return _table(DOCUMENT_COLUMNS, rows)


class _Lines:
    """Source lines of offsets, with one line index per plain-text document."""

    def __init__(self) -> None:
        self.indexes: dict[str, LineIndex] = {}

    def line(self, document: Document, offset: int) -> int:
        if document.source_lines:
            return document.source_line(offset)
        if document.id not in self.indexes:
            self.indexes[document.id] = LineIndex(document.text)
        return self.indexes[document.id].position(offset)[0]


def facts_csv(result: AuditResult) -> str:
    documents = {a.document.id: a.document for a in result.documents}
    lines = _Lines()
    rows = []
    for fact in result.corpus.get("facts", []):
        for value in fact.get("values", []):
            doc = documents.get(value.get("document"))
            rows.append({"key": fact.get("key"), "conflict": "yes" if fact.get("conflict") else "no",
                         "document": value.get("document"), "path": doc.path if doc else "",
                         "line": lines.line(doc, value["start"]) if doc and "start" in value else "",
                         "value": value.get("value"), "support": value.get("support", ""),
                         "start": value.get("start"), "end": value.get("end")})
    return _table(FACT_COLUMNS, rows)


def render(result: AuditResult, *, fail_on: str = "error", **_options: Any) -> str:
    return findings_csv(result)
