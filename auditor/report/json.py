"""audit.json, schema_version 1 (see ARCHITECTURE.md): the machine-readable audit.

Output is deterministic: keys in a fixed order, documents in input order, findings sorted
by position, floats rounded, no timestamps; the same input gives byte-identical JSON.
"""

from __future__ import annotations

import json
from typing import Any

from .._version import DOCS_REF, REPOSITORY, __version__
from ..findings import Finding
from ..results import READABILITY_METRICS, AuditResult, DocumentAudit

SCHEMA_VERSION = 1
SCHEMA_FILE = "audit.schema.json"  # in auditor/data/, shipped with the package
# The schema's address (its `$id`), which audit.json names in `$schema`.
SCHEMA_URI = f"{REPOSITORY}/raw/{DOCS_REF}/auditor/data/{SCHEMA_FILE}"


def report_path(document_id: str) -> str:
    """The document page's path relative to the output folder."""
    return f"docs/{document_id}.html"


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity.label,
        "message": f.message,
        "start": f.span.start,
        "end": f.span.end,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "text": f.text,
        "related": [
            {"document": r.document, "start": r.start, "end": r.end, **({"line": r.line} if r.line else {}),
             **({"message": r.message} if r.message else {})}
            for r in f.related
        ],
        "fingerprint": f.fingerprint,
    }


def document_dict(audit: DocumentAudit) -> dict[str, Any]:
    doc = audit.document
    return {
        "id": doc.id,
        "path": doc.path,
        "format": doc.format,
        "title": doc.title,
        "meta": dict(sorted(doc.meta.items())),
        "report": report_path(doc.id),
        "words": audit.words,
        "score": audit.score,
        "readability": {k: audit.metrics[k] for k in READABILITY_METRICS if k in audit.metrics},
        "boilerplate": [{"kind": b.kind, "start": b.start, "end": b.end} for b in audit.boilerplate],
        "findings": [finding_dict(f) for f in audit.findings],
    }


def audit_dict(result: AuditResult) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_URI,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": __version__},
        "summary": {
            "documents": len(result.documents),
            "load_errors": len(result.load_errors),
            "findings": result.counts(),
        },
        "documents": [document_dict(a) for a in result.documents],
        "corpus": result.corpus,
        "load_errors": [{"path": e.path, "error": e.error} for e in result.load_errors],
    }


def render(result: AuditResult, *, fail_on: str = "error", **_options: Any) -> str:
    return json.dumps(audit_dict(result), ensure_ascii=False, indent=2) + "\n"
