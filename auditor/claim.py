"""Claims: the figures an article asserts, and what stands behind each one.

These are the typed data one check hands to others: the statistics check extracts and
grades claims; consistency and same-story detection compare them across the batch; the
archive stores them to compare with later drops. They live here, below the checks, so
that no check imports another to read its output.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import NamedTuple

GRADES = ("none", "vague", "named", "linked")  # weakest to strongest


@dataclass(frozen=True)
class Claim:
    """One figure in one sentence. Offsets index the document's text."""

    start: int
    end: int
    text: str  # the figure as written, with its bound words: "more than 40"
    value: float  # normalised: magnitudes applied, percent as a number of percent
    bound: str  # "exact", "at_least", "at_most", "about"
    unit: str  # "count", "percent", "USD", "multiple", "rank", ...
    counted: str  # normalised noun phrase of what is counted ("large language model")
    scope: tuple[str, ...] = ()  # scope words and names that narrow the claim
    upper: float | None = None  # the top of a range ("5-10%")
    sentence: int = -1  # index into the document's sentences
    context: str = field(default="", compare=False)  # words of the sentence, for grouping

    @property
    def interval(self) -> tuple[float, float]:
        """The values this claim allows, with a small tolerance for rounding."""
        v = self.value
        if self.upper is not None:
            return v, self.upper
        if self.bound == "at_least":
            return v, float("inf")
        if self.bound == "at_most":
            return 0.0, v
        if self.bound == "about":
            return v * 0.9, v * 1.1
        return v * 0.98, v * 1.02


@dataclass(frozen=True)
class Support:
    """What stands behind a sentence's figures: a grade and the source as written."""

    grade: str
    source: str = ""  # the cue or source as written
    start: int = -1  # its offsets in the document's text
    end: int = -1
    covers_paragraph: bool = False  # "..., based on information from X": a whole paragraph's source
    kind: str = ""  # the cue's kind ("speech", "intro", "quotation", "previous sentence", ...)
    reason: str = ""  # why this grade, in words an editor reads (for unsupported figures)
    word: str = ""  # the cue word, lower case ("said", "estimated", "according to")

    def stronger_than(self, other: "Support") -> bool:
        return GRADES.index(self.grade) > GRADES.index(other.grade)


NO_SUPPORT = Support("none")


@dataclass(frozen=True)
class GradedClaim:
    """A claim with the support that stands behind it, and the sentence that states it."""

    claim: Claim
    support: Support
    sentence_text: str

    @property
    def grade(self) -> str:
        return self.support.grade


class StatedClaim(NamedTuple):
    """A claim as corpus steps see it (consistency, same-story, the archive): without its
    sentence's words, with its support grade and where it stands."""

    claim: Claim
    grade: str
    line: int  # the line of the document's text
    file_line: int  # the line of the input file (the record's line, for JSONL)
    years: tuple[str, ...] = ()  # the years its sentence names: part of what the fact is
    comparison: bool = False  # its sentence sets values side by side: no single fact


ARCHIVED_FIELDS = tuple(f for f in Claim.__dataclass_fields__ if f not in ("context", "sentence"))


def claim_record(claim: Claim) -> dict:
    """A claim as the archive stores it (enough to compare facts with a later drop)."""
    return {k: v for k, v in asdict(claim).items() if k in ARCHIVED_FIELDS}


def claim_from_record(record: dict) -> Claim:
    """The inverse of `claim_record`."""
    return Claim(**{**record, "scope": tuple(record["scope"])})
