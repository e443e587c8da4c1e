"""Attribution: what stands behind a sentence's figures.

Grades, strongest first:
- linked: a URL, a Markdown link, an (Org, Year) citation or a footnote marker that
  resolves to a reference line;
- named: a named source with a cue ("according to a report by the International Data
  Corporation", "as reported by brokerage CLSA", "The Ministry ... confirmed", a trailing
  "(South China Morning Post)", "he said");
- vague: "experts say", "reports suggest", "state-run research institutes", "Reuters and
  other sources", an agentless "is projected to", an unnamed "officials said";
- none.
Vocabulary lives in `data/statistics.toml`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..claim import NO_SUPPORT, Support
from ..data import load_toml, phrase_alternation

_NAME = r"(?:[A-Z][\w&.'’-]*|[A-Z]{2,})(?:\s+(?:(?:of|for|and|on|the|de|du|&)\s+)*(?:[A-Z][\w&.'’-]*|[A-Z]{2,}))*(?:\s+\([A-Z][\w&.-]*\))?"
_SKIPPABLE = r"(?:(?:a|an|the|its|their|his|her|new|recent|latest|annual|official|brokerage|research|consultancy|firm|agency|group|outlet|newspaper|broadcaster|data|analytics)\s+)*"


@dataclass(frozen=True)
class AttributionPatterns:
    url: re.Pattern
    citation: re.Pattern
    footnote: re.Pattern
    vague: re.Pattern
    hedge: re.Pattern
    intro_name: re.Pattern
    name_verb: re.Pattern
    verb_name: re.Pattern
    vague_subject_verb: re.Pattern
    relative_verb: re.Pattern
    pronoun_verb: re.Pattern
    trailing_source: re.Pattern
    possessive_report: re.Pattern


@functools.lru_cache(maxsize=1)
def patterns() -> AttributionPatterns:
    a = load_toml("statistics.toml")["attribution"]
    verbs = phrase_alternation(a["speech_verbs"])
    adverbs = r"(?:(?:has|have|had|also|previously|recently|reportedly|publicly|officially|on\s+\w+day|last\s+\w+|in\s+a\s+\w+|\w+ly)\s+){0,3}"
    return AttributionPatterns(
        url=re.compile(r"https?://\S+|\bwww\.\S+|\[[^\]\n]+\]\((?:https?://|/)[^)\s]+\)"),
        citation=re.compile(r"\((?:[A-Z][\w&.'’-]*\s?){1,6}(?:et al\.)?,?\s*(?:19|20)\d{2}[a-z]?\)"),
        footnote=re.compile(r"\[(\d{1,3})\]|(?<=[a-z.,])\^(\d{1,3})\b"),
        vague=re.compile(rf"\b({phrase_alternation(a['vague_phrases'])})\b", re.IGNORECASE),
        hedge=re.compile(rf"\b({phrase_alternation(a['hedges'])})\b", re.IGNORECASE),
        intro_name=re.compile(rf"\b({phrase_alternation(a['source_intros'])})\s+{_SKIPPABLE}({_NAME})"),
        name_verb=re.compile(rf"(?<![\w])({_NAME})(?:'s|’s)?\s+{adverbs}({verbs})\b"),
        verb_name=re.compile(rf"\b(said|says|told|added|wrote|recalled|according to)\s+(?:[\w/-]+\s+){{0,3}}?({_NAME})"),
        vague_subject_verb=re.compile(rf"\b({phrase_alternation(a['vague_subjects'])})\s+{adverbs}({verbs})\b", re.IGNORECASE),
        relative_verb=re.compile(rf"({_NAME}),?\s+(?:which|who|that)\s+{adverbs}({verbs})\b"),
        pronoun_verb=re.compile(rf"\b({phrase_alternation(a['pronouns'])})\s+{adverbs}({verbs})\b", re.IGNORECASE),
        trailing_source=re.compile(rf"\(({_NAME})\)\s*[.!]?\s*$"),
        possessive_report=re.compile(rf"({_NAME})(?:'s|’s)?\s+(?:[a-z]+\s+)?(?:report|data|survey|study|figures|analysis|estimates?|statistics|poll|research|census|index|filing|release)s?\b"),
    )


# Capitalised words that start sentences or name no one: never a source on their own.
_NOT_SOURCES = frozenset(
    "The A An This That These Those It Its In On At For As By But And Or If When While After Before Since "
    "However Meanwhile Moreover According Some Many Most Several Such Other Others Both Each Every Last Next To "
    "With Without Of From Under Over During Through Until Here There Then Now Today Yesterday "
    "Shares Stock Prices Sales Revenue Growth Demand Investment Investors Data Figures Reports Studies Experts "
    "Analysts Officials Sources Researchers".split()
)


def _is_name(candidate: str) -> bool:
    words = candidate.replace("(", " ").split()
    meaningful = [w for w in words if w not in _NOT_SOURCES and w.lower() not in ("of", "for", "and", "the", "on", "de", "du", "&")]
    return bool(meaningful)


def _abbreviates(before: str, acronym: str) -> bool:
    """True when `acronym` is made of the initials of the words just before it."""
    letters = re.sub(r"[^A-Za-z]", "", acronym)
    if letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]
    if not letters.isupper() or len(letters) < 2:
        return False
    words = re.findall(r"[A-Za-z][\w-]*", before)[-len(letters) - 2:]
    initials = "".join(w[0] for w in words).lower()
    return letters.lower() in initials


def sentence_support(text: str, start: int, end: int, references: frozenset[str] = frozenset()) -> Support:
    """The strongest attribution inside `text[start:end]`.

    `references` holds the footnote numbers that resolve to a reference line elsewhere in
    the document ("[3] Ministry report, 2024")."""
    p = patterns()
    sentence = text[start:end]
    m = p.url.search(sentence) or p.citation.search(sentence)
    if m:
        return Support("linked", m.group(), start + m.start(), start + m.end())
    for m in p.footnote.finditer(sentence):
        if (m.group(1) or m.group(2)) in references:
            return Support("linked", m.group(), start + m.start(), start + m.end())
    vague = p.vague.search(sentence)
    if vague:
        return Support("vague", vague.group(), start + vague.start(), start + vague.end(), covers_paragraph=True)
    best: Support = NO_SUPPORT
    for pattern, group in ((p.intro_name, 2), (p.trailing_source, 1), (p.possessive_report, 1), (p.name_verb, 1),
                           (p.relative_verb, 1), (p.verb_name, 2)):
        for m in pattern.finditer(sentence):
            name = m.group(group)
            if pattern is p.trailing_source and _abbreviates(sentence[: m.start()], name):
                continue  # "large language models (LLMs)." names no source
            if _is_name(name):
                return Support("named", m.group(), start + m.start(), start + m.end(),
                               covers_paragraph=pattern in (p.intro_name, p.trailing_source))
    m = p.pronoun_verb.search(sentence)
    if m:
        return Support("named", m.group(), start + m.start(), start + m.end())
    m = p.vague_subject_verb.search(sentence) or p.hedge.search(sentence)
    if m:
        best = Support("vague", m.group(), start + m.start(), start + m.end())
    return best


def footnote_references(text: str) -> frozenset[str]:
    """Footnote numbers with a reference line: "[3] ..." or "3. ..." under a References heading."""
    found = set(re.findall(r"^\s*\[(\d{1,3})\]\s+\S", text, re.MULTILINE))
    heading = re.search(r"^\s*(references|sources|notes|footnotes|bibliography)\s*:?\s*$", text, re.IGNORECASE | re.MULTILINE)
    if heading:
        found |= set(re.findall(r"^\s*(\d{1,3})[.)]\s+\S", text[heading.end():], re.MULTILINE))
    return frozenset(found)
