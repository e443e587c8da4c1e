"""Inline suppressions written in the article, and baselines of accepted findings.

In the article (plain text, Markdown, or HTML comments):

    <!-- auditor: disable=ST001 -->   ... findings of ST001 are suppressed from here ...
    <!-- auditor: enable=ST001 -->    ... until here (or the end of the article)
    <!-- auditor: ignore=ST001,farm --> suppresses them in the next block only

Selectors are codes, code prefixes, dotted names, families, or `all`. A directive that
suppresses nothing is reported as unused, so stale suppressions do not pile up.

Directives are written in untrusted text: the pattern runs by RE2 (linear), and each
finding is matched to the directives by lookups and binary searches, never by a scan of
every directive, so thousands of directives and findings cost no more than their number.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from . import regex
from .findings import Finding

DIRECTIVE = regex.compile(r"<!--\s*auditor:\s*(disable|enable|ignore)\s*=\s*([^>]*?)\s*-->", re.IGNORECASE)


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


def _selectors_of(finding: Finding, all_spellings: list[str]) -> list[str]:
    """Every selector string that names `finding`: `all` (in any case), its code, dotted
    name and family, and the upper-case letter prefixes of its code ("ST" for ST001)."""
    rule = finding.rule
    out = [*all_spellings, rule, finding.name, finding.family]
    for k in range(1, len(rule)):
        prefix = rule[:k]
        if not (prefix.isalpha() and prefix.isupper()):
            break
        out.append(prefix)
    return out


class _Intervals:
    """Disjoint intervals sorted by start, each with the position of its range in the
    order directives were read: `container` finds the one holding a span by bisection."""

    def __init__(self, items: list[tuple[int, int, int]]):
        items.sort()
        self.starts = [s for s, _e, _o in items]
        self.items = items

    def container(self, start: int, end: int) -> int | None:
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and self.items[i][1] >= end:
            return self.items[i][2]
        return None


def apply_suppressions(text: str, blocks, findings: list[Finding], directives: list[Directive]) -> tuple[list[Finding], list[Directive]]:
    """Findings left after the directives, and the directives that suppressed nothing."""
    if not directives:
        return findings, []
    blocks = list(blocks)
    block_starts = [b.start for b in blocks]
    # (start, end, directive, selector, is_block) ranges where a selector is suppressed,
    # in the order the directives are read (a finding is credited to the first that holds it).
    ranges: list[tuple[int, int, Directive, str, bool]] = []
    open_disables: dict[str, Directive] = {}
    for d in directives:
        for selector in d.selectors:
            if d.action == "disable":
                open_disables.setdefault(selector, d)
            elif d.action == "enable":
                started = open_disables.pop(selector, None)
                if started:
                    ranges.append((started.end, d.start, started, selector, False))
            else:  # ignore: the next block that starts after the directive
                i = bisect_left(block_starts, d.end)
                if i < len(blocks):
                    ranges.append((blocks[i].start, blocks[i].end, d, selector, True))
    for selector, d in open_disables.items():
        ranges.append((d.end, len(text), d, selector, False))
    # Per selector: disable ranges never overlap (one is open at a time) and blocks do not
    # overlap either (a block named twice keeps its first directive).
    spans: dict[str, list[tuple[int, int, int]]] = {}
    block_ranges: dict[str, dict[tuple[int, int], int]] = {}
    for order, (start, end, _d, selector, is_block) in enumerate(ranges):
        if is_block:
            block_ranges.setdefault(selector, {}).setdefault((start, end), order)
        else:
            spans.setdefault(selector, []).append((start, end, order))
    index = {sel: _Intervals(items) for sel, items in spans.items()}
    block_index = {sel: _Intervals([(s, e, o) for (s, e), o in held.items()]) for sel, held in block_ranges.items()}
    all_spellings = sorted({sel for sel in (*index, *block_index) if sel.lower() == "all"})
    used: set[Directive] = set()
    kept = []
    for f in findings:
        first: int | None = None
        for selector in _selectors_of(f, all_spellings):
            for table in (index, block_index):
                intervals = table.get(selector)
                order = intervals.container(f.span.start, f.span.end) if intervals else None
                if order is not None and (first is None or order < first):
                    first = order
        if first is None:
            kept.append(f)
        else:
            used.add(ranges[first][2])
    unused = [d for d in directives if d.action != "enable" and d not in used]
    return kept, unused
