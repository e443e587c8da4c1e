"""GitLab Code Quality: a JSON array of issues, shown in merge requests.

As `ruff --output-format gitlab` writes it: each issue has `description`, `check_name`
(the rule code), `fingerprint` (the finding's, stable across edits elsewhere in the
article), `severity` (error: major, warning: minor, info: info) and `location` (`path`
relative to the repository root, `lines.begin` and `lines.end` in the file; see
`locations`). An unreadable input is a `critical` issue with check name `load-error`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..findings import Severity
from ..results import AuditResult
from .locations import in_file_order, locate, message, repository_path, repository_root

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _path(path: str, root: Path) -> str:
    return repository_path(path, root) or path.replace("\\", "/")


def gitlab_issues(result: AuditResult, root: Path | None = None) -> list[dict[str, Any]]:
    root = root or repository_root()
    issues = []
    for audit in in_file_order(result):
        doc = audit.document
        for f in audit.findings:
            where = locate(doc, f.span)
            issues.append({
                "description": f"{f.rule} {message(doc, f)}",
                "check_name": f.rule,
                "fingerprint": f.fingerprint,
                "severity": SEVERITIES[f.severity],
                "location": {"path": _path(doc.path, root), "lines": {"begin": where.line, "end": where.end_line}},
            })
    for error in result.load_errors:
        digest = hashlib.sha256(f"load-error\x1f{error.path}".encode("utf-8")).hexdigest()[:32]
        issues.append({
            "description": f"load error: {error.path}: {error.error}",
            "check_name": "load-error",
            "fingerprint": digest,
            "severity": "critical",
            "location": {"path": _path(error.source, root), "lines": {"begin": error.line or 1}},
        })
    return issues


def render(result: AuditResult, *, fail_on: str = "error", root: Path | None = None, **_options: Any) -> str:
    return json.dumps(gitlab_issues(result, root), ensure_ascii=False, indent=2) + "\n"
