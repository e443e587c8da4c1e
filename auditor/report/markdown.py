"""A Markdown summary for GitHub job summaries and merge-request comments.

Counts per severity, the gate's verdict, the worst articles (highest risk score first, at
most `WORST`) with the rules they break, and the findings per rule. Article text (titles)
is untrusted: Markdown and HTML characters in it are escaped.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..findings import Severity
from ..results import AuditResult
from .locations import display_name

WORST = 10
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&])")


def md(text: str, limit: int = 120) -> str:
    """Text as Markdown that shows literally: one line, special characters escaped."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _SPECIAL.sub(r"\\\1", text)


def _gate(result: AuditResult, fail_on: str) -> str:
    if fail_on == "never":
        return "The gate is off (`--fail-on never`)."
    threshold = Severity.parse(fail_on)
    failing = sum(n for label, n in result.gate_counts().items() if Severity.parse(label) >= threshold)
    if result.load_errors:
        return f"**Failed:** {len(result.load_errors)} unreadable input(s)."
    if failing:
        return f"**Failed:** {failing} finding(s) at or above `{fail_on}`."
    return f"**Passed:** nothing at or above `{fail_on}`."


def render(result: AuditResult, *, fail_on: str = "error", **_options: Any) -> str:
    counts = result.counts()
    total = sum(counts.values())
    lines = [f"## auditor: {len(result.documents)} documents, {total} findings", "",
             "| error | warning | info | unreadable |", "|---:|---:|---:|---:|",
             f"| {counts['error']} | {counts['warning']} | {counts['info']} | {len(result.load_errors)} |", "",
             _gate(result, fail_on), ""]
    worst = sorted((a for a in result.documents if a.findings),
                   key=lambda a: (-a.score, a.document.path, a.document.id))[:WORST]
    if worst:
        lines += [f"### Worst articles ({len(worst)} of {len(result.documents)})", "",
                  "| score | article | error | warning | info | rules |", "|---:|---|---:|---:|---:|---|"]
        for audit in worst:
            c = audit.counts()
            rules = Counter(f.rule for f in audit.findings)
            top = ", ".join(f"{code} ×{n}" for code, n in sorted(rules.items(), key=lambda i: (-i[1], i[0]))[:5])
            title = md(audit.document.title or audit.document.id, 80)
            name = display_name(audit.document).replace("`", "").replace("|", "\\|")
            lines.append(f"| {audit.score:.1f} | {title}<br>`{name}` "
                         f"| {c['error']} | {c['warning']} | {c['info']} | {top} |")
        lines.append("")
    per_rule = Counter(f.rule for f in result.findings())
    if per_rule:
        names = {f.rule: (f.name, f.severity.label) for f in result.findings()}
        lines += ["### Findings per rule", "", "| rule | name | severity | findings |", "|---|---|---|---:|"]
        for code, n in sorted(per_rule.items(), key=lambda i: (-i[1], i[0])):
            lines.append(f"| {code} | `{names[code][0]}` | {names[code][1]} | {n} |")
        lines.append("")
    if result.load_errors:
        lines += ["### Unreadable inputs", ""]
        lines += [f"- `{e.path.replace('`', '')}`: {md(e.error, 300)}" for e in result.load_errors]
        lines.append("")
    return "\n".join(lines)
