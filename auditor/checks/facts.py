"""When two claims are about the same thing, and whether their values can both hold.

Two claims state the same fact when they count the same thing in the same unit (what is
counted, normalised: plurals folded and acronyms expanded, so "130 LLMs" and "79 large
language models" match while "AI models" and "models" do not) and carry the same scope
words near the figure ("in the most recent batch" is not "in total"). Values are
compatible when the intervals their bounds allow overlap ("more than 40" holds with 44,
not with 30). Exact matching of what is counted favours precision: a conflict reported
to an editor should be a real one.
"""

from __future__ import annotations

from ..claim import Claim

def same_fact(a: Claim, b: Claim) -> bool:
    """Same unit, same thing counted (after expanding acronyms: "LLMs" is "large language
    models"), same scope words near the figure."""
    return a.unit == b.unit and bool(a.counted) and a.counted == b.counted and a.scope == b.scope


def is_bounded(claim: Claim) -> bool:
    """The claim's values have an upper end ("more than 40" has none)."""
    return claim.interval[1] != float("inf")


def related_fact(a: Claim, b: Claim) -> bool:
    """Looser than `same_fact`: the same head noun and scope ("14 AI models" and "14 LLMs"
    in the latest batch), both values bounded (an open "more than 40" would chain every
    larger figure into one group). Used to show agreement in the facts table, never to
    report a conflict."""
    return (a.unit == b.unit and bool(a.counted) and bool(b.counted) and a.scope == b.scope
            and a.counted.split()[-1] == b.counted.split()[-1] and is_bounded(a) and is_bounded(b))


def compatible(a: Claim, b: Claim) -> bool:
    lo_a, hi_a = a.interval
    lo_b, hi_b = b.interval
    return lo_a <= hi_b and lo_b <= hi_a


def fact_label(claims: list[Claim]) -> str:
    """A readable name for a fact: its most frequent counted phrase, unit and scope."""
    counted = max(sorted({c.counted for c in claims}), key=lambda k: sum(1 for c in claims if c.counted == k))
    unit = claims[0].unit
    scope = claims[0].scope
    label = counted if unit == "count" else f"{counted} ({unit})"
    if scope:
        label += f" [{', '.join(scope)}]"
    return " ".join(label.split())
