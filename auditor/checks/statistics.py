"""Statistics: every figure in the body, graded by what stands behind it.

The document is read once: each prose sentence's cues (`attribution.py`) and claims
(`claims.py`), its quotation state, and per paragraph its speakers and any closing
attribution. Each figure is then graded:

1. linked: a link, citation or resolving footnote in its sentence;
2. vague: an explicitly vague phrase in its sentence ("experts say", "and other sources");
3. the attribution model (`attribution_model.py`, learned from PolNeAR) scores the figure
   from its features; below the threshold it is attributed, to the cue that covers it
   (named: a speaker, organisation or document; vague: "officials", "a report");
4. otherwise, by convention: a paragraph's closing attribution covers its figures
   ("..., based on information from Reuters and other sources"); an agentless hedge or a
   vague subject in the sentence makes it vague ("is projected to", "analysts said");
5. otherwise it is unsupported, and the finding says what was looked for.

A figure of public record (a provision of a bill or law, a vote, an election result, a
court's bond: `claims.record_kind`) is graded "none" of kind "record" and never reported.

A figure repeating one sourced elsewhere in the article inherits that source. Everything
is linear in the document: each sentence and paragraph is read once and looked up after.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, replace

from ..claim import Claim, GradedClaim, Support
from ..context import DocumentContext
from ..data import load_toml, phrase_alternation
from ..regex import compile as compile_pattern, phrase_pattern, scanner
from ..findings import Severity
from ..rules import Rule
from ..text import TWEET_CHARS, Sentence, dateline_agency
from .attribution import HEADING, Cue, footnote_references, reaches_paragraph, read_marks, read_sentence
from .attribution_model import (
    LONG_PARAGRAPH, NEAR_AFTER, NEAR_BEFORE, Model, ParagraphReading, SentenceReading, attributed_by_rule,
    claim_features, index_cues, load_model, read_paragraph, set_quote_states, thing_key,
)
from .claims import continues_list, extract_claims, record_kind, record_patterns, same_provision
from .facts import compatible, is_comparison, restates, sentence_years

EARLIER_KEPT = 8  # earlier figures of a fact a figure is held against (ST004)



class Unsupported(Rule):
    """A statistic with no source at all.

    Not statistics, never reported: ages, dates, times, durations, addresses, ordinals of
    a sequence ("a second round"), names with numbers ("type 2 diabetes", "FTSE 100"),
    thresholds ("children under 13", "income above $100,000"), the ends of a rating scale,
    sentences in court, game scores, and prices quoted in market copy ("shares rose 1.2
    percent", "the index rose 0.2% to 3,464.29"). Nor are figures of public record, by
    ST001-ST003 (claims.record_kind): what a bill, law, plan or budget sets ("cutting the
    top corporate tax rate to 20 percent", "a $10,000 cap", "51 votes needed", "the $44
    billion requested by the administration"), votes of a named body ("12 Republicans voted
    against"), election results ("won by 1.5 percentage points", "52 of the Senate's 100
    seats"), amounts a court sets ("a $5 million bond"), counts anyone can read off a post
    ("more than 17 million followers"), the signers of a call the story reports ("About
    1,500 former staffers have urged ..."), an organisation's staff given to describe it ("a
    department with more than 240,000 employees"), a product's specification ("603
    horsepower") and a count in what an authority did ("authorities intercepted boats
    carrying nearly 70 migrants"); nor the article's own arithmetic on figures it gave just before ("That
    means 69,440 voters ..." after 2.24 percent of 3.1 million). A source counts in the
    sentence, earlier in its paragraph, as a quotation's speaker, or closing the paragraph
    ("Source: Washington Post").

    Bad: "Baidu's stock saw a 5% drop earlier in the week." (whose figure?)

    Good: "Baidu's shares fell 5% on Tuesday, according to Hong Kong exchange data
    (https://...)."
    """

    code = "ST001"
    name = "statistics.unsupported"
    # A note until its measured precision on real copy reaches a warning's 0.90 (see the
    # README's evaluation): bill provisions, public records and pasted tweets still pass.
    severity = Severity.INFO


class VagueAttribution(Rule):
    """A statistic attributed to no one in particular ("experts say", "reports suggest",
    "state-run research institutes", "Reuters and other sources", "is projected to").

    Bad: "Chinese state-run research institutes reported the launch of 79 large language
    models."

    Good: "The China Academy of Information and Communications Technology counted 79
    large language models in its 2023 report."
    """

    code = "ST002"
    name = "statistics.vague-attribution"
    severity = Severity.INFO  # a note until measured at 0.90 or more (README, evaluation)


class UnlinkedSource(Rule):
    """A statistic whose source is a document or an organisation's data, named but not
    linked or cited.

    The source must be one an editor would want to open: a report, study, survey, poll or
    dataset, an organisation that publishes figures ("the Bureau of Labor Statistics"), a
    credit closing the paragraph ("Source: Washington Post"), or "it estimated". What a
    person says needs no link: a figure a senator or a sheriff gives is not reported.

    Bad: "China accounts for 38,000 of the 54,000 patents, according to a report published
    by the World Intellectual Property Organization."

    Good: the same sentence with a link to the WIPO report, or an (Org, Year) citation.
    """

    code = "ST003"
    name = "statistics.unlinked-source"
    severity = Severity.INFO


class Inconsistent(Rule):
    """One article gives the same quantity two values that cannot both hold.

    Two sentences of the article say nearly the same thing (half their words in common)
    and count the same thing with the same scope and years, but their values cannot both
    be right. Comparisons ("up from", "compared with") state no single fact.

    Bad: "The regulator has approved 40 large language models so far." ... "Critics note
    that the regulator has approved 25 large language models so far."

    Good: one figure, or figures whose difference is explained ("40 in total, 25 this year").
    """

    code = "ST004"
    name = "statistics.inconsistent"
    severity = Severity.WARNING


RULES = (Unsupported, VagueAttribution, UnlinkedSource, Inconsistent)


# --- reading the document once ---------------------------------------------------------


def read_document(ctx: DocumentContext) -> list[list[SentenceReading]]:
    """The body's prose sentences grouped by paragraph (in order), read where a figure
    needs them: a paragraph that holds a claim, and the one before it (a quotation that
    opens a paragraph takes its speaker from there). Other paragraphs are left out: no
    claim of theirs is graded and nothing reads them. In a long paragraph (a whole article
    run together: attribution_model.LONG_PARAGRAPH) only the sentences within reach of a
    figure (NEAR_BEFORE before it, NEAR_AFTER after) and those that may reach across the
    paragraph (a closing source, a speaker label, a tweet's signature) are read for cues;
    the others are read for their quotation marks only. So the attribution reader, the
    costly part of this check, runs near figures, not on every sentence. Sentences glued
    without a space ("five years ago.On Sunday, ...") are two (text.py splits them)."""
    text = ctx.text
    groups: list[list[tuple[int, Sentence, list[Claim]]]] = []
    for i, s in ctx.body_sentences():
        if not groups or groups[-1][0][1].block != s.block:
            groups.append([])
        groups[-1].append((i, s, extract_claims(text, s.start, s.end, i)))
    with_claims = [any(claims for _i, _s, claims in group) for group in groups]
    references = footnote_references(text) if any(with_claims) else {}
    desk_vague = phrase_pattern(ctx.config.vocabulary.vague_cues)
    paragraphs: list[list[SentenceReading]] = []
    for k, group in enumerate(groups):
        if not (with_claims[k] or (k + 1 < len(groups) and with_claims[k + 1])):
            continue
        near = _near_figures(group)
        quoted = False  # a quotation runs on across sentences, not across paragraphs
        readings = []
        for position, (i, s, claims) in enumerate(group):
            sentence = text[s.start:s.end]
            if near is None or position in near or reaches_paragraph(sentence):
                cues = read_sentence(sentence, references, desk_vague)
            else:
                cues = read_marks(sentence)
            reading = SentenceReading(i, s.block, s.start, s.end, cues, claims)
            quoted = set_quote_states(reading, quoted)
            reading.index_ = index_cues(reading)
            readings.append(reading)
        paragraphs.append(readings)
    return paragraphs


def _near_figures(group: list[tuple[int, Sentence, list[Claim]]]) -> set[int] | None:
    """The positions of a long paragraph's sentences within reach of a figure (None: a
    paragraph read whole). A paragraph with no figure (read for the one after it) is read
    in its last NEAR_BEFORE sentences."""
    if len(group) <= LONG_PARAGRAPH:
        return None
    positions = [p for p, (_i, _s, claims) in enumerate(group) if claims] or [len(group)]
    near: set[int] = set()
    for p in positions:
        near.update(range(max(0, p - NEAR_BEFORE), min(len(group), p + NEAR_AFTER + 1)))
    return near


@dataclass(frozen=True)
class Decision:
    """How one figure's grade is reached: the rule before the model (a link, a vague
    phrase), the source the model's "attributed" would point to, the conventions after it
    (a paragraph's closing source, a hedge, or unsupported with a reason), and the score."""

    features: dict
    before: Support | None
    evidence: Support | None
    after: Support
    score: float
    record: str = ""  # not a statistic: "provision", "vote", "election", "court", "observable", "actors", "size", "act",
    # "spec", "history" (public record), "derived" (the article's arithmetic), "ordinal"

    def support(self, threshold: float) -> Support:
        if self.before is not None:
            return self.before
        if self.evidence is not None and self.score < threshold:
            return self.evidence
        return self.after

    @property
    def model_decides(self) -> bool:
        """Whether the model's score can change the grade (what training learns from)."""
        return self.before is None and self.evidence is not None and self.after.grade == "none"


def grade_claims(ctx: DocumentContext, model: Model | None = None) -> list[GradedClaim]:
    """Claims of the body, each with its support (see the module docstring for the order)."""
    model = model or load_model()
    graded = [GradedClaim(claim, _record(d.record) if d.record else d.support(model.threshold), text)
              for claim, text, d in decide_claims(ctx, model)]
    return inherit_repeated_values(graded)


_RECORD_REASONS = {
    "provision": "what a bill, law, plan or budget sets",
    "vote": "a vote of a named body",
    "election": "an election result",
    "court": "an amount a court set",
    "observable": "a count anyone can read off a post or an account (followers, likes, views)",
    "actors": "the people doing what the story reports (the signers of a letter or a call) are its source",
    "size": "the size of an organisation given to describe it (a department with 240,000 employees)",
    "derived": "the article's own arithmetic on the figures it gives just before",
    "spec": "a product's specification, which its maker publishes (horsepower, torque, battery capacity)",
    "act": "counted in what an authority did (authorities intercepted boats carrying 70 migrants): the authority is its source",
    "history": "the toll of one past event the sentence dates by a year (an earthquake in January 2010 that killed 300,000), "
               "recalled as settled background",
    "ordinal": "an ordinal ('fourth quarter', 'second place'), a place in a sequence, not a figure",
}


def _record(kind: str) -> Support:
    """A figure of public record (claims.record_kind): never reported, whatever cue is near."""
    return Support("none", kind="record", reason=_RECORD_REASONS[kind])


def decide_claims(ctx: DocumentContext, model: Model | None = None) -> list[tuple[Claim, str, Decision]]:
    """Every claim of the body with its sentence's text and its Decision (one reading of
    the document; also what `evaluation/train_attribution.py` learns from)."""
    model = model or load_model()
    out: list[tuple[Claim, str, Decision]] = []
    previous: list[SentenceReading] | None = None
    records = record_patterns()
    listed = records.provisions_listed.search(ctx.text)
    listing_from = listed.end() if listed else len(ctx.text) + 1  # a list of provisions from here on
    provisions: dict[tuple[float, str], str] = {}  # figures already read as provisions, and what they count
    poll: Support | None = None
    for number, sentences in enumerate(read_document(ctx)):
        if number == 0:
            poll = _poll_of_forecasters(ctx.text, sentences[:LEDE_SENTENCES])
        paragraph = read_paragraph(sentences, previous)
        signatures = _next_signatures(sentences)
        introduced = _introduced_quotations(ctx.text, sentences)
        tagged = _tagged_quotations(ctx.text, sentences)
        for position, reading in enumerate(sentences):
            sentence_text = ctx.text[reading.start:reading.end]
            continued = _continued_source(reading, position, sentences, ctx.text) if reading.claims else None
            if continued is None and position == 0 and reading.claims and previous:
                continued = _subgroup_of_previous(ctx.text, reading, previous)
            legislative = bool(reading.claims) and (reading.start >= listing_from
                                                    or records.legislative.search(sentence_text) is not None)
            prior: tuple[Claim, str] | None = None  # the sentence's previous figure and its record kind
            inputs = [c for r in sentences[max(0, position - DERIVED_REACH):position] for c in r.claims][-DERIVED_INPUTS:]
            reporters = _reporters(reading) if reading.claims else ([], [])
            last: Claim | None = None  # the sentence's previous figure
            for claim in reading.claims:
                alternative_at = last.start - reading.start if last is not None and ALTERNATIVE_GAP.search(
                    ctx.text[last.end:claim.start]) else -1
                last = claim
                x = claim_features(claim, reading, position, sentences, paragraph)
                d = decide(claim, x, reading, position, sentences, paragraph, model, continued, *signatures[position],
                           introduced[position], _relative_reporter(claim, reading, sentence_text, reporters), poll,
                           alternative_at, tagged[position])
                record = "ordinal" if claim.unit == "rank" else record_kind(
                    sentence_text, claim.start - reading.start, claim.end - reading.start, claim.counted, claim.unit,
                    legislative)
                if not record and prior is not None and prior[1] not in ("", "ordinal", "actors") \
                        and prior[0].unit == claim.unit and continues_list(ctx.text[prior[0].end:claim.start]):
                    record = prior[1]  # "to 14.5 percent for liquid assets and 7.5 percent for illiquid holdings",
                    # "under unsecured bonds of $10 million and $5 million, respectively"
                if not record and legislative and same_provision(
                        sentence_text, claim.start - reading.start, claim.end - reading.start, claim.counted,
                        claim.unit, provisions.get((claim.value, claim.unit))):
                    record = "provision"  # the same provision again: "CORPORATE TAX RATE: Falls to 21 percent ...
                    # Going to 21 percent gave tax writers more federal revenue"
                if not record and inputs and derived_from(claim, inputs, sentence_text, reading.start):
                    record = "derived"  # "... estimated that 3.1 million voters turned out ... That means 69,440 ..."
                if record == "provision":
                    provisions.setdefault((claim.value, claim.unit), claim.counted)
                prior = (claim, record)
                out.append((claim, sentence_text, replace(d, record=record) if record else d))
        previous = sentences
    return out


def decide(claim: Claim, x: dict, reading: SentenceReading, position: int, sentences: list[SentenceReading],
           paragraph: ParagraphReading, model: Model, continued: Support | None = None,
           signature: int = -1, after_signature: bool = False,
           introduced: tuple[Support, int] | None = None, reporter: Cue | None = None,
           poll: Support | None = None, alternative_at: int = -1, tagged: Support | None = None) -> Decision:
    """One figure's Decision: rules for links and vague phrases, the model's score and the
    evidence it would point to, then the conventions for a paragraph's closing source and
    for hedges and vague subjects (the consensus of a poll of forecasters the story opens
    with, `poll`, is that poll's; a figure given as another value of an earlier figure of
    its sentence, at `alternative_at`, has that figure's vague source; a quotation's figure
    is its speaker's, given by the tag after it, `tagged`)."""
    rules = reading.index_.rule
    before = None
    at = claim.start - reading.start
    covering_vague = reading.index_.vague_covering(reading.cues, at)
    if covering_vague is None and alternative_at >= 0:
        # "Congressional researchers have estimated the tax plans ... would add $1.5 trillion ...,
        # before any projected positive effects on the economy, or $1 trillion after such effects"
        covering_vague = reading.index_.vague_covering(reading.cues, alternative_at)
    if covering_vague is not None and covering_vague.source.lower() in DEFERRING_VAGUE \
            and _named_reporter(reading, at) is not None:
        covering_vague = None  # "... reportedly donated 30,000 backpacks ..., the news outlet reported"
    owner = _role_owner(covering_vague, reading)
    if owner is not None:
        covering_vague = None  # "The Saudi government ... plans a sale officials say could raise $100 billion"
    rule = rules.get("link") or (covering_vague if covering_vague is not None and covering_vague.kind == "vague" else None) \
        or rules.get("trailing")
    if rule:
        before = _support(rule, reading)
    elif (label := paragraph.speaker_label(position)) is not None and (label[1].word != HEADING or reading.in_quote(at)):
        pos, cue = label  # a transcript: "Reed: ... we give him $54 billion ..."; a heading's quotation
        before = _support(cue, sentences[pos], kind="transcript")
    elif reading.index_.tweet_at > claim.start - reading.start:
        before = _support(rules["tweet"], reading, kind="tweet")  # the text before a tweet's signature is the tweet
    elif signature > position and reading.index_.tweet_at < 0 and (signature == position + 1 or (
            after_signature and sentences[signature].start + sentences[signature].index_.tweet_at - claim.start
            <= TWEET_CHARS)):
        # The sentence before a tweet's signature is the tweet's; so is all the text between
        # two signatures ("...August 15, 2017Meanwhile: 39 shootings in Chicago this weekend,
        # 9 deaths. Why is that? ... Jack Posobiec (@JackPosobiec) August 14, 2017"), at most
        # a tweet's length back.
        nxt = sentences[signature]
        before = _support(nxt.index_.rule["tweet"], nxt, kind="tweet")
    if before is None and introduced is not None and at >= introduced[1]:
        before = introduced[0]  # "Trump said: ... If Ray wins, [Democrats] will pour in $30 million."
    if before is None and tagged is not None and reading.in_quote(at):
        before = tagged  # "“You’ve got 5 million advertisers and ...?” Kennedy asked Stretch."
    if before is None and owner is not None:
        before = _support(owner, reading, kind="officials of")
    if before is None and reporter is not None:  # "almost all of that 700 to 900 miles that Trump mentioned"
        before = _support(reporter, reading)
    p = model.score(x)
    evidence = _evidence(claim, x, reading, position, sentences, paragraph)
    if before is None and evidence is not None and attributed_by_rule(x):
        before = evidence
    vague_subject = covering_vague
    if paragraph.covering is not None and _covers(paragraph.covering, sentences, position, at):
        pos, cue = paragraph.covering
        after = _support(cue, sentences[pos], kind="paragraph")
    elif continued is not None and (vague_subject is None or vague_subject.kind == "hedge"):
        after = continued  # "According to the UN, ... . The number is expected to climb to 1.7 billion"
    elif vague_subject is not None:
        after = poll if poll is not None and _polled(vague_subject) else _support(vague_subject, reading)
    elif reading.cues.definite_before(at) and claim.counted and (
            claim.unit not in ("count", "rank") or (claim.unit == "count" and claim.counted.split()[-1] in JURISDICTIONS)):
        after = Support("none", kind="presupposed", reason="a known quantity named in passing")  # "the $20 trillion national debt",
        # "the 39 states that rely on the federal Healthcare.gov website"
    else:
        after = Support("none", reason=_unsupported_reason(claim, x, reading, model))
    return Decision(x, before, evidence, after, p)


def _poll_of_forecasters(text: str, lede: list[SentenceReading]) -> Support | None:
    """The poll of forecasters a story opens with ("... according to nearly half of the
    property market experts polled by Reuters"), as the source of the consensus it reports."""
    for reading in lede:
        found = POLL_OF_FORECASTERS.search(text[reading.start:reading.end])  # RE2 reads a slice, not the whole text
        if found is not None:
            return Support("named", found.group(), reading.start + found.start(), reading.start + found.end(),
                           kind="poll", word="polled")
    return None


def _polled(vague: Cue) -> bool:
    """Whether a vague source may be a poll's consensus: an agentless hedge ("is expected to
    gain 5.1 percent") or the group the poll asked ("Property analysts now forecast ...")."""
    words = _words(vague.source)
    return vague.kind == "hedge" or (bool(words) and words[-1] in POLLED_GROUPS)


def derived_from(claim: Claim, inputs: list[Claim], sentence: str, sentence_start: int) -> bool:
    """Whether a figure is the article's own arithmetic on figures of the sentences just before
    it: introduced as a result ("That means 69,440 voters ...", "bringing the total to ...")
    and equal, within DERIVED_TOLERANCE, to a sum, difference, product, share or ratio of two
    of them (2.24 percent of 3.1 million is 69,440). At most DERIVED_INPUTS figures are tried,
    so the pairs stay bounded."""
    at = claim.start - sentence_start
    if not DERIVED_CUE.search(sentence[max(0, at - DERIVED_CUE_CHARS):at]):
        return False
    target = claim.value
    for i, a in enumerate(inputs):
        for b in inputs[i + 1:]:
            x, y = a.value, b.value
            candidates = [x + y, abs(x - y), x * y]
            if a.unit == "percent" or b.unit == "percent":
                candidates.append(x * y / 100)
            if y:
                candidates.append(x / y * 100)
            if x:
                candidates.append(y / x * 100)
            if any(c and abs(c - target) <= DERIVED_TOLERANCE * abs(c) for c in candidates):
                return True
    return False


def _tagged_quotations(text: str, sentences: list[SentenceReading]) -> list[Support | None]:
    """Per sentence of a paragraph, the speaker of a quotation it closes with a question or
    an exclamation when the next sentence is only that quotation's speech tag: "“You’ve got 5
    million advertisers and you’re going to tell me ...?” Kennedy asked Stretch." (the mark
    before the closing quotation mark ends the sentence, and the tag is read as one of its own).
    The tag opens with its speaker and verb (or "asked Kennedy"), holds at most a few words
    more (whom it was asked of, when: TAG_REST), and no figure or vague source of its own."""
    out: list[Support | None] = [None] * len(sentences)
    for position in range(len(sentences) - 1):
        reading, tag = sentences[position], sentences[position + 1]
        if not reading.claims or not QUESTION_CLOSED.search(text[reading.start:reading.end]):
            continue
        if tag.claims or tag.index_.vague_by_end:
            continue  # a sentence of its own ("... ?” Critics say the company has 6 million.")
        cue = next((c for c in tag.cues.cues if c.kind == "speech" and c.grade == "named"), None)
        if cue is not None and min(cue.start, cue.subject_start) <= tag.cues.first_word \
                and TAG_REST.fullmatch(text[tag.start + cue.end:tag.end]):
            out[position] = _support(cue, tag, kind="quotation")
    return out


def _introduced_quotations(text: str, sentences: list[SentenceReading]) -> list[tuple[Support, int] | None]:
    """Per sentence of a paragraph, the speaker of a quotation a colon introduced and the
    offset (in the sentence) from which it speaks: "Trump said: Luther Strange is going to be
    a great Senator. ... If Ray wins, [Democrats] will pour in $30 million." Copy that lost
    its quotation marks (the farm drop) shows the quotation only so. The quotation runs from
    the colon (or "As Bloomberg reported,Three years ago": a comma glued to a capital) to the
    end of the sentence and on for at most QUOTATION_REACH sentences, until a sentence names
    a source of its own, a vague one, or the speaker by name ("Conway must be just as ignorant
    ...": the writer again; a name in [brackets] is an editor's insertion in the quotation).
    A colon that closes the sentence opens the quotation at the next one. The quoted
    speaker saying "I said ..." names no other source."""
    out: list[tuple[Support, int] | None] = [None] * len(sentences)
    current: Support | None = None
    speaker: str = ""
    left = 0
    for position, reading in enumerate(sentences):
        sentence = text[reading.start:reading.end]
        if current is not None and left > 0 and not _names_another(reading) and not reading.index_.vague_by_end \
                and speaker not in _words(BRACKETED.sub(" ", sentence)):
            out[position] = (current, 0)  # the speaker's words go on (they do not name the speaker)
            left -= 1
        else:
            current = None
        for cue in reading.cues.cues:
            if cue.grade != "named" or cue.kind not in ("speech", "intro") or reading.in_quote(cue.at):
                continue
            opened = INTRODUCES_QUOTATION.match(sentence[cue.end:cue.end + INTRODUCTION_CHARS])
            at_end = opened is None and len(sentence) - cue.end <= INTRODUCTION_CHARS \
                and INTRODUCES_NEXT_SENTENCE.match(sentence[cue.end:]) is not None
            if opened or at_end:  # "... had to say to the New York Times about his second meeting with Putin:"
                current, left = _support(cue, reading, kind="quotation"), QUOTATION_REACH
                speaker = (_words(cue.source) or [""])[-1]
                out[position] = (current, cue.end + opened.end() if opened else len(sentence))
    return out


def _names_another(reading: SentenceReading) -> bool:
    """Whether a sentence names a source of its own: a named cue whose subject is not "I",
    "we" or "you" (inside a quotation that lost its marks, "I said hello to Putin" and "you
    know" are the quoted speaker still talking)."""
    return any(not (c.subject == "pronoun" and (c.source.split() or [""])[0].lower() in SPEAKER_PRONOUNS)
               for c in reading.index_.named)


def _next_signatures(sentences: list[SentenceReading]) -> list[tuple[int, bool]]:
    """For each sentence of a paragraph: the position of the next sentence after it that
    holds a tweet's signature (-1 if none), and whether an earlier sentence of the paragraph
    holds one (the text between two signatures is a tweet). One pass each way."""
    following, nxt = [-1] * len(sentences), -1
    for position in range(len(sentences) - 1, -1, -1):
        following[position] = nxt
        nxt = position if sentences[position].index_.tweet_at >= 0 else nxt
    out, seen = [], False
    for position, reading in enumerate(sentences):
        out.append((following[position], seen))
        seen = seen or reading.index_.tweet_at >= 0
    return out


def _continued_source(reading: SentenceReading, position: int, sentences: list[SentenceReading],
                      text: str = "") -> Support | None:
    """A named or linked source in one of the two previous sentences of the paragraph, when
    this sentence counts the same kind of thing as that one ("With a good 6,000 patents, the
    USA is far behind in second place" after the WIPO sentence on 38,000 patents); a document
    that opens the paragraph ("According to Indian census data, ...") for the next
    OPENING_REACH sentences that name no source of their own; a poll whose answers go on; a
    source closing the next sentence that counts the same kind of thing ("..., and 11 percent
    more have been released. Only about 1 percent remain withheld, according to the National
    Archives.")."""
    keys = reading.index_.thing_keys
    seen: set = set()
    for back in range(position - 1, max(-1, position - 4), -1):
        earlier = sentences[back]
        seen |= earlier.index_.thing_keys
        if keys.isdisjoint(seen):
            continue  # a chain of sentences counting the same thing: "According to a Gallup poll, ...
        cue = earlier.index_.rule.get("link") or (earlier.index_.named[0] if earlier.index_.named else None)
        if cue is not None:  # ... Only 22 percent ...; In contrast, 66 percent ..."
            return _support(cue, earlier, kind="previous sentence")
    if position + 1 < len(sentences) and not reading.index_.named and not reading.index_.vague_by_end:
        after = sentences[position + 1]  # "... 88 percent have been available ..., and 11 percent more have
        closing = after.index_.trailing  # been released ... . Only about 1 percent have remained withheld
        if closing is not None and closing.grade == "named" \
                and not {thing_key(c) for c in reading.claims}.isdisjoint(thing_key(c) for c in after.claims):
            return _support(closing, after, kind="next sentence")  # in full, according to the National Archives."
    if 0 < position <= OPENING_REACH and not reading.index_.named and not reading.index_.vague_by_end:
        first = sentences[0]  # "According to Indian census data, ... fell from 9.4% ... . ... And the
        opening = next((c for c in first.index_.according  # state's median age is rising: from 26.7 ..."
                        if c.subject == "document" and c.start <= first.cues.first_word + 1), None)
        if opening is not None:
            return _support(opening, first, kind="paragraph opening")
    if position > 0 and not reading.index_.named and any(c.word in RESPONDENT_WORDS for c in sentences[position - 1].cues.cues):
        for back in range(position - 1, max(-1, position - 4), -1):  # a poll's answers go on: "... the
            earlier = sentences[back]  # Reuters/Ipsos poll showed. When asked ..., more than half of adults
            poll = next((c for c in earlier.index_.named if c.subject == "document"), None)  # surveyed
            if poll is not None:  # selected ... Twelve percent chose ..."
                return _support(poll, earlier, kind="previous sentence")
    if position > 0 and not reading.index_.named and all(c.kind == "hedge" for c in reading.index_.vague_by_end):
        # A document's figures go on in the next sentence: "... the poll found that 46 percent oppose
        # it. The strongest opposition came to ..., with 54 percent ..."; "... the bulk of the
        # request. It would pay for 20 more missiles."
        earlier = sentences[position - 1]
        document = next((c for c in earlier.index_.named if _is_document(c)), None) or \
            next((c for c in earlier.cues.cues if c.kind == "intro" and c.word.startswith("according")), None) or \
            next((c for c in earlier.index_.named if c.kind == "speech"
                  and IN_WRITING.match(text[earlier.start + c.end:earlier.end])), None)
        if document is not None:  # also "..., according to state officials. The blaze burned 14,000 acres.";
            # "..., the firms said in a statement. The units are expected to produce about 40,000 tonnes"
            return _support(document, earlier, kind="previous sentence")
        if reading.cues.anaphoric and earlier.cues.documents:
            at, source = earlier.cues.documents[-1]
            return Support("named", source, earlier.start + at, earlier.start + at + len(source), kind="previous sentence")
    return None


def _is_document(cue: Cue) -> bool:
    """Whether a named cue is a document: read as one ("a report by X"), or a name whose last
    word is a document's ("The American Nurses Foundation's Workforce Survey found")."""
    return cue.subject == "document" or (_words(cue.source) or [""])[-1] in _person_words()[1]


def _subgroup_of_previous(text: str, reading: SentenceReading, previous: list[SentenceReading]) -> Support | None:
    """A paragraph that opens on a part of the population the paragraph before described
    ("Among the nurses who left the workforce, over 60% cited burnout ...") goes on reporting
    the survey or study named there (in its last two sentences)."""
    if reading.index_.named or not SUBGROUP_OPENING.match(text[reading.start:reading.end]):
        return None
    for earlier in reversed(previous[-2:]):
        document = next((c for c in earlier.index_.named if _is_document(c)), None)
        if document is not None:
            return _support(document, earlier, kind="previous paragraph")
    return None


def _support(cue: Cue, reading: SentenceReading, kind: str = "") -> Support:
    return Support(cue.grade, cue.source, reading.start + cue.start, reading.start + cue.end, cue.covers_paragraph,
                   kind or cue.kind, word=cue.word)


def _covers(covering: tuple[int, Cue], sentences: list[SentenceReading], position: int, at: int) -> bool:
    """Whether a paragraph's covering source reaches the figure at offset `at` of sentence
    `position`. A closing source (", based on information from Reuters and other
    sources.") covers the whole paragraph; one that opens a list with a colon ("The
    following are known provisions ..., based on conversations with aides and lawmakers:")
    covers only what follows the colon."""
    pos, cue = covering
    cues = sentences[pos].cues
    strong = set(cues.strong_breaks)
    colon = next((b for b in cues.clause_breaks if b > cue.end - 1 and b not in strong), None)
    if colon is None:
        return True
    return position > pos or (position == pos and at > colon)


def _words(text: str) -> list[str]:
    return WORDS.findall(text.lower())


WORDS = scanner(r"[^\W\d_]+")
QUOTATION_REACH = load_toml("tuning.toml")["statistics"]["quotation_reach"]
INTRODUCTION_CHARS = 80  # a speaker's cue and the colon that opens the quotation: "told the New York Times on Sunday:"
INTRODUCES_QUOTATION = compile_pattern(r"[^.:;!?\n\"“”]{0,80}?(?::[ \t]*|,)[A-Z\[]")
INTRODUCES_NEXT_SENTENCE = compile_pattern(r"[^.:;!?\n\"“”]{0,80}?:\s*\z")  # the colon closes the sentence
BRACKETED = scanner(r"\[[^\[\]\n]{0,80}\]")  # "She [Melania Trump] was sitting": an editor's insertion, not the writer naming the speaker
SPEAKER_PRONOUNS = frozenset({"i", "we", "you"})  # the quoted speaker talking ("I said", "you know")
DERIVED_REACH = 3  # sentences before a figure whose figures it may be computed from
DERIVED_INPUTS = 12  # at most this many of their figures are tried, two by two
DERIVED_TOLERANCE = 0.01
DERIVED_CUE_CHARS = 60
DERIVED_CUE = compile_pattern(rf"(?i)(?:\b(?:{phrase_alternation(load_toml('statistics.toml')['record']['derived_cues'])})"
                              r"|\bbringing\b[^.;:]{0,40}?\bto)\b[^.;:]{0,40}\z")
NOT_REPORTING = frozenset({"add", "adds", "added"})  # "the $1.4 trillion that the bill would add": a sum, not speech
RELATIVE_REACH = 40  # characters between a figure and the subject of "that Trump mentioned"
# Between two figures of a sentence, the second given as another value of the first: ", or
# $1 trillion after such effects", ", or about 2 million people" (a comma, "or", a hedge at most).
ALTERNATIVE_GAP = compile_pattern(r",\s+or\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|some\s+)?\z")
QUESTION_CLOSED = compile_pattern(r"[?!][\"”’']\s*\z")  # a sentence that a quoted question or exclamation closes
# What a quotation's speech tag may hold after its speaker and verb: up to three words, each
# a name or a word of whom it was asked of or when ("Kennedy asked Stretch on Tuesday.", "he
# told reporters."), not a clause ("Smith said the company lies.").
TAG_REST = compile_pattern(r"(?:[\s,]+(?:[A-Z][\w’'.-]*|on|in|at|during|to|of|reporters|later|again))"
                           r"{0,3}[\s.!?]*")
RELATIVE_OPENING = compile_pattern(r"[\s\"”’']*(?:[a-z-]{1,20}[\s\"”’']+){0,2}(?:that|which)\s+")  # " miles  that "
SUBGROUP_OPENING = compile_pattern(r"(?i)^\s*(?:among|of)\s+(?:the|those|these)\s+\w+")
OPENING_REACH = 3  # sentences after a paragraph's opening "According to <a document>" that it covers
JURISDICTIONS = frozenset(load_toml("statistics.toml")["record"]["jurisdiction_heads"])  # "the 39 states"
DEFERRING_VAGUE = frozenset(load_toml("statistics.toml")["attribution"]["words"]["deferring_vague"])


ROLE_NOUNS = frozenset(load_toml("statistics.toml")["attribution"]["words"]["role_nouns"])
RESPONDENT_WORDS = frozenset(load_toml("statistics.toml")["attribution"]["words"]["respondent_words"])
POLLED_GROUPS = frozenset(load_toml("statistics.toml")["attribution"]["words"]["polled_groups"])
_GROUPS = phrase_alternation(sorted(POLLED_GROUPS))
POLL_OF_FORECASTERS = compile_pattern(
    rf"\b(?i:{_GROUPS})\s+(?:[a-z-]+\s+){{0,2}}?(?i:polled|surveyed)\s+by\s+(?:the\s+)?[A-Z][\w&./-]*"
    rf"|\b[A-Z][\w&./-]*\s+(?i:poll|survey)\s+of\s+(?:(?:more\s+than|about|nearly|some|around)\s+)?(?:\d+\s+)?"
    rf"(?:[a-z-]+\s+){{0,3}}?(?i:{_GROUPS})\b")
IN_WRITING = compile_pattern(r"(?i)\s*(?:\w+\s+)?in\s+(?:a|an|its|their|the)\s+(?:joint\s+|written\s+|separate\s+)?"
                             r"(?:statement|release|filing|report|note|letter|presentation|prospectus)\b")
LEDE_SENTENCES = 2  # sentences of the first paragraph read for a poll of forecasters


def _role_owner(cue: Cue | None, reading: SentenceReading) -> Cue | None:
    """For unnamed officials ("officials say") in a sentence whose subject is a named
    body ("The Saudi government ... plans to sell ... in a sale officials say could
    raise ..."): that body's cue, whose officials they are; else None."""
    if cue is None or cue.grade != "vague" or cue.kind != "speech" or not cue.source \
            or cue.source.split()[-1].lower() not in ROLE_NOUNS:
        return None
    first = reading.cues.first_word
    for other in reading.cues.cues:
        if other.grade == "named" and other.subject in ("name", "descriptor") and other.start - first <= 4 \
                and other.start < cue.start:
            return other
    return None


def _reporters(reading: SentenceReading) -> tuple[list[int], list[Cue]]:
    """A sentence's named speakers whose subject comes before the verb (a person or a named
    body, not "that the bill would add"), sorted by where the subject starts: listed once
    per sentence, looked up per figure by `_relative_reporter`."""
    found = sorted((c.subject_start, k, c) for k, c in enumerate(reading.cues.cues)
                   if c.kind == "speech" and c.grade == "named" and c.subject in ("name", "pronoun")
                   and c.word not in NOT_REPORTING and 0 <= c.subject_start < c.at)
    return [start for start, _k, _c in found], [c for _s, _k, c in found]


def _relative_reporter(claim: Claim, reading: SentenceReading, sentence: str,
                       reporters: tuple[list[int], list[Cue]]) -> Cue | None:
    """A named speaker in a relative clause right after the figure: "almost all of that 700 to
    900 miles that Trump mentioned", "the $4 trillion which he cited": the figure is what
    that speaker gave. One binary search among the sentence's `_reporters`."""
    end = claim.end - reading.start
    starts, cues = reporters
    k = bisect.bisect_right(starts, end)
    if k < len(starts) and starts[k] - end <= RELATIVE_REACH and RELATIVE_OPENING.fullmatch(sentence[end:starts[k]]):
        return cues[k]
    return None


def _named_reporter(reading: SentenceReading, at: int) -> Cue | None:
    """A named speech cue of the sentence after offset `at` ("..., the news outlet
    reported"): who a "reportedly" before the figure refers to."""
    for cue in reading.cues.cues:
        if cue.kind == "speech" and cue.grade == "named" and cue.at > at:
            return cue
    return None


def _evidence(claim: Claim, x: dict, reading: SentenceReading, position: int, sentences: list[SentenceReading],
              paragraph: ParagraphReading) -> Support | None:
    """The source a reader would take as covering an attributed figure: the nearest named
    cue of its sentence, its quotation's speaker, the previous sentence's source, a source
    elsewhere in the paragraph, a vague subject; or the quotation itself when no one is named."""
    at = claim.start - reading.start
    nearest = reading.index_.covering(at, x) or reading.index_.nearest(at)
    if nearest is not None:
        return _support(nearest, reading)
    speakers = paragraph.speakers_near(position)
    if x.get("in_quote"):
        for pos, cue in speakers:
            return _support(cue, sentences[pos], kind="quotation")
    if position > 0:
        previous = sentences[position - 1]
        if previous.index_.named:
            return _support(previous.index_.named[-1], previous, kind="previous sentence")
    for pos, cue in speakers:
        return _support(cue, sentences[pos], kind="paragraph")
    vague = reading.index_.rule.get("vague_subject") or reading.index_.rule.get("hedge")
    if vague:
        return _support(vague, reading)
    if x.get("in_quote"):
        return Support("vague", "a quotation with no speaker named", reading.start + at, reading.start + at,
                       kind="quotation")
    return None


_WHY = {
    "figure_inside_subject": "the figure describes the speaker, not what was said",
    "cue_other_clause": "the source stands in another clause",
    "cue_far": "the source stands too far from the figure",
    "figure_is_subject": "the figure is who speaks, not what is said",
    "question": "the sentence asks a question",
    "figure_first": "the sentence opens with the figure",
}


def _unsupported_reason(claim: Claim, x: dict, reading: SentenceReading, model: Model) -> str:
    """Why a figure counts as unsupported, in an editor's words."""
    nearest = reading.index_.nearest(claim.start - reading.start)
    if nearest is not None:
        why = next((_WHY[f] for f, pull in model.contributions(x) if pull > 0 and f in _WHY), "")
        said = reading_text(reading, nearest)
        return f"{said!r} in its sentence does not cover it" + (f" ({why})" if why else "")
    if x.get("in_quote"):
        return "a quotation with no speaker named in its paragraph"
    return "none in its sentence or paragraph"


def reading_text(reading: SentenceReading, cue: Cue) -> str:
    return cue.source if cue.source else cue.word


def repeated_key(c: Claim) -> tuple:
    """What makes two figures the same figure: value, unit and the head of what is counted."""
    return (c.value, c.unit, c.counted.split()[-1] if c.counted else "")


def inherit_repeated_values(graded: list[GradedClaim]) -> list[GradedClaim]:
    """A figure that repeats one sourced elsewhere in the article inherits that source
    (a summary line above the paragraph that names the source counts too)."""
    sourced: dict[tuple, Support] = {}
    for g in graded:
        if g.support.grade in ("named", "linked") and (g.claim.counted or g.claim.unit != "count"):
            sourced.setdefault(repeated_key(g.claim), g.support)
    return [
        replace(g, support=replace(sourced[repeated_key(g.claim)], kind="repeated figure"))
        if g.support.grade == "none" and g.support.kind != "record" and repeated_key(g.claim) in sourced else g
        for g in graded
    ]


@functools.lru_cache(maxsize=1)
def _unlinked_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = load_toml("statistics.toml")["unlinked"]
    return frozenset(data["data_words"]), frozenset(data["organisation_words"]), frozenset(data["data_verbs"])


@functools.lru_cache(maxsize=1)
def _person_words() -> tuple[frozenset[str], frozenset[str], int, frozenset[str], frozenset[str]]:
    d = load_toml("statistics.toml")
    data = d["unlinked"]
    return (frozenset(data["person_heads"]), frozenset(data["document_words"]), data["garbled_lowercase_words"],
            frozenset(d["attribution"]["name_joiners"]), frozenset(data["auxiliaries"]))


def wants_link(support: Support) -> bool:
    """Whether a named source is one an editor would want linked (see UnlinkedSource): a
    document or an organisation's data, or a credit closing the paragraph; not a person
    (nor a spokesman or the police speaking), and not a clause misread as a name."""
    words = [w.strip(".,;:'’()\"“”") for w in support.source.split()]
    lower = [w.lower().removesuffix("'s").removesuffix("’s") for w in words]
    person_heads, document_words, garbled, joiners, auxiliaries = _person_words()
    lowercase = [w for w in words if w[:1].islower() and w not in joiners]
    if len(lowercase) >= garbled and any(w in auxiliaries for w in lowercase):
        return False  # "BuzzfeedThat kind of data mining would have made Joseph McCarthy drool"
    if support.kind == "trailing":
        return True
    if _person_speaking(support.source, person_heads) and not any(w in document_words for w in lower):
        return False  # "The State Department spokesman said", "Police found", "Senator Marco Rubio"
    data_words, organisation_words, data_verbs = _unlinked_words()
    if any(w in data_words for w in lower) or any(w in organisation_words for w in words):
        return True
    if lower and lower[0] in ("it", "they") and any(w in data_verbs for w in lower[1:]):
        return True  # "It estimated"
    cue_words = support.word.split()
    return any(w in data_verbs for w in cue_words) and (not lower or lower[0] not in _PERSONAL)  # "as reported by"


def _person_speaking(source: str, person_heads: frozenset[str]) -> bool:
    """Whether a source names a person or a speaking body: a person noun written in lower
    case ("State Department spokesman", "Tunisian officials"), first ("Police"), or a title
    before a name ("Senator Marco Rubio", "Executive Director of ..."); not the last word of
    an organisation's name ("National Association of ... Business Officers (NACUBO)")."""
    tokens = [t for t in source.split() if not t.startswith("(")]
    for i, token in enumerate(tokens):
        word = token.strip(".,;:'’()\"“”")
        if word.lower().removesuffix("'s").removesuffix("’s") in person_heads and (
                word[:1].islower() or i == 0 or i < len(tokens) - 1):
            return True
    return False


_PERSONAL = frozenset({"he", "she", "i", "we", "you", "his", "her"})


def _own_reporting(support: Support, text: str, publisher: str, own_nouns: frozenset[str]) -> bool:
    """Whether the named source is the article's publisher's own poll or report, in an
    article under that publisher's dateline: its own reporting, not a source to link. The
    publisher's name is in the source or right before it ("A Reuters report on Oct. 26 said",
    "the Reuters/Ipsos poll"), or the source is "the poll" after the article named its own
    poll (`own_nouns`)."""
    if not publisher or support.start < 0:
        return False
    name = publisher.casefold()
    words = _words(support.source)
    if name in words or _words(text[max(0, support.start - len(name) - 2):support.start])[-1:] == [name]:
        return True  # "a Reuters report", "the Reuters/Ipsos poll"
    return 1 <= len(words) <= 2 and words[-1] in own_nouns and words[0] in ("the", words[-1])  # "The poll found"


def own_document_nouns(text: str, publisher: str) -> frozenset[str]:
    """What the publisher's own documents are called in the article: "poll" for "the
    Reuters/Ipsos poll", "analysis" for "a Reuters analysis of campaign finance records"."""
    if not publisher:
        return frozenset()
    words = _words(text)
    name = publisher.casefold()
    return frozenset(words[i + 1] if words[i + 1] not in OWN_PARTNER_SKIP or i + 2 >= len(words) else words[i + 2]
                     for i in range(len(words) - 1) if words[i] == name)


OWN_PARTNER_SKIP = frozenset({"ipsos", "gallup", "marist", "yougov"})  # "Reuters/Ipsos poll": the noun after the partner


def _trusted(support: Support, trusted: tuple[str, ...]) -> bool:
    """Whether the named source is one the desk trusts without a link (configuration)."""
    source = support.source.casefold()
    return any(name.casefold() in source for name in trusted)


# --- the check -------------------------------------------------------------------------


class StatisticsCheck:
    """Grades every figure of the body and reports ST001-ST004; leaves the graded claims in
    `ctx.claims` for the consistency and duplicates checks."""

    name = "statistics"

    def run(self, ctx: DocumentContext) -> None:
        graded = grade_claims(ctx)
        ctx.metrics["statistics"] = len(graded)
        publisher = dateline_agency(ctx.text)
        own_nouns = own_document_nouns(ctx.text, publisher)
        for g in graded:
            c, s = g.claim, g.support
            if s.grade == "none" and s.kind not in ("presupposed", "record"):
                ctx.report(Unsupported, c.start, c.end, f"{c.text!r} is stated with no source ({s.reason})")
            elif s.grade == "vague":
                ctx.report(VagueAttribution, c.start, c.end, f"{c.text!r} is attributed vaguely ({s.source.strip()!r})")
            elif s.grade == "named" and wants_link(s) and not _trusted(s, ctx.config.vocabulary.trusted_sources) \
                    and not _own_reporting(s, ctx.text, publisher, own_nouns):
                ctx.report(UnlinkedSource, c.start, c.end,
                           f"{c.text!r}: source named ({s.source.strip()!r}) but not linked")
        self._inconsistent(ctx, graded)
        ctx.claims = graded

    def _inconsistent(self, ctx: DocumentContext, graded: list[GradedClaim]) -> None:
        """Report a figure that restates an earlier sentence of the article (most of its
        words in common) with a value that cannot hold beside the earlier one: the same
        thing counted, the same scope, the same years, neither sentence a comparison.
        Each figure is held against at most EARLIER_KEPT earlier ones of its fact, so the
        work stays linear however long the article."""
        earlier: dict[tuple, list[Claim]] = {}
        for g in graded:
            c = g.claim
            if not c.counted or is_comparison(g.sentence_text):
                continue
            key = (c.unit, c.counted, c.scope, sentence_years(g.sentence_text))
            kept = earlier.setdefault(key, [])
            other = next((e for e in reversed(kept) if e.sentence != c.sentence and not compatible(e, c)
                          and restates(e, c)), None)
            if other is not None:
                ctx.report(Inconsistent, c.start, c.end,
                           f"{c.text!r} {c.counted} disagrees with {other.text!r}, stated earlier in this article in "
                           "nearly the same words")
            kept.append(c)
            del kept[:-EARLIER_KEPT]
