"""SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab, VS Code SARIF viewer).

Rules carry their docstrings as help text; results carry the exact region (lines, columns,
character offset and length) and a partial fingerprint that survives edits elsewhere in
the article. Offsets index the document's text as `auditor` decoded it: for plain text
and Markdown that is the file; for HTML and JSONL it is the extracted text (the result's
properties say so).
"""

from __future__ import annotations

import json

from .._version import __version__
from ..results import AuditResult
from ..findings import Severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif_dict(result: AuditResult) -> dict:
    rules = result.rules
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for audit in result.documents:
        doc = audit.document
        for f in audit.findings:
            entry = {
                "ruleId": f.rule,
                "ruleIndex": index.get(f.rule, -1),
                "level": LEVELS[f.severity],
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": doc.path.replace("\\", "/")},
                        "region": {
                            "startLine": f.span.line, "startColumn": f.span.column,
                            "endLine": f.span.end_line, "endColumn": f.span.end_column,
                            "charOffset": f.span.start, "charLength": f.span.end - f.span.start,
                            "snippet": {"text": f.text[:1000]},
                        },
                    },
                }],
                "partialFingerprints": {"auditorFingerprint/v1": f.fingerprint},
                "properties": {"name": f.name, "document": doc.id, "format": doc.format,
                               "offsets": "extracted-text" if doc.format in ("html", "jsonl") else "file"},
            }
            if entry["ruleIndex"] < 0:
                del entry["ruleIndex"]
            if f.related:
                entry["relatedLocations"] = [
                    {"id": n, "message": {"text": f"{r.document}: {r.message}" if r.message else r.document},
                     "physicalLocation": {"artifactLocation": {"uri": _path_of(result, r.document)},
                                          "region": {"charOffset": r.start, "charLength": r.end - r.start}}}
                    for n, r in enumerate(f.related)
                ]
            results.append(entry)
    notifications = [
        {"level": "error", "message": {"text": f"{e.path}: {e.error}"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": e.path.replace("\\", "/")}}}]}
        for e in result.load_errors
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "auditor",
                "version": __version__,
                "rules": [
                    {
                        "id": r.code,
                        "name": r.name,
                        "shortDescription": {"text": r.summary()},
                        "fullDescription": {"text": r.doc()},
                        "help": {"text": r.doc(), "markdown": r.doc()},
                        "defaultConfiguration": {"level": LEVELS[result.config.severity_of(r)]},
                        "properties": {"tags": [r.family()]},
                    }
                    for r in rules
                ],
            }},
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _path_of(result: AuditResult, document_id: str) -> str:
    for audit in result.documents:
        if audit.document.id == document_id:
            return audit.document.path.replace("\\", "/")
    return document_id


def render(result: AuditResult, *, fail_on: str = "error") -> str:
    return json.dumps(sarif_dict(result), ensure_ascii=False, indent=2) + "\n"
