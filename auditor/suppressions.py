"""Inline suppressions written in the article, and baselines of accepted findings.

In the article (plain text, Markdown, or HTML comments):

    <!-- auditor: disable=ST001 -->   ... findings of ST001 are suppressed from here ...
    <!-- auditor: enable=ST001 -->    ... until here (or the end of the article)
    <!-- auditor: ignore=ST001,farm --> suppresses them in the next block only

Selectors are codes, code prefixes, dotted names, families, or `all`. A directive that
suppresses nothing is reported as unused, so stale suppressions do not pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .findings import Finding

DIRECTIVE = re.compile(r"<!--\s*auditor:\s*(disable|enable|ignore)\s*=\s*([^>]*?)\s*-->", re.IGNORECASE)


@dataclass(frozen=True)
class Directive:
    start: int
    end: int
    action: str
    selectors: tuple[str, ...]


@dataclass(frozen=True)
class Unused:
    document: str
    path: str
    line: int
    text: str


def directives_in(text: str, hidden: tuple = ()) -> list[Directive]:
    """Directives written in the text, plus those the markup hid ((offset, comment) pairs
    from HTML comments, placed where the comment stood)."""
    found = [
        Directive(m.start(), m.end(), m.group(1).lower(), tuple(s.strip() for s in m.group(2).split(",") if s.strip()))
        for m in DIRECTIVE.finditer(text)
    ]
    for offset, comment in hidden:
        m = DIRECTIVE.search(comment)
        if m:
            found.append(Directive(offset, offset, m.group(1).lower(),
                                   tuple(s.strip() for s in m.group(2).split(",") if s.strip())))
    return sorted(found, key=lambda d: (d.start, d.end))


def _matches(finding: Finding, selector: str) -> bool:
    s = selector.strip()
    return s.lower() == "all" or s in (finding.rule, finding.name, finding.family) or (
        s.isalpha() and s.isupper() and finding.rule.startswith(s))


def apply_suppressions(text: str, blocks, findings: list[Finding], directives: list[Directive]) -> tuple[list[Finding], list[Directive]]:
    """Findings left after the directives, and the directives that suppressed nothing."""
    if not directives:
        return findings, []
    # (start, end, directive, selector) ranges where a selector is suppressed
    ranges: list[tuple[int, int, Directive, str]] = []
    open_disables: dict[str, Directive] = {}
    for d in directives:
        for selector in d.selectors:
            if d.action == "disable":
                open_disables.setdefault(selector, d)
            elif d.action == "enable":
                started = open_disables.pop(selector, None)
                if started:
                    ranges.append((started.end, d.start, started, selector))
            else:  # ignore: the next block that starts after the directive
                nxt = next((b for b in blocks if b.start >= d.end), None)
                if nxt is not None:
                    ranges.append((nxt.start, nxt.end, d, selector))
    for selector, d in open_disables.items():
        ranges.append((d.end, len(text), d, selector))
    used: set[Directive] = set()
    kept = []
    for f in findings:
        hit = next((r for r in ranges if r[0] <= f.span.start and f.span.end <= r[1] and _matches(f, r[3])), None)
        if hit is None:
            kept.append(f)
        else:
            used.add(hit[2])
    unused = [d for d in directives if d.action != "enable" and d not in used]
    return kept, unused
