"""Readability of the article body (boilerplate and headings left out): textstat's figures.

The figures are textstat's, computed on `readability_text(ctx)`: the body blocks that
are prose (paragraphs and list items), joined by blank lines. Headings are left out: they
are not sentences, and textstat would glue each to the paragraph that follows it.

`readability_metrics` computes them with `readability_counts` (one tokenisation per
document, each word's syllables looked up once), which gives the same numbers as textstat
at a small fraction of its cost; `textstat_metrics` asks textstat itself, and is the
reference the tests and `benchmarks/bench_readability.py` hold it to.
"""

from __future__ import annotations

import functools

import textstat

from .. import textstat_offline
from . import readability_counts
from ..context import DocumentContext
from ..data import load_toml
from ..findings import Severity
from ..regex import Pattern, compile
from ..results import TEXTSTAT_METRICS
from ..rules import Rule
from ..text import count_words, dateline_end


class HardToRead(Rule):
    """The body is very hard to read (low Flesch reading ease).

    Content-farm articles pile up abstract nouns and long sentences; a reading ease
    below `min_reading_ease` (default 30, "very difficult") is worth an editor's look.

    Bad: "The proliferation of multifaceted regulatory instrumentalities necessitates
    comprehensive recalibration of institutional accountability frameworks."

    Good: "Regulators now approve AI models before launch. Companies must show their
    training data."
    """

    code = "RD001"
    name = "readability.hard-to-read"
    severity = Severity.WARNING
    options = {"min_reading_ease": 30.0}
    limits = {"min_reading_ease": (-1000.0, 207.0)}


class GradeLevel(Rule):
    """The body needs more years of schooling than a news audience has.

    Flesch-Kincaid grade above `max_grade` (default 16: a college graduate).

    Bad: an article whose sentences average 35 words of four syllables.

    Good: an article a 12th-grader reads without stopping (grade 12 or below).
    """

    code = "RD002"
    name = "readability.grade-level"
    severity = Severity.INFO
    options = {"max_grade": 16.0}
    limits = {"max_grade": (0.0, 100.0)}


class LongSentence(Rule):
    """A sentence longer than `max_words` words (default 40).

    Long sentences hide who did what, and carry spliced-in clauses. A wire dateline is not
    counted in; a company suffix followed by a capitalised word that does not continue the
    name ("such as ExxonMobil Corp. Democratic Senator Tom Carper had urged ...") may end
    a sentence, so such a sentence is measured in parts and only a part over the limit is
    reported ("Apple Inc. Chief Executive Tim Cook said ..." is one sentence).

    Bad: "This situation mirrors the increasing tensions in international relations,
    particularly highlighted by ..., following recent political events, which ...
    (45 words and counting)."

    Good: "This situation mirrors rising tensions between China and the West."
    """

    code = "RD003"
    name = "readability.long-sentence"
    severity = Severity.INFO
    options = {"max_words": 40}
    limits = {"max_words": (1, 100_000)}


class ThinContent(Rule):
    """The body has fewer than `min_words` words (default 150) once boilerplate is removed.

    A page that is mostly navigation, teasers and share prompts is not an article.

    Bad: a title, a photo credit and an "Explore more" block of teaser links.

    Good: an article body of several hundred words.
    """

    code = "RD004"
    name = "readability.thin-content"
    severity = Severity.WARNING
    options = {"min_words": 150}
    limits = {"min_words": (0, 10_000_000)}


RULES = (HardToRead, GradeLevel, LongSentence, ThinContent)
METRICS = tuple(TEXTSTAT_METRICS)  # textstat function names


def readability_text(ctx: DocumentContext) -> str:
    """The exact text whose readability we report."""
    return "\n\n".join(ctx.text[b.start:b.end] for b in ctx.prose_blocks())


def warm_up() -> None:
    """Load the syllable dictionary, the easy-word list and the hyphenation patterns once,
    before documents are timed or workers fork (forked workers share them)."""
    readability_counts.load()
    readability_metrics("A short sentence warms every lazy table up. Another one follows it.")


def readability_metrics(text: str) -> dict[str, float]:
    """textstat's measures of `text`, rounded to 2 decimals; zeros for empty text.

    Equal to `textstat_metrics(text)`, computed from shared counts."""
    if not text.strip():
        return _zeros()
    counts = readability_counts.count(text)
    figures = readability_counts.figures(counts)
    out: dict[str, float] = {name: round(float(figures[name]), 2) for name in METRICS}
    out["reading_time_seconds"] = round(float(figures["reading_time"]), 2)
    out["words"] = counts.words
    out["sentences"] = counts.sentences
    return out


def textstat_metrics(text: str) -> dict[str, float]:
    """The same measures asked of textstat itself, one function at a time: the reference
    (several times slower; the tests and the benchmark use it)."""
    if not text.strip():
        return _zeros()
    textstat_offline.install()
    out: dict[str, float] = {name: round(float(getattr(textstat, name)(text)), 2) for name in METRICS}
    out["reading_time_seconds"] = round(float(textstat.reading_time(text)), 2)
    out["words"] = textstat.lexicon_count(text)
    out["sentences"] = textstat.sentence_count(text)
    return out


def _zeros() -> dict[str, float]:
    out: dict[str, float] = dict.fromkeys(METRICS, 0.0)
    out.update(reading_time_seconds=0.0, words=0, sentences=0)
    return out


# Any textstat call made in this process (the reference above, a test, a notebook) reads
# the bundled dictionary and never tries to download NLTK's.
textstat_offline.install()


class ReadabilityCheck:
    name = "readability"

    def run(self, ctx: DocumentContext) -> None:
        text = readability_text(ctx)
        metrics = readability_metrics(text)
        ctx.metrics.update(metrics)
        anchor = _anchor(ctx)
        ease, grade, words = metrics["flesch_reading_ease"], metrics["flesch_kincaid_grade"], metrics["words"]
        if words and ease < ctx.config.option(HardToRead, "min_reading_ease"):
            ctx.report(HardToRead, *anchor, f"Flesch reading ease {ease:g} is below {ctx.config.option(HardToRead, 'min_reading_ease'):g}: very hard to read", key="document")
        if words and grade > ctx.config.option(GradeLevel, "max_grade"):
            ctx.report(GradeLevel, *anchor, f"Flesch-Kincaid grade {grade:g} is above {ctx.config.option(GradeLevel, 'max_grade'):g}", key="document")
        min_words = ctx.config.option(ThinContent, "min_words")
        if words < min_words:
            ctx.report(ThinContent, *anchor, f"the body has {words} words once boilerplate is removed (fewer than {min_words})", key="document")
        max_words = ctx.config.option(LongSentence, "max_words")
        for _i, sentence in ctx.body_sentences():
            said = ctx.text[sentence.start:sentence.end]
            credit = dateline_end(said)  # "WASHINGTON (Reuters) - " is a credit
            if count_words(said[credit:]) <= max_words:
                continue
            for start, end in _company_parts(said):
                count = count_words(said[max(start, credit):end])
                if count > max_words:
                    ctx.report(LongSentence, sentence.start + start, sentence.start + end,
                               f"sentence of {count} words (more than {max_words})")


@functools.lru_cache(maxsize=1)
def _company_suffix() -> tuple[Pattern, frozenset[str]]:
    """A company suffix after a capitalised name (its full stop is group 1), then a
    capitalised word (group 2); and the words that carry the sentence on after it
    (`data/readability.toml`)."""
    data = load_toml("readability.toml")["company-suffix"]
    suffixes = "|".join(sorted(data["suffixes"], key=len, reverse=True))
    pattern = compile(rf"\p{{Lu}}[\p{{L}}\p{{Nd}}&.'’-]*\s+(?:{suffixes})(\.)\s+(\p{{Lu}}[\p{{L}}'’-]*)")
    return pattern, frozenset(data["continues"])


def _company_parts(said: str) -> list[tuple[int, int]]:
    """The parts of a sentence between company suffixes that end it ("ExxonMobil Corp.
    Democratic Senator ..."), as offsets into `said`; the whole sentence when there is none."""
    pattern, continues = _company_suffix()
    parts, cursor = [], 0
    for m in pattern.finditer(said):
        if m.group(2) in continues:
            continue  # "Apple Inc. Chief Executive Tim Cook said"
        parts.append((cursor, m.end(1)))
        cursor = m.start(2)
    parts.append((cursor, len(said)))
    return parts


def _anchor(ctx: DocumentContext) -> tuple[int, int]:
    """Where a whole-document finding points: the first body block (else the first line)."""
    blocks = ctx.body_blocks() or list(ctx.seg.blocks)
    if blocks:
        return blocks[0].start, blocks[0].end
    return 0, 0
