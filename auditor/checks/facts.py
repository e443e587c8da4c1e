"""When two claims are about the same thing, and whether their values can both hold.

Two claims state the same fact when they count the same thing in the same unit (what is
counted, normalised: plurals folded and acronyms expanded, so "130 LLMs" and "79 large
language models" match while "AI models" and "models" do not), carry the same scope
words near the figure ("in the most recent batch" is not "in total") and name the same
years in their sentences ("in 1960 ..." is not "today ..."). A sentence that compares
values ("up from 40", "compared with last year", "more than in 2016") states no single
fact. Values are compatible when the intervals their bounds allow overlap ("more than 40"
holds with 44, not with 30).

Exact matching favours precision: a conflict reported to an editor should be a real one.
Which documents may state the same fact is the caller's business: rewrites of one story
(consistency.py), or two sentences of one article that restate each other (`restates`).
"""

from __future__ import annotations

import functools

from ..claim import Claim
from ..data import load_toml, phrase_alternation
from ..regex import IGNORECASE, compile

_YEAR = compile(r"\b(1[89]\d\d|20\d\d)\b")
_WORD = compile(r"[^\W\d_]+")
MIN_SHARED_WORDS = 3  # two sentences restate each other when they share this many words ...
MIN_OVERLAP = 0.5  # ... and this share of all the content words of the two (Jaccard)


_BOUND_THAN = compile(r"\b(?:more|less|fewer|greater|higher|lower) than\s+(?:[$£€]\s?)?\d", IGNORECASE)


@functools.lru_cache(maxsize=2)
def _comparison(with_relative_time: bool):
    facts = load_toml("statistics.toml")["facts"]
    phrases = facts["comparison"] + (facts["relative_time"] if with_relative_time else [])
    return compile(rf"\b(?:{phrase_alternation(phrases)})\b|\bfrom\b[^.;]{{0,60}}\bto\b", IGNORECASE)


def sentence_years(sentence: str) -> tuple[str, ...]:
    """The years a sentence names, sorted: part of the identity of the facts it states."""
    return tuple(sorted({m.group(1) for m in _YEAR.finditer(sentence)}))


def is_comparison(sentence: str, relative_time: bool = True) -> bool:
    """A sentence that sets values side by side (a change, a comparison; with
    `relative_time`, also one that places them at a time relative to the writing, "last
    year"): its figures are not one fact stated twice. "than" bounding a figure ("more
    than 40") compares nothing."""
    return _comparison(relative_time).search(_BOUND_THAN.sub("", sentence)) is not None


def _content_words(sentence: str) -> set[str]:
    """Lower-cased words of four letters or more, figures aside: enough to tell whether
    two sentences say the same thing without a stop-word list."""
    return {w.lower() for w in _WORD.findall(sentence) if len(w) >= 4}


def restates(a: Claim, b: Claim) -> bool:
    """Two claims whose sentences say the same thing (at least half of all their content
    words in common, the figures aside): only then can one article be said to contradict
    itself. Sentences that share the figure's phrase but differ in what it belongs to
    ("the Senate bill" and "the compromise bill") fall short."""
    words_a, words_b = _content_words(a.context), _content_words(b.context)
    shared = len(words_a & words_b)
    return shared >= MIN_SHARED_WORDS and shared >= MIN_OVERLAP * len(words_a | words_b)


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
