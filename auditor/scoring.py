"""The per-document risk score: 0 (nothing found) to 100, from rates, not counts.

A long article with many figures is not riskier for having more of them; a short one with
one chatbot leftover is. So the score is built from what share of the article each kind
of problem takes, each share a number from 0 to 1:

- sourcing: the share of the article's figures given no source or a vague one
  ((ST001 + ST002) / (figures + 2): two sourced figures' worth of doubt, so that one
  unsourced figure in a short note does not count as "all of them");
- tells: the strongest content-farm tell present: a chatbot leftover or template slot
  (FM001, FM005-FM007) counts 1, a relative date with no date (FM003), a spliced
  sentence (FM002) or chatbot style (FM009) 0.6, a clickbait headline (FM008) or an empty
  metadata label (FM004) 0.5;
- boilerplate: the share of the text's characters that boilerplate covers;
- duplication: 1 for a near-copy of another article (DU001), else the share of the text
  copied from others (DU002);
- consistency: 1 when a figure contradicts the same fact elsewhere (CO001, ST004);
- readability: 1 when the body is very hard to read (RD001).

    score = 100 * (1 - prod(1 - weight_k * share_k))

The weights (`data/scoring.toml`) say how much each kind of problem can weigh on its own;
they were fitted so that the score ranks content-farm and machine-written articles above
wire copy on the real drops in ../shared/eval/real/ (`evaluation/score.py` refits and
prints the ranking quality). Findings a suppression silenced do not count; a baseline
does not change the score (it describes the article, not what is new).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterable, Mapping

from .data import load_toml
from .findings import Finding

PARTS = ("sourcing", "tells", "boilerplate", "duplication", "consistency", "readability")


@functools.lru_cache(maxsize=1)
def _settings() -> dict:
    return load_toml("scoring.toml")


def weights() -> dict[str, float]:
    """Each part's weight, from `data/scoring.toml`."""
    return {part: float(_settings()["weights"][part]) for part in PARTS}


@dataclass(frozen=True)
class ScoreParts:
    """The shares the score is made of, each from 0 to 1."""

    sourcing: float = 0.0
    tells: float = 0.0
    boilerplate: float = 0.0
    duplication: float = 0.0
    consistency: float = 0.0
    readability: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {part: getattr(self, part) for part in PARTS}


def score_parts(findings: Iterable[Finding], metrics: Mapping, text_length: int,
                boilerplate_chars: int) -> ScoreParts:
    """The shares of one document, from its findings (after suppressions), its metrics
    (`statistics`: the number of figures graded) and how much of its text is boilerplate."""
    settings = _settings()
    tell_values: dict[str, float] = settings["tells"]
    counts: dict[str, int] = {}
    copied = 0
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
        if f.rule == "DU002":
            copied += max(0, f.span.end - f.span.start)
    figures = int(metrics.get("statistics", 0) or 0)
    unsourced = counts.get("ST001", 0) + counts.get("ST002", 0)
    length = max(1, text_length)
    return ScoreParts(
        sourcing=min(1.0, unsourced / (figures + settings["sourcing_prior"])) if unsourced else 0.0,
        tells=max((value for rule, value in tell_values.items() if counts.get(rule)), default=0.0),
        boilerplate=min(1.0, boilerplate_chars / length),
        duplication=1.0 if counts.get("DU001") else min(1.0, copied / length),
        consistency=1.0 if counts.get("CO001") or counts.get("ST004") else 0.0,
        readability=1.0 if counts.get("RD001") else 0.0,
    )


def combine(parts: ScoreParts, weights_by_part: Mapping[str, float] | None = None) -> float:
    """100 * (1 - prod(1 - weight * share)), rounded to one decimal."""
    w = weights_by_part or weights()
    clean = 1.0
    for part, share in parts.as_dict().items():
        clean *= 1.0 - min(1.0, max(0.0, w[part] * share))
    return round(100.0 * (1.0 - clean), 1)


def risk_score(findings: list[Finding], metrics: Mapping | None = None, text_length: int = 0,
               boilerplate_chars: int = 0) -> float:
    """The risk score of one document (see the module docstring)."""
    return combine(score_parts(findings, metrics or {}, text_length, boilerplate_chars))
