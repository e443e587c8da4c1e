"""Content-farm tells: chatbot leftovers and unfilled template slots, placeholder names,
stripped citation markers, essay framing, sentences spliced in to carry a link, relative
dates in an undated article, and empty metadata. Phrase lists live in `data/farm.toml`.

Each finding is a claim made to an editor, so each rule reports only what it can stand
behind: certain leftovers are errors; tells that are real but not certain have rules of
their own at a lower severity. Matches inside a quotation are the quoted person's words
(a story about chatbots quotes them), so the phrase tells leave them alone.

Linear by construction: every pattern is RE2 (`auditor.regex`) and runs once over the
document; matches are assigned to body blocks and sentences by bisection; the words around
a match are read from windows of fixed size. The per-sentence analysis of spliced
sentences runs only when a splice cue occurs, and then on each sentence's slice once.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .. import regex
from ..context import SKIPPED_KINDS, DocumentContext
from ..data import load_toml, phrase_alternation
from ..findings import Severity
from ..rules import Rule
from ..text import fold_plural


class LlmArtifact(Rule):
    """A chatbot leftover or an unfilled template slot in the text.

    Text pasted from a chatbot keeps its disclaimers, refusals, preambles and sign-offs;
    text written from a template keeps the slots nobody filled in and the template's field
    labels. A quoted chatbot (a story about chatbots) is not reported.

    Bad: "As an AI language model, I cannot predict markets." / "Contact [Your Name] at
    [Company]." / "Certainly! Here is the article you asked for." / "TOUT: Drivers can..."

    Good: "Analysts at CLSA expect the market to grow." / "Contact Li Wei at Baidu."
    """

    code = "FM001"
    name = "farm.llm-artifact"
    severity = Severity.ERROR


class SplicedSentence(Rule):
    """A sentence ending in an off-topic clause, spliced in to carry a link to another story.

    Reported only when every sign is there: an analogy connector ("particularly
    highlighted by", "mirrors", "similar ..., such as") that does not open the sentence, a
    clause after it whose content words appear nowhere else in the article, a name in that
    clause the article never mentions again, the sentence closing its paragraph, and no
    quotation in it. Ordinary comparisons ("in the wake of", "akin to") are not cues.

    Bad: "This situation mirrors the increasing tensions in international relations,
    particularly highlighted by China's condemnation of the UK's visa scheme following
    recent political events." (in an article about Chinese AI models)

    Good: "Companies such as Baidu and SenseTime unveiled new models this week."
    """

    code = "FM002"
    name = "farm.spliced-sentence"
    severity = Severity.INFO


class RelativeDate(Rule):
    """Relative dates ("this week", "last year", "on Wednesday") in an article with no date.

    Without a date or a dateline the reader cannot tell which week "this week" was; content
    farms republish old text with its relative dates intact. One finding per article, on the
    first relative date that does not open with "past" when there is one ("the misfortunes
    of the past year" is often the phrase's general sense), listing them all. "Within the
    past year" is a window (a survey's self-report period), not a date. An article is dated
    by its metadata (a published date), a dateline ("WASHINGTON (Reuters) -", "(AP) —") or a
    date in its first lines.

    Bad: "This week, the CAC announced new guidelines." in an undated article.

    Good: "On 14 March 2024, the CAC announced new guidelines." or a dated article.
    """

    code = "FM003"
    name = "farm.relative-date"
    severity = Severity.WARNING


class EmptyMetadata(Rule):
    """A metadata label with nothing after it ("Tags: ,"): a template filled in by a script.

    Bad: "Published On: January 29, 2024Tags: ,"

    Good: "Tags: AI, China" or no tag line at all.
    """

    code = "FM004"
    name = "farm.empty-metadata"
    severity = Severity.INFO


class PlaceholderName(Rule):
    """A stock placeholder name ("John Smith", "John Doe") where a real person should be.

    Templates and chatbots fill a quote's speaker or a byline with a stock name; the person
    does not exist. Court and police pseudonyms ("a John Doe lawsuit", "identified as Jane
    Doe") are not reported. Check that the person exists before publishing.

    Bad: '"We're all concerned," said John Smith, a local farmer.' / "By John Smith, CNN"

    Good: '"We're all concerned," said Maria Lopez, who farms near the mill.'
    """

    code = "FM005"
    name = "farm.placeholder-name"
    severity = Severity.WARNING


class CitationRemnant(Rule):
    """A space before a full stop where a citation marker ("[1]") was stripped.

    Reported only where the stripping is evident: at the end of a paragraph or list item
    in a text that is otherwise spaced correctly, or anywhere in a text that still carries
    citation markers elsewhere. Stray spacing (" , " throughout, a spaced ellipsis ". . .",
    quotes stripped from around a word) is not a citation remnant.

    Bad: "- Tencent focuses on computer vision and natural language processing ." (a list
    item copied from a source with its "[3]" deleted)

    Good: "- Tencent focuses on computer vision and natural language processing."
    """

    code = "FM006"
    name = "farm.citation-remnant"
    severity = Severity.INFO


class EssayFraming(Rule):
    """An essay's or a chatbot's framing in what claims to be news copy.

    News reports do not announce what "this article" will explore, nor sum up "In
    conclusion"; generated and padded articles do. Quoted speech is not reported.

    Bad: "In this article, we will examine the current state of inflation." / "In
    conclusion, the study provides yet more evidence..."

    Good: "Inflation rose to 5% in March, the Labor Department said."
    """

    code = "FM007"
    name = "farm.essay-framing"
    severity = Severity.INFO


class ChatbotStyle(Rule):
    """Stock phrases of chatbot prose: the moral and the wrap-up that news copy leaves out.

    Generated "news" draws lessons ("serves as a reminder", "highlights the need for",
    "more needs to be done"), hedges its conclusions ("It is clear that", "Only time will
    tell") and links paragraphs with "Despite these challenges," and "Overall,". Each phrase
    alone is something a columnist may write; together they are a chatbot's voice. One
    finding per document, at the first phrase, naming them; quotations are left out.

    Bad: "Despite these challenges, the mission was successful. Overall, the incident serves
    as a reminder of the importance of preparedness."

    Good: "The mission succeeded despite two engine failures, NASA said."
    """

    code = "FM009"
    name = "farm.chatbot-style"
    severity = Severity.INFO


RULES = (LlmArtifact, SplicedSentence, RelativeDate, EmptyMetadata, PlaceholderName, CitationRemnant, EssayFraming,
         ChatbotStyle)


# --- patterns --------------------------------------------------------------------------

# The phrase tells, one alternation with a named group per kind.
_TELLS = ("chatbot", "opener", "placeholder", "field_label", "name", "essay", "style", "style_opener")


@dataclass(frozen=True)
class FarmPatterns:
    tells: regex.Pattern  # every phrase tell, one group per kind (see _TELLS)
    tell_groups: tuple[tuple[str, int], ...]  # (kind, group number): RE2 matches take numbers
    name_exempt_before: frozenset[str]
    name_exempt_after: frozenset[str]
    citation: regex.Pattern
    apparatus: regex.Pattern  # group 1: the number of a numbered marker
    min_markers: int
    reporting_verbs: frozenset[str]
    reporting_window: int
    style_shown: int  # chatbot-style phrases named in the finding
    cues: regex.Pattern  # group 1 strong, group 2 weak
    clause_end: regex.Pattern
    relative: regex.Pattern  # group 1 strong, group 2 weak
    generic_after: frozenset[str]
    window_before: tuple[tuple[str, ...], ...]  # word sequences before a "past/last <period>" window
    window_words: frozenset[str]
    anchor_last: frozenset[str]
    dated_weekday: regex.Pattern
    date: regex.Pattern
    dateline: regex.Pattern
    empty_metadata: regex.Pattern
    splice: dict


def _any(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _words(phrases: list[str]) -> str:
    return rf"\b(?:{phrase_alternation(phrases)})\b"


@functools.lru_cache(maxsize=1)
def farm_patterns() -> FarmPatterns:
    data = load_toml("farm.toml")
    llm, names, essay = data["llm-artifact"], data["placeholder-name"], data["essay-framing"]
    style = data["chatbot-style"]
    tells = "|".join((
        f"(?P<chatbot>(?i:{_any(llm['chatbot'])}))",
        f"(?P<opener>(?i:{_any(llm['openers'])}))",
        f"(?P<placeholder>{_any(llm['placeholders'])})",
        f"(?P<field_label>(?i:{_any(llm['field_labels'])}))",
        f"(?P<name>{_any(names['names'])})",
        f"(?P<essay>(?i:{_any(essay['openers'])}))",
        f"(?P<style>(?i:{_any(style['phrases'])}))",
        f"(?P<style_opener>{_any([re.escape(o) for o in style['openers']])})",
    ))
    splice = data["spliced-sentence"]
    dates = data["relative-date"]
    compiled = regex.compile(tells)
    return FarmPatterns(
        tells=compiled,
        tell_groups=tuple((kind, compiled.groupindex[kind]) for kind in _TELLS),
        name_exempt_before=frozenset(names["exempt_before"]),
        name_exempt_after=frozenset(names["exempt_after"]),
        citation=regex.compile(data["citation-remnant"]["candidate"]),
        apparatus=regex.compile(data["citation-remnant"]["apparatus"]),
        min_markers=data["citation-remnant"]["min_markers"],
        reporting_verbs=frozenset(essay["reporting_verbs"]),
        reporting_window=essay["reporting_window"],
        style_shown=style["shown"],
        cues=regex.compile(f"(?i)(?P<strong>{_words(splice['strong_cues'])})|(?P<weak>{_words(splice['weak_cues'])})"),
        clause_end=regex.compile(splice["clause_end"]),
        relative=regex.compile(f"(?i)(?P<strong>{_any(dates['strong'])})|(?P<weak>{_any(dates['weak'])})"),
        generic_after=frozenset(dates["generic_after"]),
        window_before=tuple(tuple(w.lower().split()) for w in dates["window_before"]),
        window_words=frozenset(w.lower() for w in dates["window_words"]),
        anchor_last=frozenset(w.lower() for w in dates["anchor_last"]),
        dated_weekday=regex.compile(dates["dated_weekday"], re.IGNORECASE),
        date=regex.compile(dates["date"], re.IGNORECASE),
        dateline=regex.compile(_any(dates["dateline"])),
        empty_metadata=regex.compile(_any(data["empty-metadata"]["patterns"]), re.IGNORECASE | re.MULTILINE),
        splice=splice,
    )


# --- where a match stands --------------------------------------------------------------


class _Body:
    """Blocks of a document (in order), to place offsets in them by bisection."""

    def __init__(self, blocks):
        self.blocks = list(blocks)
        self.starts = [b.start for b in self.blocks]

    def block_of(self, start: int, end: int) -> int | None:
        """The index of the body block that holds text[start:end], if any."""
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and end <= self.blocks[i].end:
            return i
        return None


class _Quotes:
    """Whether offsets of one block lie inside a quotation, asked in increasing order: the
    quote marks between two questions are counted once (linear in the block)."""

    def __init__(self, text: str, start: int):
        self.text, self.pos = text, start
        self.straight = self.opened = self.closed = 0

    def inside(self, pos: int) -> bool:
        text = self.text
        self.straight += text.count('"', self.pos, pos)
        self.opened += text.count("“", self.pos, pos)
        self.closed += text.count("”", self.pos, pos)
        self.pos = max(self.pos, pos)
        return self.straight % 2 == 1 or self.opened > self.closed


_LOOK = 12  # characters looked at around a match (a fixed window: no rescans)


def _at_sentence_start(text: str, block_start: int, pos: int) -> bool:
    """`pos` opens its block or follows a sentence stop (quotes and spaces between)."""
    before = text[max(block_start, pos - _LOOK):pos].rstrip(" \t\"“‘'(")
    return pos == block_start or (not before and pos - _LOOK <= block_start) or before.endswith((".", "!", "?", ":"))


# --- content words and names -----------------------------------------------------------

# Single character classes (linear in `re`; the regex policy's exception): runs of letters
# with apostrophes and hyphens, and runs of word characters.
_LETTERS = re.compile(r"[A-Za-z'’-]+")
_WORD_RUN = re.compile(r"\w+")


def content_words(text: str) -> list[str]:
    """Folded content words of a text: letter runs of 3+ characters that are not stop words."""
    out = []
    for run in _LETTERS.findall(text):
        word = run.lstrip("'’-")
        if len(word) > 2 and word.lower() not in ENGLISH_STOP_WORDS:
            out.append(fold_plural(word))
    return out


def _is_name(word: str) -> bool:
    return word.isascii() and word.isalpha() and (
        (len(word) >= 2 and word[0].isupper() and word[1:].islower()) or (len(word) >= 2 and word.isupper()))


def _names(text: str, opens_sentence: bool = True) -> set[str]:
    """Capitalised words that do not open a sentence (nor the text, when it opens one): a
    crude but language-free name cue."""
    out = set()
    for m in _WORD_RUN.finditer(text):
        s = m.start()
        if (s == 0 and opens_sentence) or (s >= 2 and text[s - 1].isspace() and text[s - 2] in ".!?"):
            continue
        if _is_name(m.group()):
            out.add(fold_plural(m.group()))
    return out


# --- the check -------------------------------------------------------------------------


class FarmCheck:
    name = "farm"

    def run(self, ctx: DocumentContext) -> None:
        patterns = farm_patterns()
        body = _Body(ctx.body_blocks())
        # Bylines and other metadata lines are boilerplate, but a stock name or an unfilled
        # slot there is still the article's.
        metadata = frozenset(s.start for s in ctx.boilerplate if s.kind == "metadata")
        with_metadata = _Body(b for i, b in enumerate(ctx.seg.blocks) if b.kind not in SKIPPED_KINDS
                              and (not ctx.is_boilerplate_block(i) or b.start in metadata))
        self._phrase_tells(ctx, patterns, with_metadata, metadata)
        self._citation_remnants(ctx, patterns, body)
        self._spliced_sentences(ctx, patterns)
        self._relative_dates(ctx, patterns, body)
        for m in patterns.empty_metadata.finditer(ctx.text):
            group = 1 if m.start(1) >= 0 else 2
            start, label = m.start(group), m.group(group).rstrip()
            ctx.report(EmptyMetadata, start, start + len(label), f"empty metadata: {label!r} has no value")

    def _phrase_tells(self, ctx, patterns, blocks: _Body, metadata: frozenset[int]) -> None:
        text = ctx.text
        quotes = _Quotes(text, 0)
        quotes_block = -1
        style: list[tuple[int, int, str]] = []  # chatbot-style phrases, reported together
        reported = _ReportedSpeech(ctx, patterns)
        for m in patterns.tells.finditer(text):
            i = blocks.block_of(m.start(), m.end())
            if i is None:
                continue
            block = blocks.blocks[i]
            if i != quotes_block:
                quotes, quotes_block = _Quotes(text, block.start), i
            kind = next(k for k, g in patterns.tell_groups if m.start(g) >= 0)
            if block.start in metadata and kind not in ("name", "placeholder"):
                continue
            quoted = quotes.inside(m.start())
            phrase = m.group()
            if kind == "chatbot" and not quoted:
                ctx.report(LlmArtifact, m.start(), m.end(), f"chatbot leftover: {phrase!r}")
            elif kind == "opener" and not quoted and _at_sentence_start(text, block.start, m.start()):
                ctx.report(LlmArtifact, m.start(), m.end(), f"chatbot preamble left in the text: {phrase!r}")
            elif kind == "placeholder":
                ctx.report(LlmArtifact, m.start(), m.end(), f"unfilled template slot: {phrase!r}")
            elif kind == "field_label" and m.start() == block.start:
                label = phrase[:phrase.index(":") + 1]
                ctx.report(LlmArtifact, m.start(), m.start() + len(label),
                           f"template field label left in the text: {label!r}")
            elif kind == "name" and not _name_exempt(text, m.start(), m.end(), patterns):
                ctx.report(PlaceholderName, m.start(), m.end(),
                           f"{phrase!r} is a stock placeholder name: check that this person exists")
            elif kind == "essay" and not quoted and _at_sentence_start(text, block.start, m.start()) \
                    and not _reports_speech(text, m.end(), patterns):
                ctx.report(EssayFraming, m.start(), m.end(), f"essay framing in news copy: {phrase!r}")
            elif (kind == "style" or kind == "style_opener" and _at_sentence_start(text, block.start, m.start())) \
                    and not quoted and not reported.within(m.start()):
                style.append((m.start(), m.end(), phrase))
        if style:  # one finding per document, at the first phrase, naming the first few
            shown = [repr(phrase) for _s, _e, phrase in style[:patterns.style_shown]]
            more = f" and {len(style) - len(shown)} more" if len(style) > len(shown) else ""
            ctx.report(ChatbotStyle, style[0][0], style[0][1],
                       f"chatbot style: {len(style)} stock phrase(s) of generated prose: {', '.join(shown)}{more}")

    def _citation_remnants(self, ctx, patterns, body: _Body) -> None:
        text = ctx.text
        at_end: list[tuple[int, int]] = []  # clean candidates that end a paragraph or list item
        elsewhere: list[tuple[int, int]] = []  # clean candidates inside a paragraph, or commas
        noisy = False  # quotes stripped around words: the text's spacing is not to be read
        for m in patterns.citation.finditer(text):
            i = body.block_of(m.start(), m.end())
            if i is None:
                continue
            block = body.blocks[i]
            if m.start() > block.start and not text[m.start() - 1].isspace():
                continue  # part of a handle, hashtag, address or longer token
            after = text[m.end():m.end() + 4]
            if after[:1] and not after[:1].isspace():
                continue  # " .5", " .com": not a stop
            if after.lstrip(" \t")[:1] == "." or text[max(0, m.start() - 2):m.start()] == ". ":
                continue  # a spaced ellipsis ". . ."
            if text[max(0, m.start() - 2):m.start()] == "  ":
                noisy = True  # "a  moron ,": quote marks stripped around a word
                continue
            if m.group(2) == "." and m.end() == block.end:
                at_end.append((m.start(), m.end()))
            else:
                elsewhere.append((m.start(), m.end()))
        if not at_end and not elsewhere:
            return
        apparatus = _has_apparatus(text, patterns, body)
        if apparatus:
            report = sorted(at_end + elsewhere)  # markers left elsewhere: these are the stripped ones
        elif not noisy and not elsewhere:
            report = at_end  # a clean text whose paragraphs end "word ."
        else:
            return  # spacing before punctuation is this text's habit, not a trace of citations
        for start, end in report:
            ctx.report(CitationRemnant, start, end,
                       f"space before {text[end - 1]!r}: a citation marker was probably stripped here")

    def _spliced_sentences(self, ctx, patterns) -> None:
        spec = patterns.splice
        sentences = [s for _i, s in ctx.body_sentences()]
        if len(sentences) < 5:
            return  # too little text to say what is off-topic
        text = ctx.text
        starts = [s.start for s in sentences]
        cues: dict[int, list[tuple[int, int, str, bool]]] = {}  # sentence -> its first cues
        for m in patterns.cues.finditer(text):
            i = bisect_right(starts, m.start()) - 1
            if i < 0 or m.end() > sentences[i].end:
                continue
            found = cues.setdefault(i, [])
            if len(found) < spec["max_cues"]:
                base = sentences[i].start
                found.append((m.start() - base, m.end() - base, m.group().lower(), m.start(1) >= 0))
        # Cheap signs first: only when a cue passes them are the article's words counted.
        candidates = {}
        for i, found in cues.items():
            sentence = sentences[i]
            if i + 1 < len(sentences) and sentences[i + 1].block == sentence.block:
                continue  # a splice closes its paragraph
            chunk = text[sentence.start:sentence.end]
            if any(q in chunk for q in '"“”'):
                continue  # someone's words, not a splice
            hung = [cue for cue in found if _hung_cue(chunk, cue[0], cue[3], spec)]
            if hung:
                candidates[i] = (chunk, hung)
        if not candidates:
            return
        words = [set(content_words(text[s.start:s.end])) for s in sentences]
        frequency = Counter(w for ws in words for w in ws)
        name_frequency = Counter(n for s in sentences for n in _names(text[s.start:s.end]))
        for i in sorted(candidates):
            sentence = sentences[i]
            chunk, hung = candidates[i]
            for _cue_start, cue_end, phrase, strong in hung:
                why = _splice(chunk, cue_end, strong, patterns, frequency, name_frequency)
                if why:
                    novel, new_names = why
                    ctx.report(SplicedSentence, sentence.start, sentence.end,
                               f"off-topic clause after {phrase!r} closes the paragraph and looks spliced in to "
                               f"carry a link: its words ({', '.join(sorted(novel)[:4])}) appear nowhere else in "
                               f"the article and it names {', '.join(sorted(new_names)[:3])} only here")
                    break

    def _relative_dates(self, ctx, patterns, body: _Body) -> None:
        if _is_dated(ctx, patterns):
            return
        strong: list[tuple[int, int, str]] = []
        weak: list[tuple[int, int, str]] = []
        text = ctx.text
        for m in patterns.relative.finditer(text):
            if body.block_of(m.start(), m.end()) is None:
                continue
            before = text[max(0, m.start() - 12):m.start()].split()
            if " " not in m.group() and before and before[-1].lower() in patterns.generic_after:
                continue  # "the children of tomorrow" (but "the end of this year" is relative)
            if _window(m.group(), text[max(0, m.start() - 24):m.start()], patterns):
                continue  # "within the past year": a period, not a date
            if m.group().lower().endswith("day") and patterns.dated_weekday.search(text[m.end():m.end() + 24]):
                continue  # "on Saturday, June 16th": the date is given
            (strong if m.start(1) >= 0 else weak).append((m.start(), m.end(), m.group()))
        if not strong:
            return  # "today" alone is too often generic ("today's digital age") to report
        every = sorted(strong + weak)
        first = next((t for t in strong if t[2].split()[0].lower() not in patterns.anchor_last), strong[0])
        listed = ", ".join(repr(t) for _s, _e, t in every[:8]) + (f" and {len(every) - 8} more" if len(every) > 8 else "")
        ctx.report(RelativeDate, first[0], first[1],
                   f"{len(every)} relative date{'s' if len(every) > 1 else ''} ({listed}) in an article with no "
                   f"date or dateline: the reader cannot tell when they were",
                   data={"occurrences": [[s, e] for s, e, _t in every]})


def _window(phrase: str, before: str, patterns) -> bool:
    """A "past/last <period>" that a word such as "within" makes a window of time."""
    if phrase.split()[0].lower() not in patterns.window_words:
        return False
    words = [w.lower() for w in before.split()]
    return any(len(words) >= len(w) and tuple(words[-len(w):]) == w for w in patterns.window_before)


def _hung_cue(chunk: str, cue_start: int, strong: bool, spec) -> bool:
    """The cheap signs that a cue carries a clause hung on the sentence: a strong cue (or
    "such as"/"like" after "similar"), not opening the sentence, used as a connector."""
    if not strong and "similar" not in chunk[:cue_start].lower():
        return False  # "such as" and "like" introduce the article's own examples
    before = _LETTERS.findall(chunk[max(0, cue_start - 40):cue_start])
    if not chunk[:cue_start].strip() or not before:
        return False  # the cue opens the sentence: it sets the scene, it is not hung on
    return before[-1].strip("'’-").lower() not in spec["noun_markers"]  # "many parallels": a noun


def _splice(chunk: str, cue_end: int, strong: bool, patterns, frequency, name_frequency):
    """(novel words, new names) when the clause after this cue looks spliced in, else None."""
    spec = patterns.splice
    clause = chunk[cue_end:].strip(" ,")
    if not strong:
        end = patterns.clause_end.search(clause)
        clause = clause[:end.start()] if end else clause
    opening = clause[:20].split()
    if opening and opening[0].lower() in spec["back_references"]:
        return None  # "reminiscent of his MVP seasons": the article's own subject
    if len(clause.split()) > spec["max_clause_words"]:
        return None  # glued text, not a clause
    clause_words = set(content_words(clause))
    novel = {w for w in clause_words if frequency[w] <= 1}
    if len(novel) < spec["min_novel_words"] or len(novel) < spec["min_novelty"] * max(1, len(clause_words)):
        return None
    new_names = {n for n in _names(clause, opens_sentence=False) if name_frequency[n] <= 1}
    if not new_names:
        return None
    return novel, new_names


def _has_apparatus(text: str, patterns, body: _Body) -> bool:
    """Citation markers left in the body: a chatbot source mark, or numbered markers."""
    numbers = set()
    for m in patterns.apparatus.finditer(text):
        if body.block_of(m.start(), m.end()) is None:
            continue
        if m.start(1) < 0:
            return True
        numbers.add(m.group(1))
        if len(numbers) >= patterns.min_markers:
            return True
    return False


class _ReportedSpeech:
    """Whether an offset lies in a sentence that reports someone's words: a reporting verb
    in it ("..., a spokeswoman said."), or a previous sentence that introduces it with a
    colon ("Coons says: It is important to ..."). For copy whose quotation marks were
    stripped, where _Quotes sees no quotation. Sentences are looked up by bisection, and
    only for the matches asked about."""

    def __init__(self, ctx: DocumentContext, patterns):
        self.ctx, self.patterns, self._starts = ctx, patterns, None

    def within(self, pos: int) -> bool:
        sentences = self.ctx.seg.sentences
        if self._starts is None:
            self._starts = [s.start for s in sentences]
        k = bisect_right(self._starts, pos) - 1
        if k < 0:
            return False
        text, verbs = self.ctx.text, self.patterns.reporting_verbs
        words = text[sentences[k].start:sentences[k].end].split()
        if any(w.strip(",.:;!?\"”’'").lower() in verbs for w in words):
            return True
        before = text[max(0, sentences[k].start - 40):sentences[k].start].rstrip()
        return before.endswith(":") and any(w.strip(":").lower() in verbs for w in before.split()[-3:])


def _reports_speech(text: str, end: int, patterns) -> bool:
    """ "In conclusion, Todd said:": a reporting verb right after the phrase."""
    words = text[end:end + 12 * patterns.reporting_window].split()[:patterns.reporting_window]
    return any(w.strip(",.:;").lower() in patterns.reporting_verbs for w in words)


def _name_exempt(text: str, start: int, end: int, patterns) -> bool:
    """A court or police pseudonym: "a John Doe lawsuit", "identified as Jane Doe"."""
    before = text[max(0, start - 24):start].split()
    after = text[end:end + 24].split()
    return bool((before and before[-1].lower() in patterns.name_exempt_before)
                or (after and (after[0].lower().rstrip(",;:") in patterns.name_exempt_after or after[0][:1].isdigit())))


def _is_dated(ctx: DocumentContext, patterns) -> bool:
    """Metadata, a dateline, or a date in the first blocks or in the page furniture around
    the article (a metadata line, a timestamp by the headline) dates the text."""
    if ctx.document.meta.get("date"):
        return True
    text = ctx.text
    for span in ctx.boilerplate:
        if patterns.date.search(text[span.start:span.end]):
            return True
    blocks = [b for b in ctx.seg.blocks if b.kind not in SKIPPED_KINDS]
    for block in blocks[:3]:
        if patterns.dateline.search(text[block.start:min(block.end, block.start + 200)]):
            return True
    body = 0
    for i, block in enumerate(ctx.seg.blocks):
        if block.kind in SKIPPED_KINDS:
            continue
        if patterns.date.search(text[block.start:block.end]):
            return True
        body += not ctx.is_boilerplate_block(i)
        if body >= 5:
            break  # a date further down is a date in the story, not the story's date
    return False
