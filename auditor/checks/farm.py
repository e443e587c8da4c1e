"""Content-farm tells: chatbot leftovers, sentences spliced in to carry a link, relative
dates in an undated article, and empty metadata. Phrase lists live in `data/farm.toml`."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..data import load_toml, phrase_alternation
from ..context import DocumentContext
from ..findings import Severity
from ..rules import Rule
from ..text import fold_plural


class LlmArtifact(Rule):
    """A chatbot leftover or a stripped citation marker in the text.

    Text pasted from a chatbot keeps its disclaimers and placeholders; text copied from a
    reference work with its citation markers deleted keeps the space before the stop.

    Bad: "As an AI language model, I cannot predict markets." / "[Insert company name]" /
    "advances in natural language processing ."

    Good: "Analysts at CLSA expect the market to grow." / "advances in natural language
    processing."
    """

    code = "FM001"
    name = "farm.llm-artifact"
    severity = Severity.ERROR


class SplicedSentence(Rule):
    """A sentence ending in an off-topic clause, spliced in to carry a link to another story.

    Scored per sentence: an analogy connector ("particularly highlighted by", "mirrors",
    "similar ..., such as"), a clause after it whose content words appear nowhere else in
    the article, the sentence closing its paragraph, and a name the article never mentions
    again. Sentences scoring `threshold` or more are flagged (calibrated on the seeds).

    Bad: "This situation mirrors the increasing tensions in international relations,
    particularly highlighted by China's condemnation of the UK's visa scheme following
    recent political events." (in an article about Chinese AI models)

    Good: "Companies such as Baidu and SenseTime unveiled new models this week."
    """

    code = "FM002"
    name = "farm.spliced-sentence"
    severity = Severity.WARNING
    options = {"threshold": 4.0}
    limits = {"threshold": (0.0, 10.0)}


class RelativeDate(Rule):
    """A relative date ("this week", "last year", "on Wednesday") in an article with no date.

    Without a dateline the reader cannot tell which week "this week" was; content farms
    republish old text with its relative dates intact.

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


RULES = (LlmArtifact, SplicedSentence, RelativeDate, EmptyMetadata)


@dataclass(frozen=True)
class FarmPatterns:
    llm: tuple[re.Pattern, ...]
    citation_remnant: re.Pattern
    strong_cues: re.Pattern
    weak_cues: re.Pattern
    relative_dates: tuple[re.Pattern, ...]
    dateline: re.Pattern
    empty_metadata: tuple[re.Pattern, ...]
    splice: dict


def _alternation(phrases: list[str]) -> re.Pattern:
    return re.compile(rf"\b({phrase_alternation(phrases)})\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def farm_patterns() -> FarmPatterns:
    data = load_toml("farm.toml")
    flags = re.IGNORECASE | re.MULTILINE
    return FarmPatterns(
        llm=tuple(re.compile(p, flags) for p in data["llm-artifact"]["patterns"]),
        citation_remnant=re.compile(data["llm-artifact"]["citation_remnant"], re.MULTILINE),
        strong_cues=_alternation(data["spliced-sentence"]["strong_cues"]),
        weak_cues=_alternation(data["spliced-sentence"]["weak_cues"]),
        relative_dates=tuple(re.compile(p, flags) for p in data["relative-date"]["patterns"]),
        dateline=re.compile(data["relative-date"]["dateline"], re.IGNORECASE),
        empty_metadata=tuple(re.compile(p, flags) for p in data["empty-metadata"]["patterns"]),
        splice=data["spliced-sentence"],
    )


# --- content words ---------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def content_words(text: str) -> list[str]:
    return [fold_plural(w) for w in _WORD.findall(text) if w.lower() not in ENGLISH_STOP_WORDS and len(w) > 2]


def _names(text: str) -> set[str]:
    """Capitalised words that are not sentence-initial: a crude but language-free name cue."""
    out = set()
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+|[A-Z]{2,})\b", text):
        out.add(fold_plural(m.group(1)))
    return out


# --- the check -------------------------------------------------------------------------


class FarmCheck:
    name = "farm"

    def run(self, ctx: DocumentContext) -> None:
        patterns = farm_patterns()
        self._llm_artifacts(ctx, patterns)
        self._spliced_sentences(ctx, patterns)
        self._relative_dates(ctx, patterns)
        for pattern in patterns.empty_metadata:
            for m in pattern.finditer(ctx.text):
                end = m.start() + len(m.group().rstrip())
                ctx.report(EmptyMetadata, m.start(), end, f"empty metadata: {m.group().strip()!r} has no value")

    def _llm_artifacts(self, ctx, patterns) -> None:
        for block in ctx.body_blocks():
            for pattern in patterns.llm:
                for m in pattern.finditer(ctx.text, block.start, block.end):
                    ctx.report(LlmArtifact, m.start(), m.end(), f"chatbot leftover: {m.group()!r}")
            for m in patterns.citation_remnant.finditer(ctx.text, block.start, block.end):
                start = ctx.text.rfind(" ", block.start, m.start()) + 1 if m.start() > block.start else m.start()
                ctx.report(LlmArtifact, start, m.end(),
                           f"space before {m.group().strip()!r}: a citation marker was probably stripped here")

    def _spliced_sentences(self, ctx, patterns) -> None:
        spec = patterns.splice
        sentences = [s for _i, s in ctx.body_sentences()]
        if len(sentences) < 5:
            return  # too little text to say what is off-topic
        words = [set(content_words(ctx.text[s.start:s.end])) for s in sentences]
        frequency = Counter(w for ws in words for w in ws)
        names = [_names(ctx.text[s.start:s.end]) for s in sentences]
        name_frequency = Counter(n for ns in names for n in ns)
        threshold = ctx.config.option(SplicedSentence, "threshold")
        for i, sentence in enumerate(sentences):
            text = ctx.text[sentence.start:sentence.end]
            cue, clause = _splice_clause(text, patterns)
            if cue is None:
                continue
            score = _cue_weight(text, cue, patterns)
            why: list[str] = []
            clause_words = set(content_words(clause))
            novel = {w for w in clause_words if frequency[w] <= 1}
            if len(novel) >= spec["min_novel_words"] and len(novel) >= spec["min_novelty"] * max(1, len(clause_words)):
                score += 1
                why.append(f"its words ({', '.join(sorted(novel)[:4])}) appear nowhere else in the article")
            last_in_paragraph = i + 1 == len(sentences) or sentences[i + 1].block != sentence.block
            if last_in_paragraph:
                score += 1
            new_names = {n for n in _names(clause) if name_frequency[n] <= 1}
            if new_names:
                score += 1
                why.append(f"it names {', '.join(sorted(new_names)[:3])} only here")
            if score >= threshold:
                detail = "; ".join(why) or "it closes the paragraph"
                ctx.report(SplicedSentence, sentence.start, sentence.end,
                           f"off-topic clause after {cue!r} looks spliced in to carry a link: {detail}",
                           data={"score": score})

    def _relative_dates(self, ctx, patterns) -> None:
        if _is_dated(ctx, patterns):
            return
        for block in ctx.body_blocks():
            for pattern in patterns.relative_dates:
                for m in pattern.finditer(ctx.text, block.start, block.end):
                    ctx.report(RelativeDate, m.start(), m.end(),
                               f"relative date {m.group()!r} in an article with no dateline")


def _splice_clause(sentence: str, patterns) -> tuple[str | None, str]:
    """The first analogy cue of a sentence and the clause after it."""
    strong = patterns.strong_cues.search(sentence)
    weak = patterns.weak_cues.search(sentence)
    match = strong or weak
    if match is None:
        return None, ""
    clause = sentence[match.end():].strip(" ,")
    if match is weak and strong is None:
        clause = re.split(r"[,;:—]|\bwhich\b|\bwho\b", clause)[0]
    return match.group(1).lower(), clause


def _cue_weight(sentence: str, cue: str, patterns) -> float:
    if patterns.strong_cues.fullmatch(cue):
        return 2.0
    before = sentence.lower().split(cue, 1)[0]
    return 2.0 if "similar" in before else 0.5


def _is_dated(ctx: DocumentContext, patterns) -> bool:
    if ctx.document.meta.get("date"):
        return True
    if any(b.kind == "metadata" and patterns.dateline.search(ctx.text, b.start, b.end) for b in ctx.boilerplate):
        return True
    for block in ctx.seg.blocks[:5]:
        if patterns.dateline.search(ctx.text, block.start, block.end):
            return True
    return False
