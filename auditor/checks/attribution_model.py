"""The attribution model: does a figure have a source, given the cues around it?

Each figure gets a handful of readable features (a named speaker before it in its sentence,
a reporting verb after it, inside a quotation whose speaker is named in the paragraph, a
source in the previous sentence, the figure as the subject of "said" ...), computed from
the sentence and paragraph readings that `statistics.py` builds once per document. A
logistic regression learned from the PolNeAR training split
(`evaluation/train_attribution.py`) weighs them; its coefficients, intercept and decision
threshold ship as `data/attribution_model.json` and are applied here with a dot product.
No pickles, no scikit-learn at run time.

The model answers one question: is the figure unsupported? Explicit conventions the
training data barely shows are rules, decided before or after the model (see
`statistics.py`): links, vague phrases, agentless hedges, a paragraph's closing source.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
from dataclasses import dataclass, field
from importlib import resources

from .attribution import Cue, SentenceCues
from .claims import Claim

FAR = 150  # characters: a cue further than this from the figure is "far"

# Feature names, in the order the model file lists them. Each is 0/1 unless noted.
FEATURES = (
    "named_cue_before",  # a named source with a reporting verb or "according to" before the figure
    "named_cue_after",  # ... after it ("..., the ministry said.")
    "trailing_attribution",  # the sentence closes with its source: "..., Romero said." / "..., said Romero."
    "cue_opens_sentence",  # the sentence opens with its source: "According to X, ...", "Smith said ..."
    "cue_near_before",  # a named or pronoun cue within 60 characters before the figure, same clause
    "same_clause_after_cue",  # a named or pronoun cue before the figure, no ";", ":" or dash between
    "that_clause",  # the figure follows "said that", "estimated that"
    "pronoun_cue_before",  # "he said that ... 40 percent"
    "pronoun_cue_after",  # "... 40 percent, she said."
    "according_to",  # "according to X" in the sentence
    "source_intro",  # "a report by X", "data from X", "as reported by X"
    "in_document",  # "In a Des Moines Register poll last month, ...", "in the report"
    "document_source",  # a poll, report, survey, bill ... as the source ("the poll found", "Gallup's poll")
    "speaker_label",  # "CADDELL: ..." transcript label
    "trailing_source",  # "(South China Morning Post)." at the end
    "cognitive_cue",  # a named subject with a verb of belief ("the bank fears")
    "plan_cue",  # a named subject with a verb of proposal ("he pledged to cut it to 6 percent")
    "verb_without_subject",  # a reporting verb whose subject was not found
    "figure_is_subject",  # "12 percent said ...": the figure is who speaks
    "figure_inside_subject",  # "Smith, who won 52 percent, said": the figure is not what was said
    "cue_far",  # the nearest named cue is more than FAR characters away
    "cue_other_clause",  # a ";", ":" or dash stands between the figure and the nearest cue
    "speech_event",  # "in a statement", "told reporters"
    "in_quote",  # the figure is inside quotation marks
    "quote_speaker_in_sentence",  # ... and the quotation's speaker is in the sentence
    "quote_speaker_in_paragraph",  # ... or elsewhere in the paragraph
    "quote_speaker_before_paragraph",  # ... or introduced by the paragraph before ("Caddell continued:")
    "quote_elsewhere",  # the sentence quotes someone, but the figure stands outside the quotation
    "question",  # the sentence is a question
    "previous_named_cue",  # the previous sentence of the paragraph names a source
    "previous_same_thing",  # ... and counts the same kind of thing
    "previous_ends_with_colon",  # the previous sentence introduces what follows ("He said:")
    "paragraph_named_cue",  # another sentence of the paragraph names a source
    "figure_first",  # the sentence opens with the figure
    "several_figures",  # the sentence holds three or more figures
)


@dataclass(frozen=True)
class Model:
    features: tuple[str, ...]
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float

    def score(self, x: dict[str, float]) -> float:
        """P(unsupported): the logistic of the dot product."""
        z = self.intercept + sum(c * x.get(f, 0.0) for f, c in zip(self.features, self.coefficients))
        return 1.0 / (1.0 + math.exp(-z))

    def contributions(self, x: dict[str, float]) -> list[tuple[str, float]]:
        """Each active feature's pull, strongest first (positive: towards unsupported)."""
        pulls = [(f, c * x.get(f, 0.0)) for f, c in zip(self.features, self.coefficients) if x.get(f, 0.0)]
        return sorted(pulls, key=lambda fc: -abs(fc[1]))


@functools.lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped model (`data/attribution_model.json`)."""
    raw = json.loads(resources.files("auditor.data").joinpath("attribution_model.json").read_text(encoding="utf-8"))
    return model_from_dict(raw)


def model_from_dict(raw: dict) -> Model:
    names = tuple(raw["features"])
    unknown = set(names) - set(FEATURES)
    if unknown:
        raise ValueError(f"attribution model has unknown features: {sorted(unknown)}")
    return Model(names, tuple(float(c) for c in raw["coefficients"]), float(raw["intercept"]), float(raw["threshold"]))


# --- readings: what the features are computed from ---------------------------------------


@dataclass
class SentenceReading:
    """One prose sentence, read once: its cues, claims and quotation state."""

    index: int  # the sentence's index in the document
    block: int
    start: int  # offsets in the document's text
    end: int
    cues: SentenceCues
    claims: list[Claim]
    quote_at: list[int] = field(default_factory=list)  # offsets where the quotation state changes
    quote_state: list[bool] = field(default_factory=list)  # the state from that offset on
    quoted_at_start: bool = False
    quoted_at_end: bool = False

    def in_quote(self, offset: int) -> bool:
        """Whether the sentence-relative `offset` stands inside quotation marks."""
        k = bisect.bisect_right(self.quote_at, offset) - 1
        return self.quote_state[k] if k >= 0 else self.quoted_at_start


@dataclass
class ParagraphReading:
    """What a paragraph's sentences share, computed once per paragraph."""

    speakers: list[tuple[int, Cue]] = field(default_factory=list)  # (sentence position, cue) outside quotes
    covering: tuple[int, Cue] | None = None  # a sentence with no figure of its own that attributes the paragraph
    starts_quoted: bool = False
    introduced: bool = False  # the paragraph before ends with ":" or names a speaker and this one is a quotation


NAMED_KINDS = ("speech", "intro", "possessive", "label", "content", "trailing", "cognitive", "plan")


def set_quote_states(reading: SentenceReading, quoted: bool) -> bool:
    """Fill the sentence's quotation states, starting `quoted`; returns the state at its end."""
    reading.quoted_at_start = quoted
    state = quoted
    for offset, kind in reading.cues.quotes:
        state = True if kind == "open" else False if kind == "close" else not state
        reading.quote_at.append(offset + 1 if state else offset)
        reading.quote_state.append(state)
    reading.quoted_at_end = state
    return state


def is_speaker(cue: Cue) -> bool:
    return cue.kind in ("speech", "label", "intro") and cue.grade == "named"


def read_paragraph(readings: list[SentenceReading], previous: list[SentenceReading] | None) -> ParagraphReading:
    """Speakers, covering source and quotation context of one paragraph (its sentences in order)."""
    para = ParagraphReading()
    for pos, r in enumerate(readings):
        for cue in r.cues.cues:
            if is_speaker(cue) and not r.in_quote(cue.at):
                para.speakers.append((pos, cue))
            if cue.covers_paragraph and not r.claims and para.covering is None:
                para.covering = (pos, cue)
    para.starts_quoted = bool(readings) and readings[0].cues.starts_quoted
    if previous and para.starts_quoted:
        last = previous[-1]
        para.introduced = last.cues.ends_with_colon or any(is_speaker(c) for p in previous for c in p.cues.cues)
    return para


# --- features --------------------------------------------------------------------------


def claim_features(claim: Claim, reading: SentenceReading, position: int, paragraph_readings: list[SentenceReading],
                   paragraph: ParagraphReading) -> dict[str, float]:
    """The model's features for one figure (`position`: its sentence's place in the paragraph)."""
    x = claim.start - reading.start
    xe = claim.end - reading.start
    cues = reading.cues
    f: dict[str, float] = {}
    cues_list = cues
    named = [c for c in cues.cues if c.grade == "named" and c.kind in NAMED_KINDS]
    nearest = None
    for c in named:
        if c.kind in ("speech", "intro", "possessive", "label", "content"):
            before = c.at < x
            if c.subject == "pronoun":
                f["pronoun_cue_before" if before else "pronoun_cue_after"] = 1.0
            else:
                f["named_cue_before" if before else "named_cue_after"] = 1.0
            if c.subject_start >= 0 and c.subject_start < x and xe <= c.at and c.kind == "speech":
                f["figure_inside_subject"] = 1.0
        if c.kind == "intro":
            f["according_to" if c.word.startswith("according") else "in_document" if c.word == "in"
              else "source_intro"] = 1.0
        if c.subject == "document" or c.kind == "possessive":
            f["document_source"] = 1.0
        if c.kind == "label":
            f["speaker_label"] = 1.0
        if c.kind == "trailing":
            f["trailing_source"] = 1.0
        if c.kind == "cognitive":
            f["cognitive_cue"] = 1.0
        if c.kind == "plan":
            f["plan_cue"] = 1.0
        d = _distance(c, x, xe)
        if nearest is None or d < nearest[0]:
            nearest = (d, c)
    sentence_end = reading.end - reading.start
    for c in named:
        if c.kind not in ("speech", "intro", "label", "content", "possessive", "cognitive", "plan"):
            continue
        if c.at > x and c.kind in ("speech", "intro") and c.word != "in" and reading.cues.comma_before(c.start) and (
                sentence_end - c.end <= 60 or reading.cues.comma_before(c.end + 1)):
            f["trailing_attribution"] = 1.0  # "..., Romero said." / "..., says David Paleologos, director of ..."
        if c.start <= reading.cues.first_word + 1 and x > c.end:
            f["cue_opens_sentence"] = 1.0
        if c.at < x and c.end <= x and not _break_between(cues, c.end, x):
            f["same_clause_after_cue"] = 1.0
            if x - c.end <= 60:
                f["cue_near_before"] = 1.0
        if c.at < x and c.end <= x and reading.cues.that_after(c.end) and not _break_between(cues, c.end, x):
            f["that_clause"] = 1.0
    for c in cues.cues:
        if c.grade == "none" and c.kind in ("speech", "cognitive", "plan"):
            f["figure_is_subject" if c.subject == "figure" else "verb_without_subject"] = 1.0
    if nearest is not None:
        d, c = nearest
        if d > FAR:
            f["cue_far"] = 1.0
        lo, hi = sorted((c.at, x))
        if _break_between(cues, lo, hi):
            f["cue_other_clause"] = 1.0
    if cues.speech_event:
        f["speech_event"] = 1.0
    if reading.in_quote(x):
        f["in_quote"] = 1.0
        if any(is_speaker(c) and not reading.in_quote(c.at) for c in cues.cues):
            f["quote_speaker_in_sentence"] = 1.0
        elif any(p != position for p, _c in paragraph.speakers):
            f["quote_speaker_in_paragraph"] = 1.0
        elif paragraph.introduced:
            f["quote_speaker_before_paragraph"] = 1.0
    elif cues.quotes:
        f["quote_elsewhere"] = 1.0
    if cues.question:
        f["question"] = 1.0
    if position > 0:
        previous = paragraph_readings[position - 1]
        prev_named = [c for c in previous.cues.cues if c.grade == "named" and c.kind in NAMED_KINDS]
        if prev_named:
            f["previous_named_cue"] = 1.0
            if any(_same_thing(claim, e) for e in previous.claims):
                f["previous_same_thing"] = 1.0
        if previous.cues.ends_with_colon:
            f["previous_ends_with_colon"] = 1.0
    if any(p != position for p, _c in paragraph.speakers):
        f["paragraph_named_cue"] = 1.0
    if x <= reading.cues.first_word:
        f["figure_first"] = 1.0
    if len(reading.claims) >= 3:
        f["several_figures"] = 1.0
    return f


def _break_between(cues: SentenceCues, lo: int, hi: int) -> bool:
    k = bisect.bisect_right(cues.clause_breaks, lo)
    return k < len(cues.clause_breaks) and cues.clause_breaks[k] < hi


def _distance(cue: Cue, x: int, xe: int) -> int:
    if cue.at < x:
        return x - max(cue.at, cue.end if cue.end <= x else cue.at)
    return max(0, cue.at - xe)


def _same_thing(a: Claim, b: Claim) -> bool:
    return a.unit == b.unit and bool(a.counted) and bool(b.counted) and a.counted.split()[-1:] == b.counted.split()[-1:]

