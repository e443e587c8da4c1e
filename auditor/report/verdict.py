"""A verdict per article and the reasons behind it, for editors deciding what to read first.

The verdict reads the risk score and the most serious finding:

- "Needs review": an error-level finding (a rule measured at 0.95 precision or more), or a
  risk score of 50 or more;
- "Worth a look": a risk score of 20 or more;
- "No concerns": below that.

The reasons are the rules behind the findings, most severe and most frequent first (at most
three): what an editor would check first.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Iterable

from ..checks import get_rules
from ..findings import Finding, Severity

VERDICTS = {"review": "Needs review", "check": "Worth a look", "clean": "No concerns"}
REVIEW_SCORE, CHECK_SCORE = 50.0, 20.0
MAX_REASONS = 3


def verdict(score: float, findings: Iterable[Finding]) -> str:
    """"review", "check" or "clean" (labels in VERDICTS)."""
    if score >= REVIEW_SCORE or any(f.severity == Severity.ERROR for f in findings):
        return "review"
    return "check" if score >= CHECK_SCORE else "clean"


_PARENTHESIS = re.compile(r"\s*\([^()]*\)")  # no nesting, no alternation: linear


def _short(summary: str) -> str:
    """A rule's summary without its parenthetical examples or final stop."""
    return _PARENTHESIS.sub("", summary).rstrip(".").strip()


@functools.lru_cache(maxsize=4)
def _summaries(rules: tuple) -> dict[str, str]:
    """Each rule's short summary by code (worked out once, not once per document)."""
    return {r.code: _short(r.summary()) for r in rules}


def reasons(findings: list[Finding]) -> tuple[str, ...]:
    """The rules behind the findings, as an editor reads them: "Chatbot leftover (2)"."""
    counts = Counter(f.rule for f in findings)
    worst = {}
    for f in findings:
        worst[f.rule] = max(worst.get(f.rule, Severity.INFO), f.severity)
    summaries = _summaries(tuple(get_rules()))
    ranked = sorted(counts, key=lambda code: (-worst[code], -counts[code], code))
    return tuple(f"{summaries.get(code, code)} ({counts[code]})" for code in ranked[:MAX_REASONS])
