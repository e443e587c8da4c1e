"""audit.json, schema_version 1 (see ARCHITECTURE.md): the machine-readable audit.

Output is deterministic: keys in a fixed order, documents in input order, findings sorted
by position, floats rounded, no timestamps; the same input gives byte-identical JSON. The
text is indented by two spaces (orjson's OPT_INDENT_2, byte for byte what `json.dumps(...,
indent=2, ensure_ascii=False)` writes, many times faster).

A large audit is written in pieces: each worker writes its documents' entries as a
fragment (`document_fragment`), and `write_audit_json` streams the head, the fragments in
order and the corpus section into one file, so no process holds the whole document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO, Iterable

import orjson

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
             **({"end_line": r.end_line} if r.end_line else {}), **({"message": r.message} if r.message else {})}
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
        **({"notes": list(doc.notes)} if doc.notes else {}),
    }


def audit_dict(result: AuditResult) -> dict[str, Any]:
    return {
        **_head(len(result.documents), len(result.load_errors), result.counts()),
        "documents": [document_dict(a) for a in result.documents],
        "corpus": result.corpus,
        "load_errors": [{"path": e.path, "error": e.error} for e in result.load_errors],
    }


def _head(documents: int, load_errors: int, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_URI,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": __version__},
        "summary": {"documents": documents, "load_errors": load_errors, "findings": counts},
    }


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2)


def render(result: AuditResult, *, fail_on: str = "error", **_options: Any) -> str:
    return dumps(audit_dict(result)).decode("utf-8") + "\n"


_INDENT = b"\n    "
_PLACEHOLDER = "@@auditor: the documents go here@@"


def document_fragment(audits: Iterable[DocumentAudit]) -> bytes:
    """The entries of some documents as they stand inside the "documents" list of
    audit.json (indented, comma-separated, no brackets)."""
    return b",\n".join(b"    " + dumps(document_dict(a)).replace(b"\n", _INDENT) for a in audits)


def write_audit_json(handle: BinaryIO, *, documents: int, counts: dict[str, int], fragments: Iterable[Path],
                     corpus: dict[str, Any], load_errors: list) -> None:
    """audit.json from its pieces: the head, every fragment in order, the corpus section."""
    skeleton = {**_head(documents, len(load_errors), counts), "documents": [_PLACEHOLDER] if documents else [],
                "corpus": corpus, "load_errors": [{"path": e.path, "error": e.error} for e in load_errors]}
    text = dumps(skeleton)
    if not documents:
        handle.write(text + b"\n")
        return
    before, after = text.split(b'    "' + _PLACEHOLDER.encode() + b'"')
    handle.write(before)
    first = True
    for path in fragments:
        piece = path.read_bytes()
        if not piece:
            continue
        if not first:
            handle.write(b",\n")
        handle.write(piece)
        first = False
    handle.write(after + b"\n")
