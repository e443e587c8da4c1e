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

from ..results import READABILITY_METRICS, AuditResult, DocumentAudit
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


def _table(columns: Iterable[str], rows: Iterable[dict[str, Any]], *, header: bool = True) -> str:
    """CSV text of `rows` in the order of `columns` (keys not among them are left out, a
    missing or None value is empty). A plain writer over lists: DictWriter's per-row
    dictionaries cost more than the writing."""
    columns = list(columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if (v := row.get(k)) is None else safe_cell(v) for k in columns])
    return out.getvalue()


def header(columns: Iterable[str]) -> str:
    return _table(columns, [])


def finding_rows(audits: Iterable[DocumentAudit]) -> str:
    """The findings table's rows for some documents (no header)."""
    rows = []
    for audit in audits:
        doc = audit.document
        for f in audit.findings:
            where = locate(doc, f.span)
            rows.append({"path": doc.path, "document": doc.id, "line": where.line, "column": where.column,
                         "end_line": where.end_line, "end_column": where.end_column, "rule": f.rule,
                         "name": f.name, "severity": f.severity.label, "message": f.message, "text": f.text,
                         "start": f.span.start, "end": f.span.end, "fingerprint": f.fingerprint})
    return _table(FINDING_COLUMNS, rows, header=False)


def document_rows(audits: Iterable[DocumentAudit]) -> str:
    """The documents table's rows for some documents (no header)."""
    rows = []
    for audit in audits:
        doc = audit.document
        rows.append({"id": doc.id, "path": doc.path, "format": doc.format, "title": doc.title,
                     "score": audit.score, **audit.counts(),
                     **{k: audit.metrics.get(k) for k in READABILITY_METRICS},
                     "report": report_path(doc.id)})
    return _table(DOCUMENT_COLUMNS, rows, header=False)


def findings_csv(result: AuditResult) -> str:
    return header(FINDING_COLUMNS) + finding_rows(in_file_order(result))


def documents_csv(result: AuditResult) -> str:
    return header(DOCUMENT_COLUMNS) + document_rows(result.documents)


def facts_csv(facts: list[dict], paths: dict[str, str]) -> str:
    """The facts table: one row per value of every fact seen in two documents or more
    (`paths`: document id -> path; each value carries its line in the file)."""
    rows = []
    for fact in facts:
        for value in fact.get("values", []):
            rows.append({"key": fact.get("key"), "conflict": "yes" if fact.get("conflict") else "no",
                         "document": value.get("document"), "path": paths.get(value.get("document"), ""),
                         "line": value.get("line", ""), "value": value.get("value"),
                         "support": value.get("support", ""), "start": value.get("start"), "end": value.get("end")})
    return _table(FACT_COLUMNS, rows)


def render(result: AuditResult, *, fail_on: str = "error", **_options: Any) -> str:
    return findings_csv(result)
