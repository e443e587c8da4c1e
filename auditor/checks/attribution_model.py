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
from ..claim import Claim

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
    "document_mentioned_before",  # "The results of the survey were stunning: 11 percent ..."
    "anaphoric_start",  # "Within that group, 20% ...", "This is up from ...": goes on from the sentence before
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
    index_: "CueIndex | None" = None  # filled by `index_cues` once the quotation states are known

    def in_quote(self, offset: int) -> bool:
        """Whether the sentence-relative `offset` stands inside quotation marks."""
        k = bisect.bisect_right(self.quote_at, offset) - 1
        return self.quote_state[k] if k >= 0 else self.quoted_at_start


@dataclass
class ParagraphReading:
    """What a paragraph's sentences share, computed once per paragraph."""

    speakers: list[tuple[int, Cue]] = field(default_factory=list)  # (sentence position, cue) outside quotes
    speaker_positions: dict[int, int] = field(default_factory=dict)  # sentence position -> speakers in it
    speaker_at: list[int] = field(default_factory=list)  # the position of each speaker, in order
    covering: tuple[int, Cue] | None = None  # a sentence with no figure of its own that attributes the paragraph
    starts_quoted: bool = False
    introduced: bool = False  # the paragraph before ends with ":" or names a speaker and this one is a quotation
    labels: list[tuple[int, Cue]] = field(default_factory=list)  # transcript labels ("Reed: ..."), by position
    long: bool = False  # more than LONG_PARAGRAPH sentences: copy that lost its paragraph breaks

    def speakers_near(self, position: int) -> list[tuple[int, Cue]]:
        """The paragraph's speakers that count for a figure in the sentence at `position`:
        all of them; in a long paragraph (a whole article run together), those within
        NEAR_BEFORE sentences before it and NEAR_AFTER after it, not one named twenty
        sentences away."""
        if not self.long:
            return self.speakers
        lo = bisect.bisect_left(self.speaker_at, position - NEAR_BEFORE)
        hi = bisect.bisect_right(self.speaker_at, position + NEAR_AFTER)
        return self.speakers[lo:hi]

    def speaker_label(self, position: int) -> tuple[int, Cue] | None:
        """In a transcript (two labels or more), the label that the sentence at `position` falls under."""
        if len(self.labels) < 2:
            return None
        k = bisect.bisect_right([p for p, _c in self.labels], position) - 1
        return self.labels[k] if k >= 0 else None


# A paragraph of more than LONG_PARAGRAPH sentences is copy that lost its paragraph breaks
# (wire and farm copy often arrives as one block). In it, what reaches a figure from
# elsewhere in the paragraph is read within NEAR_BEFORE sentences before the figure and
# NEAR_AFTER after it; the sentences outside every figure's reach are not read for cues
# (statistics.read_document). NEAR_BEFORE covers every look-back of the check: a quotation a
# colon opened (QUOTATION_REACH, 5), the source of the sentences before (3), a paragraph's
# opening document (3). Real paragraphs (PolNeAR's, generated copy's) are read whole.
LONG_PARAGRAPH = 8
NEAR_BEFORE = 5
NEAR_AFTER = 1


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
            if cue.kind == "label":
                para.labels.append((pos, cue))
            if is_speaker(cue) and not r.in_quote(cue.at):
                para.speakers.append((pos, cue))
                para.speaker_at.append(pos)
                para.speaker_positions[pos] = para.speaker_positions.get(pos, 0) + 1
            opening = cue.kind == "intro" and cue.word.startswith(("based on", "the following"))
            if cue.covers_paragraph and (opening or not r.claims or cue.word == "source:") and para.covering is None:
                para.covering = (pos, cue)
    para.starts_quoted = bool(readings) and readings[0].cues.starts_quoted
    para.long = len(readings) > LONG_PARAGRAPH
    if previous and para.starts_quoted:
        last = previous[-1]
        near = previous[-NEAR_BEFORE:] if len(previous) > LONG_PARAGRAPH else previous
        para.introduced = last.cues.ends_with_colon or any(is_speaker(c) for p in near for c in p.cues.cues)
    return para


# --- features --------------------------------------------------------------------------


@dataclass
class CueIndex:
    """A sentence's cues arranged for lookups by a figure's offset (built once per sentence,
    so that a sentence with thousands of figures and cues stays linear)."""

    named: list[Cue]  # named cues of NAMED_KINDS, sorted by their cue word
    named_at: list[int]
    first: dict[str, int]  # category -> smallest cue-word offset
    last: dict[str, int]  # category -> largest cue-word offset
    ends: list[int]  # ends of the clause-opening cues (speech, intro ... ), sorted
    said_ends: list[int]  # ends of reporting cues with a named, pronoun or definite subject, sorted
    said_cues: list[Cue]  # those cues, in the same order
    according: list[Cue]  # named "according to" cues
    that_ends: list[int]  # ends of those followed by "that", sorted
    subject_starts: list[int]  # speech cues whose subject comes first, sorted by subject start
    subject_max_at: list[int]  # running maximum of their cue word
    trailing_max_at: int  # the last cue word of a cue that closes the sentence, -1 if none
    trailing: Cue | None  # that cue
    opening_min_end: int  # the end of a cue that opens the sentence, a large number if none
    flags: dict[str, float]  # the features that do not depend on the figure
    rule: dict[str, Cue]  # first link, vague phrase, trailing source, vague subject, hedge, tweet
    tweet_at: int  # the last tweet signature's offset, -1 if none
    quote_speaker: Cue | None  # a speaker outside quotation marks in the sentence
    thing_keys: frozenset[tuple]  # (unit, head noun) of the sentence's claims
    vague_ends: list[int]  # ends of vague cues (phrases, vague subjects, hedges), sorted
    vague_by_end: list[Cue]
    vague_after_starts: list[int]  # starts of vague cues set off by a comma (", analysts said") and of vague phrases, sorted
    vague_after: list[Cue]
    documents_in: list[Cue]  # named documents introduced by "in" ("in a CBS News poll"), by start

    def vague_covering(self, cues: SentenceCues, x: int) -> Cue | None:
        """A vague cue that covers offset x: before it in its clause ("Experts say the market
        grew 12%", "is projected to reach $150 billion"), after it set off by a comma
        ("..., analysts said"), or a vague phrase after it in its clause ("the $20 million
        experts say it costs"); not one in another clause ("... what lawmakers described")."""
        k = bisect.bisect_right(self.vague_ends, x)
        if k > 0 and not _break_between(cues, self.vague_ends[k - 1], x) \
                and not _between(cues.subordinators, self.vague_ends[k - 1], x):
            cue = self.vague_by_end[k - 1]
            if not (cue.kind == "hedge" and (cues.definite_before(x) or _in_closed_relative(cues, cue, x))):
                return cue  # a hedge projects the figure it governs, not "the $20 trillion national debt"
        k = bisect.bisect_right(self.vague_after_starts, x)
        if k < len(self.vague_after_starts) and self.vague_after_starts[k] - x <= 80:
            cue = self.vague_after[k]
            if cues.comma_before(cue.start) or not _break_between(cues, x, cue.start):
                return cue  # ", analysts said"; "the minimum $20 million experts say it costs"
        return None

    def covering(self, x: int, f: dict) -> Cue | None:
        """The cue that a rule found covering offset x (see `attributed_by_rule`), if any."""
        if f.get("rule:said_before"):
            return self.said_cues[bisect.bisect_right(self.said_ends, x) - 1]
        if f.get("rule:according_to") and self.according:
            return min(self.according, key=lambda c: abs(c.at - x))
        if f.get("rule:trailing"):
            return self.trailing
        if f.get("rule:quote_speaker"):
            return self.quote_speaker
        if f.get("rule:document_after"):
            return self.document_after(x)
        return None

    def document_after(self, x: int) -> Cue | None:
        """The first document introduced by "in" that starts after offset x."""
        k = bisect.bisect_left([c.start for c in self.documents_in], x)
        return self.documents_in[k] if k < len(self.documents_in) else None

    def nearest(self, x: int) -> Cue | None:
        """The named cue whose cue word stands closest to offset x."""
        if not self.named:
            return None
        k = bisect.bisect_left(self.named_at, x)
        near = [self.named[j] for j in (k - 1, k) if 0 <= j < len(self.named)]
        return min(near, key=lambda c: abs(c.at - x))


_BIG = 1 << 60
DOCUMENT_AFTER_GAP = 3  # characters between a figure and "in <a named document>" that covers it


RULES = ("rule:trailing", "rule:said_before", "rule:according_to", "rule:quote_speaker", "rule:document_after")


def attributed_by_rule(x: dict) -> bool:
    """Attribution structures no editor doubts, decided before the model: a reporting verb
    with a named subject before the figure in its clause ("The CBO said on Wednesday that
    ... 13 million"), "according to X" in its clause, a closing ", the ministry said.", a
    quotation whose speaker the sentence names, a named document right after the figure
    ("led Jones by six percentage points in a CBS News poll"). Not when the figure describes
    the speaker ("Smith, who won 52 percent, said")."""
    return not x.get("rule:inside_subject") and any(x.get(r) for r in RULES)


def index_cues(reading: SentenceReading) -> CueIndex:
    """Arrange one sentence's cues for the per-figure features (see `claim_features`)."""
    cues = reading.cues
    sentence_end = reading.end - reading.start
    named = sorted((c for c in cues.cues if c.grade == "named" and c.kind in NAMED_KINDS), key=lambda c: c.at)
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    flags: dict[str, float] = {}
    ends, that_ends, subjects, said_ends, according = [], [], [], [], []
    trailing_max_at, opening_min_end, trailing = -1, _BIG, None
    for c in named:
        if c.kind in ("speech", "intro", "possessive", "label", "content"):
            cat = "pronoun" if c.subject == "pronoun" else "named"
            first[cat] = min(first.get(cat, _BIG), c.at)
            last[cat] = max(last.get(cat, -1), c.at)
            if c.kind == "speech" and 0 <= c.subject_start < c.at:
                subjects.append((c.subject_start, c.at))
        if c.kind == "intro":
            flags["according_to" if c.word.startswith("according") else "in_document" if c.word == "in"
                  else "source_intro"] = 1.0
        if c.subject == "document" or c.kind == "possessive":
            flags["document_source"] = 1.0
        for kind, feature in (("label", "speaker_label"), ("trailing", "trailing_source"),
                              ("cognitive", "cognitive_cue"), ("plan", "plan_cue")):
            if c.kind == kind:
                flags[feature] = 1.0
        if (c.kind in ("speech", "intro") and c.word != "in" and c.subject in ("name", "pronoun", "descriptor", "document")) \
                or (c.kind == "content" and c.subject == "document"):
            said_ends.append((c.end, c.at, c))
            if c.word.startswith("according"):
                according.append(c)
        if c.kind in ("speech", "intro", "label", "content", "possessive", "cognitive", "plan"):
            ends.append(c.end)
            if cues.that_after(c.end):
                that_ends.append(c.end)
            if c.kind in ("speech", "intro") and c.word != "in" and cues.comma_before(c.start) and (
                    sentence_end - c.end <= 60 or cues.comma_before(c.end + 1)):
                if c.at > trailing_max_at:  # "..., Romero said." / "..., says X, director of ..."
                    trailing_max_at, trailing = c.at, c
            if c.start <= cues.first_word + 1:
                opening_min_end = min(opening_min_end, c.end)
    for c in cues.cues:
        if c.grade == "none" and c.kind in ("speech", "cognitive", "plan"):
            flags["figure_is_subject" if c.subject == "figure" else "verb_without_subject"] = 1.0
    if cues.speech_event:
        flags["speech_event"] = 1.0
    if cues.question:
        flags["question"] = 1.0
    if len(reading.claims) >= 3:
        flags["several_figures"] = 1.0
    subjects.sort()
    running, maxima = -1, []
    for _s, at in subjects:
        running = max(running, at)
        maxima.append(running)
    rule: dict[str, Cue] = {}
    for c in cues.cues:
        kind = ("link" if c.grade == "linked" else "vague" if c.kind == "vague" else "trailing" if c.kind == "trailing"
                else "tweet" if c.kind == "tweet" else "hedge" if c.kind == "hedge"
                else "vague_subject" if c.grade == "vague" else "")
        if kind and kind not in rule:
            rule[kind] = c
    said_ends.sort(key=lambda e: (e[0], e[1]))
    vague = sorted(((c.end, c.start, c) for c in cues.cues if c.grade == "vague"), key=lambda e: (e[0], e[1]))
    vague_after = sorted(((c.start, c.end, c) for c in cues.cues
                          if c.grade == "vague" and (cues.comma_before(c.start) or c.kind == "vague")),
                         key=lambda e: (e[0], e[1]))
    return CueIndex(
        named, [c.at for c in named], first, last, sorted(ends), [e for e, _a, _c in said_ends],
        [c for _e, _a, c in said_ends], according, sorted(that_ends), [s for s, _a in subjects], maxima,
        trailing_max_at, trailing, opening_min_end, flags, rule, max((c.at for c in cues.cues if c.kind == "tweet"), default=-1),
        next((c for c in cues.cues if is_speaker(c) and not reading.in_quote(c.at)), None),
        frozenset(thing_key(c) for c in reading.claims if c.counted),
        [e for e, _s, _c in vague], [c for _e, _s, c in vague],
        [s for s, _e, _c in vague_after], [c for _s, _e, c in vague_after],
        sorted((c for c in named if c.kind == "intro" and c.word == "in" and c.subject == "document"), key=lambda c: c.start),
    )


def thing_key(claim: Claim) -> tuple:
    """What a figure counts, for "the same kind of thing": its unit and head noun."""
    return (claim.unit, claim.counted.split()[-1] if claim.counted else "")


def claim_features(claim: Claim, reading: SentenceReading, position: int, paragraph_readings: list[SentenceReading],
                   paragraph: ParagraphReading) -> dict[str, float]:
    """The model's features for one figure (`position`: its sentence's place in the
    paragraph). Every lookup is a binary search or a dictionary read in the sentence's
    CueIndex and the paragraph's reading: no rescan of the sentence per figure."""
    x = claim.start - reading.start
    xe = claim.end - reading.start
    cues = reading.cues
    ix = reading.index_
    f: dict[str, float] = dict(ix.flags)
    for cat, before, after in (("named", "named_cue_before", "named_cue_after"),
                               ("pronoun", "pronoun_cue_before", "pronoun_cue_after")):
        if ix.first.get(cat, _BIG) < x:
            f[before] = 1.0
        if ix.last.get(cat, -1) >= x:
            f[after] = 1.0
    k = bisect.bisect_left(ix.subject_starts, x)
    if k > 0 and ix.subject_max_at[k - 1] >= xe:
        f["figure_inside_subject"] = 1.0  # "Smith, who won 52 percent, said"
        f["rule:inside_subject"] = 1.0
    if ix.trailing_max_at > x:
        f["trailing_attribution"] = 1.0
        f["rule:trailing"] = 1.0  # "..., the ministry said."
    k = bisect.bisect_right(ix.said_ends, x)
    if k > 0 and not _between(cues.strong_breaks, ix.said_ends[k - 1], x) and not _between(cues.subordinators,
                                                                                         ix.said_ends[k - 1], x):
        f["rule:said_before"] = 1.0  # "The CBO said on Wednesday that ... 13 million" (not "... tweeted after a man killed 49")
    if any(a <= x < b for a, b in cues.asides):
        f["figure_inside_subject"] = 1.0  # ", said Hayati Camlica, who ... donated $2,400"
        f["rule:inside_subject"] = 1.0
    document = ix.document_after(xe)
    if document is not None and document.start - xe <= DOCUMENT_AFTER_GAP and not _break_between(cues, xe, document.start):
        f["rule:document_after"] = 1.0  # "Moore led Jones by six percentage points in a CBS News poll"
    for c in ix.according:
        lo, hi = sorted((c.at, x))
        if not _break_between(cues, lo, hi):
            f["rule:according_to"] = 1.0
            break
    if ix.opening_min_end < x:
        f["cue_opens_sentence"] = 1.0
    k = bisect.bisect_right(ix.ends, x)
    if k > 0 and not _break_between(cues, ix.ends[k - 1], x):
        f["same_clause_after_cue"] = 1.0
        if x - ix.ends[k - 1] <= 60:
            f["cue_near_before"] = 1.0
    k = bisect.bisect_right(ix.that_ends, x)
    if k > 0 and not _break_between(cues, ix.that_ends[k - 1], x):
        f["that_clause"] = 1.0
    nearest = ix.nearest(x)
    if nearest is not None:
        if _distance(nearest, x, xe) > FAR:
            f["cue_far"] = 1.0
        lo, hi = sorted((nearest.at, x))
        if _break_between(cues, lo, hi):
            f["cue_other_clause"] = 1.0
    others = len(paragraph.speakers_near(position)) - paragraph.speaker_positions.get(position, 0)
    if reading.in_quote(x):
        f["in_quote"] = 1.0
        if ix.quote_speaker is not None:
            f["quote_speaker_in_sentence"] = 1.0
            f["rule:quote_speaker"] = 1.0
        elif others:
            f["quote_speaker_in_paragraph"] = 1.0
        elif paragraph.introduced:
            f["quote_speaker_before_paragraph"] = 1.0
    elif cues.quotes:
        f["quote_elsewhere"] = 1.0
    if position > 0:
        previous = paragraph_readings[position - 1]
        if previous.index_.named:
            f["previous_named_cue"] = 1.0
            if claim.counted and thing_key(claim) in previous.index_.thing_keys:
                f["previous_same_thing"] = 1.0
        if previous.cues.ends_with_colon:
            f["previous_ends_with_colon"] = 1.0
    if others:
        f["paragraph_named_cue"] = 1.0
    if x <= cues.first_word:
        f["figure_first"] = 1.0
    if cues.mentions and cues.mentions[0] < x:
        f["document_mentioned_before"] = 1.0
    if cues.anaphoric and position > 0:
        f["anaphoric_start"] = 1.0
    return f


def _in_closed_relative(cues: SentenceCues, cue: Cue, x: int) -> bool:
    """Whether `cue` sits in a relative clause (", which is estimated to be five times the
    mass of our sun,") that a comma closes before offset x: it governs that clause only."""
    k = bisect.bisect_left(cues.relatives, (cue.start, -2)) - 1  # the nearest relative opening before the cue
    return k >= 0 and cue.end <= cues.relatives[k][1] < x


def _between(offsets: list[int], lo: int, hi: int) -> bool:
    k = bisect.bisect_right(offsets, lo)
    return k < len(offsets) and offsets[k] < hi


def _break_between(cues: SentenceCues, lo: int, hi: int) -> bool:
    k = bisect.bisect_right(cues.clause_breaks, lo)
    return k < len(cues.clause_breaks) and cues.clause_breaks[k] < hi


def _distance(cue: Cue, x: int, xe: int) -> int:
    if cue.at < x:
        return x - max(cue.at, cue.end if cue.end <= x else cue.at)
    return max(0, cue.at - xe)


