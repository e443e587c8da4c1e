"""JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure): one testsuite
for the run, one testcase per document, one failure per finding at or above the fail level
(fewer severe findings are listed in system-out), one error per unreadable input."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..results import AuditResult
from ..findings import Severity


def render(result: AuditResult, *, fail_on: str = "error") -> str:
    threshold = None if fail_on == "never" else Severity.parse(fail_on)
    suite = ET.Element("testsuite", name="auditor")
    failures = 0
    for audit in result.documents:
        case = ET.SubElement(suite, "testcase", classname="auditor", name=audit.document.path)
        below = []
        for f in audit.findings:
            line = f"{audit.document.path}:{f.span.line}:{f.span.column}: {f.rule} [{f.severity.label}] {f.message}"
            if threshold is not None and f.severity >= threshold:
                failure = ET.SubElement(case, "failure", message=f"{f.rule} {f.message}", type=f.name)
                failure.text = f"{line}\n{f.text}"
                failures += 1
            else:
                below.append(line)
        if below:
            ET.SubElement(case, "system-out").text = "\n".join(below)
    for error in result.load_errors:
        case = ET.SubElement(suite, "testcase", classname="auditor", name=error.path)
        ET.SubElement(case, "error", message=error.error, type="load-error").text = f"{error.path}: {error.error}"
    suite.set("tests", str(len(result.documents) + len(result.load_errors)))
    suite.set("failures", str(failures))
    suite.set("errors", str(len(result.load_errors)))
    suites = ET.Element("testsuites", name="auditor", tests=suite.get("tests"), failures=str(failures),
                        errors=str(len(result.load_errors)))
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
