"""JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).

One testsuite for the run; one testcase per document (named by its path, plus the record
id for a JSONL record: `drop.jsonl[farm-7]`), which fails when it has findings at or above
the fail level: a single `<failure>` whose message counts them and whose body lists them
(`path:line:col: CODE [severity] message`, lines of the file as in the text format).
Findings below the fail level are listed in `system-out`; each unreadable input is a
testcase with an `<error>`. `failures` counts failing testcases, not findings.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from ..findings import Finding, Severity
from ..results import AuditResult, DocumentAudit
from .locations import display_name, in_file_order, locate, message


def _line(audit: DocumentAudit, f: Finding) -> str:
    doc = audit.document
    return f"{doc.path}:{locate(doc, f.span).short()}: {f.rule} [{f.severity.label}] {message(doc, f)}"


def _failure_message(failing: list[Finding], fail_on: str) -> str:
    if len(failing) == 1:
        return f"{failing[0].rule} {failing[0].message}"
    codes = ", ".join(dict.fromkeys(f.rule for f in failing))
    return f"{len(failing)} findings at or above {fail_on}: {codes}"


def render(result: AuditResult, *, fail_on: str = "error", **_options: Any) -> str:
    threshold = None if fail_on == "never" else Severity.parse(fail_on)
    suite = ET.Element("testsuite", name="auditor")
    failures = 0
    for audit in in_file_order(result):
        doc = audit.document
        case = ET.SubElement(suite, "testcase", classname="auditor", name=display_name(doc), file=doc.path)
        failing = [f for f in audit.findings if threshold is not None and f.severity >= threshold]
        below = [f for f in audit.findings if threshold is None or f.severity < threshold]
        if failing:
            failures += 1
            worst = max(f.severity for f in failing)
            failure = ET.SubElement(case, "failure", message=_failure_message(failing, fail_on), type=worst.label)
            failure.text = "\n".join(_line(audit, f) for f in failing)
        if below:
            ET.SubElement(case, "system-out").text = "\n".join(_line(audit, f) for f in below)
    for error in result.load_errors:
        case = ET.SubElement(suite, "testcase", classname="auditor", name=error.path, file=error.source)
        ET.SubElement(case, "error", message=error.error, type="load-error").text = f"{error.path}: {error.error}"
    tests = str(len(result.documents) + len(result.load_errors))
    suite.set("tests", tests)
    suite.set("failures", str(failures))
    suite.set("errors", str(len(result.load_errors)))
    suites = ET.Element("testsuites", name="auditor", tests=tests, failures=str(failures),
                        errors=str(len(result.load_errors)))
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
