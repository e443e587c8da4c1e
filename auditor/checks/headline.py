"""Clickbait headlines: a word shouted in capitals, a media tag sold with the story.

Farm and hyper-partisan sites sell the click in the headline ("Trump Has Total UNHINGED
Meltdown (VIDEO)", "WATCH: Senator BLISTERS ..."); wire and newspaper headlines do not.
A capitalised word counts as shouting only when it is an English dictionary word (the CMU
dictionary that readability already loads) and not a known acronym (`data/headline.toml`),
and only in a headline not set all in capitals, so "NATO", "NAFTA talks" and an all-caps
page title stay silent. A word the body also prints in capitals between ordinary words
("two rising stars, HARDY and Lainey Wilson", "a retired Navy SEAL team 6 hero") is the
house style for a name, not shouting; one in a run of capitals ("panicky DO SOMETHING:")
or at a sentence end ("a LOSER! Go") is not. One finding per document, on the headline
where the text prints it, else on the first body block with the headline quoted.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..context import DocumentContext
from ..data import load_toml
from ..findings import Severity
from ..regex import Pattern, compile
from ..rules import Rule
from .readability_counts import cmu_syllables


class ClickbaitHeadline(Rule):
    """The headline shouts: a dictionary word in capitals for emphasis or a media tag.

    Headlines that sell the click rather than the story are a content-farm tell: a word
    set in capitals for emphasis ("UNHINGED", "BUSTED"), or a media tag in brackets or as a
    prefix ("(VIDEO)", "[TWEETS]", "WATCH:"). Acronyms ("NATO", "NAFTA"), headlines set
    all in capitals and names the article itself styles in capitals (a stage name "HARDY"
    the body also prints between ordinary words) are not shouting.

    Bad: "Trump Has Total UNHINGED Meltdown For The Entire World To See (VIDEO)"

    Good: "Trump criticises senator in late-night posts"
    """

    code = "FM008"
    name = "farm.clickbait-headline"
    severity = Severity.INFO


RULES = (ClickbaitHeadline,)


@dataclass(frozen=True)
class HeadlinePatterns:
    capitals: Pattern  # a word in capitals
    word: Pattern  # a word of the body, for the capitals-as-a-name test
    tag: Pattern  # a media tag in brackets or as a prefix
    acronyms: frozenset[str]
    min_letters: int


@functools.lru_cache(maxsize=1)
def patterns() -> HeadlinePatterns:
    data = load_toml("headline.toml")
    tags = "|".join(sorted((t.replace(" ", r"\s+") for t in data["media_tags"]), key=len, reverse=True))
    prefixes = "|".join(sorted((t.replace(" ", r"\s+") for t in data["prefix_tags"]), key=len, reverse=True))
    return HeadlinePatterns(
        capitals=compile(r"\b[A-Z][A-Z'’]*[A-Z]\b"),
        word=compile(r"[\p{L}\p{N}'’]+"),
        tag=compile(rf"[(\[]\s*(?:{tags})\s*[)\]]|^\s*(?:{prefixes})\s*[:!]"),
        acronyms=frozenset(data["acronyms"]),
        min_letters=int(data["min_letters"]),
    )


def clickbait_signs(headline: str) -> list[str]:
    """The shouted words and media tags of a headline, in order (empty when none)."""
    p = patterns()
    letters = [ch for ch in headline if ch.isalpha()]
    if not letters:
        return []
    signs = [m.group().strip() for m in p.tag.finditer(headline)]
    if sum(ch.isupper() for ch in letters) > 0.6 * len(letters):
        return signs  # set all in capitals: a style, not emphasis
    words = cmu_syllables()
    for m in p.capitals.finditer(headline):
        word = m.group()
        bare = word.replace("'", "").replace("’", "")
        if len(bare) < p.min_letters or word in p.acronyms or bare.lower() not in words:
            continue
        if any(word in sign for sign in signs):
            continue  # already part of a tag
        signs.append(word)
    return signs


class HeadlineCheck:
    name = "headline"

    def run(self, ctx: DocumentContext) -> None:
        headline = " ".join(ctx.document.title.split())
        if not headline:
            return
        signs = clickbait_signs(headline)
        if not signs:
            return
        start, end = _headline_span(ctx, headline)
        shouted = {s for s in signs if patterns().capitals.fullmatch(s)}
        if shouted:
            names = _styled_names(ctx, shouted, start, end)
            signs = [s for s in signs if s not in names]
            if not signs:
                return
        shown = ", ".join(repr(s) for s in signs)
        ctx.report(ClickbaitHeadline, start, end, f"the headline shouts ({shown}): {headline[:160]!r}", key="headline")


def _headline_span(ctx: DocumentContext, headline: str) -> tuple[int, int]:
    """The headline's line when the text prints it first, else the first body block."""
    text = ctx.text
    lead = len(text) - len(text.lstrip())
    first_line_end = text.find("\n", lead)
    first_line_end = len(text) if first_line_end < 0 else first_line_end
    if " ".join(text[lead:first_line_end].split()) == headline:
        return lead, first_line_end
    blocks = ctx.body_blocks() or list(ctx.seg.blocks)
    return (blocks[0].start, blocks[0].end) if blocks else (0, 0)


def _styled_names(ctx: DocumentContext, words: set[str], start: int, end: int) -> set[str]:
    """The `words` the body prints in capitals between two ordinary words (each with a
    lower-case letter, only spaces or a comma between): the article's style for a name
    ("stars, HARDY and Lainey", "Navy SEAL team"), not emphasis. The headline's own line
    (`start`-`end`, when the text prints it) is not read."""
    p = patterns()
    found: set[str] = set()
    text = ctx.text
    for block in ctx.body_blocks():
        if block.start < end and start < block.end:
            continue  # the headline itself
        chunk = text[block.start:block.end]
        tokens = list(p.word.finditer(chunk))
        for i in range(1, len(tokens) - 1):
            word = tokens[i].group()
            if word not in words or word in found:
                continue
            before, after = tokens[i - 1], tokens[i + 1]
            if (_ordinary(before.group()) and _ordinary(after.group())
                    and _plain_gap(chunk[before.end():tokens[i].start()])
                    and _plain_gap(chunk[tokens[i].end():after.start()])):
                found.add(word)
    return found


def _ordinary(word: str) -> bool:
    return any(ch.islower() for ch in word)


def _plain_gap(gap: str) -> bool:
    return all(ch.isspace() or ch == "," for ch in gap)
