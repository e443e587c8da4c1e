"""The rule reference in Markdown, generated from the rule docstrings (for the README)."""

from __future__ import annotations

from ..rules import Rule


def rules_markdown(rules: list[type[Rule]]) -> str:
    lines = ["| code | name | default severity | options |", "|---|---|---|---|"]
    for r in rules:
        options = ", ".join(f"`{k}` = {v!r}" for k, v in r.options.items()) or "–"
        lines.append(f"| {r.code} | `{r.name}` | {r.severity.label} | {options} |")
    lines.append("")
    for r in rules:
        lines.append(f"#### {r.code} `{r.name}`")
        lines.append("")
        body = r.doc().split("\n")
        lines.extend(body)
        lines.append("")
    return "\n".join(lines)
