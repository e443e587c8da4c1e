"""SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, GitLab, VS Code SARIF viewer).

Shaped for GitHub code scanning:

- artifact URIs are relative to the repository root (`locations.repository_root`) with
  `uriBaseId` `%SRCROOT%`, which `originalUriBaseIds` resolves to that folder; a file
  outside the repository gets an absolute `file:` URI;
- regions point into the file (see `locations`): lines and columns for .txt/.md (plus the
  character offset and length) and for JSONL records with `text` (the record's line, with
  its id in the message); lines only for HTML (the line each piece of visible text came
  from) and JSONL records with `html`; for HTML and JSONL the region in the extracted
  text is kept in the result's `properties.textRegion`;
- every result has `partialFingerprints` (`auditorFingerprint/v1`: rule, document and
  normalised text, so it survives edits elsewhere in the article);
- every rule has its docstring as help, a `helpUri` to its entry in the README, its tags
  and, when an editor's judging measured it (`data/precision.toml`), a `precision`;
- related locations (the other copy of a duplicate, the other side of a conflict) carry
  their document's URI and lines.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._version import REPOSITORY, __version__
from ..corpus.document import Document
from ..data import precision_level
from ..findings import Severity, Span
from ..results import AuditResult
from .locations import file_uri, locate, message, relative_uri, repository_path, repository_root
from .rules_doc import help_uri

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
TEXT_FORMATS = ("txt", "md")  # the text is the file: offsets and columns hold in the file


class _Artifacts:
    """Artifact locations for paths, relative to the repository root when inside it."""

    def __init__(self, root: Path):
        self.root = root
        self.cache: dict[str, dict[str, str]] = {}

    def location(self, path: str) -> dict[str, str]:
        if path not in self.cache:
            relative = repository_path(path, self.root)
            self.cache[path] = ({"uri": relative_uri(relative), "uriBaseId": SRCROOT} if relative is not None
                                else {"uri": file_uri(path)})
        return dict(self.cache[path])


def _region(document: Document, span: Span, snippet: str | None = None) -> dict[str, Any]:
    where = locate(document, span)
    region: dict[str, Any] = {"startLine": where.line}
    if where.column is not None:
        region["startColumn"] = where.column
    region["endLine"] = where.end_line
    if where.end_column is not None:
        region["endColumn"] = where.end_column
    if document.format in TEXT_FORMATS:
        region["charOffset"] = span.start
        region["charLength"] = span.end - span.start
    if snippet is not None:
        region["snippet"] = {"text": snippet[:1000]}
    return region


def _rule(rule, config) -> dict[str, Any]:
    properties: dict[str, Any] = {"tags": [rule.family()]}
    precision = precision_level(rule.code)
    if precision:
        properties["precision"] = precision
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": rule.doc()},
        "helpUri": help_uri(rule),
        "help": {"text": rule.doc(), "markdown": rule.doc()},
        "defaultConfiguration": {"level": LEVELS[config.severity_of(rule)]},
        "properties": properties,
    }


def sarif_dict(result: AuditResult, root: Path | None = None) -> dict:
    root = root or repository_root()
    artifacts = _Artifacts(root)
    documents = {a.document.id: a.document for a in result.documents}
    index = {r.code: i for i, r in enumerate(result.rules)}
    results = []
    for audit in result.documents:
        doc = audit.document
        for f in audit.findings:
            entry: dict[str, Any] = {"ruleId": f.rule}
            if f.rule in index:
                entry["ruleIndex"] = index[f.rule]
            entry["level"] = LEVELS[f.severity]
            entry["message"] = {"text": message(doc, f)}
            entry["locations"] = [{"physicalLocation": {"artifactLocation": artifacts.location(doc.path),
                                                        "region": _region(doc, f.span, f.text)}}]
            if f.related:
                entry["relatedLocations"] = [_related(n, r, documents, artifacts) for n, r in enumerate(f.related)]
            entry["partialFingerprints"] = {"auditorFingerprint/v1": f.fingerprint}
            properties: dict[str, Any] = {"name": f.name, "document": doc.id, "format": doc.format}
            if doc.format not in TEXT_FORMATS:
                s = f.span
                properties["textRegion"] = {"start": s.start, "end": s.end, "line": s.line, "column": s.column,
                                            "endLine": s.end_line, "endColumn": s.end_column}
            entry["properties"] = properties
            results.append(entry)
    notifications = []
    for e in result.load_errors:
        location: dict[str, Any] = {"artifactLocation": artifacts.location(e.source)}
        if e.line:
            location["region"] = {"startLine": e.line}
        notifications.append({"level": "error", "message": {"text": f"{e.path}: {e.error}"},
                              "locations": [{"physicalLocation": location}]})
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "auditor",
                "version": __version__,
                "informationUri": REPOSITORY,
                "rules": [_rule(r, result.config) for r in result.rules],
            }},
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
            "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/",
                                             "description": {"text": "The repository root."}}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _related(n: int, related, documents: dict[str, Document], artifacts: _Artifacts) -> dict[str, Any]:
    text = f"{related.document}: {related.message}" if related.message else related.document
    other = documents.get(related.document)
    physical: dict[str, Any]
    if other is None:
        physical = {"artifactLocation": {"uri": relative_uri(related.document)}}
    else:
        end = max(related.start, related.end - 1)
        if other.source_lines or not related.line:  # a map of the file's lines, or the text itself
            lines = other.source_line(related.start), other.source_line(end)
        else:  # plain text: the lines the finding carries are the file's
            lines = related.line, related.end_line or related.line
        region: dict[str, Any] = {"startLine": lines[0], "endLine": lines[1]}
        if other.format in TEXT_FORMATS:
            region["charOffset"] = related.start
            region["charLength"] = related.end - related.start
        physical = {"artifactLocation": artifacts.location(other.path), "region": region}
    return {"id": n, "message": {"text": text}, "physicalLocation": physical}


def render(result: AuditResult, *, fail_on: str = "error", root: Path | None = None, **_options: Any) -> str:
    return json.dumps(sarif_dict(result, root), ensure_ascii=False, indent=2) + "\n"
