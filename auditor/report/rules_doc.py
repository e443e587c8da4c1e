"""The rule reference in Markdown, generated from the rule docstrings (for the README)."""

from __future__ import annotations

import re

from .._version import DOCS_REF, REPOSITORY
from ..rules import Rule

_NOT_IN_ANCHOR = re.compile(r"[^\w\- ]", re.UNICODE)


def heading(rule: type[Rule]) -> str:
    """The rule's heading in the README's rule reference."""
    return f"{rule.code} `{rule.name}`"


def github_anchor(markdown_heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: its text lower-cased, punctuation but
    hyphens and underscores dropped, spaces made hyphens."""
    text = markdown_heading.replace("`", "").strip().lower()
    return _NOT_IN_ANCHOR.sub("", text).replace(" ", "-")


def help_uri(rule: type[Rule]) -> str:
    """The rule's documentation in the README on the project's home."""
    return f"{REPOSITORY}/blob/{DOCS_REF}/README.md#{github_anchor(heading(rule))}"


def rules_markdown(rules: list[type[Rule]]) -> str:
    lines = ["| code | name | default severity | options |", "|---|---|---|---|"]
    for r in rules:
        options = ", ".join(f"`{k}` = {v!r}" for k, v in r.options.items()) or "–"
        lines.append(f"| {r.code} | `{r.name}` | {r.severity.label} | {options} |")
    lines.append("")
    for r in rules:
        lines.append(f"#### {heading(r)}")
        lines.append("")
        body = r.doc().split("\n")
        lines.extend(body)
        lines.append("")
    return "\n".join(lines)
