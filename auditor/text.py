"""Segmentation of a document's text into lines, blocks, sentences and words, with offsets.

Everything here works on character offsets into the document's text, so that every check
can report exact spans. Blocks are the unit a reader sees as one paragraph, heading or list
item: for HTML they come from the markup; for plain text they are lines, or blank-line
separated paragraphs when the text is hard-wrapped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from .findings import LineIndex, Span

# --- blocks ----------------------------------------------------------------------------

BULLET = re.compile(r"^\s*(?:[-*+•·◦▪‣–—]|\d{1,3}[.)]|[a-zA-Z][.)])\s+")
_TERMINAL = tuple('.!?:;"”’)]…')


@dataclass(frozen=True)
class Block:
    """A paragraph-like unit of text: offsets, a kind and what the markup said about it.

    `kind` is one of "paragraph", "heading", "list-item", "front-matter", "caption",
    "preformatted", "comment". `tags` carries HTML context (nav, footer, aside, header, link, ...);
    `link_density` is the share of the block's characters inside links (HTML only).
    """

    start: int
    end: int
    kind: str = "paragraph"
    tags: frozenset[str] = frozenset()
    link_density: float = 0.0


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")


def _guess_kind(line: str) -> str:
    if _COMMENT_LINE.match(line):
        return "comment"  # a markup comment (e.g. an auditor directive): not article text
    if BULLET.match(line):
        return "list-item"
    stripped = line.strip()
    if stripped.startswith("#"):
        return "heading"
    words = stripped.split()
    if 0 < len(words) <= 15 and not stripped.endswith(_TERMINAL[:3]) and not stripped.endswith(","):
        return "heading"
    return "paragraph"


def _is_hard_wrapped(runs: list[list[tuple[int, int]]], text: str) -> bool:
    """True when line breaks inside paragraphs fall mid-sentence (wrapped prose).

    Scraped articles usually put one paragraph on a line; a hand-written Markdown file
    wraps at ~80 columns. We look at every pair of adjacent non-blank lines: in wrapped
    text most first lines end without terminal punctuation and the next starts lower-case.
    """
    joins = continuing = 0
    for run in runs:
        for (s1, e1), (s2, _e2) in zip(run, run[1:]):
            first, second = text[s1:e1], text[s2:e1 + 200]
            if BULLET.match(second):
                continue
            joins += 1
            if len(first) >= 40 and not first.rstrip().endswith(_TERMINAL) and second[:1].islower():
                continuing += 1
    return joins >= 3 and continuing >= 0.4 * joins


def text_blocks(text: str) -> tuple[Block, ...]:
    """Blocks of a plain-text document: each non-blank line, or each blank-line separated
    paragraph when the text is hard-wrapped (list items and headings stay their own block)."""
    runs: list[list[tuple[int, int]]] = [[]]
    pos = 0
    for raw in text.split("\n"):
        start, end = _strip_span(text, pos, pos + len(raw))
        if start < end:
            runs[-1].append((start, end))
        elif runs[-1]:
            runs.append([])
        pos += len(raw) + 1
    runs = [r for r in runs if r]
    wrapped = _is_hard_wrapped(runs, text)
    blocks: list[Block] = []
    for run in runs:
        for position, (start, end) in enumerate(run):
            line = text[start:end]
            kind = _guess_kind(line)
            if wrapped and kind == "heading" and len(run) > 1 and not line.startswith("#"):
                kind = "paragraph"  # a wrapped paragraph's first line is short, not a heading
            continues = (
                wrapped
                and position > 0
                and kind != "list-item"
                and not line.startswith("#")
                and blocks[-1].kind in ("paragraph", "list-item")
            )
            if continues:
                prev = blocks.pop()
                blocks.append(Block(prev.start, end, prev.kind))
            else:
                blocks.append(Block(start, end, kind))
    return tuple(blocks)


# --- sentences -------------------------------------------------------------------------

# Abbreviations after which a full stop never ends a sentence (a title before a name).
_TITLES = frozenset(
    "mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep rev hon pres "
    "no nos vol fig figs p pp ch sec art approx dept est ca cf al vs".split()
)
# Abbreviations that may end a sentence: split only when a sentence starter follows.
_MAYBE_END = frozenset(
    "inc corp co ltd llc plc bros etc jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_SENTENCE_STARTERS = frozenset(
    "the a an this that these those it its he she they we i you there here but and or so yet "
    "however in on at for as if when while after before since although though meanwhile "
    "moreover furthermore instead still then thus today yesterday according our their his her "
    "my one some many most several all no not what why how who where".split()
)
_CANDIDATE = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"(\S+)$")
_NEXT_WORD = re.compile(r"\s+([\"“‘'(\[]?)(\S*)")


def _ends_sentence(block_text: str, match: re.Match) -> bool:
    after = _NEXT_WORD.match(block_text, match.end())
    if not after or not after.group(2):
        return False
    opener, word = after.group(1), after.group(2)
    first = word[0]
    if not (first.isupper() or first.isdigit() or opener or BULLET.match(word + " ")):
        return False
    if not match.group().startswith("."):
        return True
    if match.group().startswith("..") or match.group() != match.group().rstrip("\"”’')]"):
        return True
    before = _WORD_BEFORE.search(block_text, 0, match.start())
    if not before:
        return True
    token = before.group(1).lstrip("\"“‘'([")
    if token.isdigit() and not block_text[: before.start()].strip():
        return False  # "1. Autonomous vehicles": a list number, not a sentence
    bare = token.lower()
    starter = word.strip("\"“‘'(,;:").lower() in _SENTENCE_STARTERS
    if bare in _TITLES:
        return False
    if bare in _MAYBE_END:
        return starter
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "J. Smith"
    if "." in token and all(len(p) <= 2 for p in token.split(".")):
        return starter  # an acronym with dots: "U.S.", "a.m."
    return True


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence offsets within `text[start:end]` (a block); never crosses the block's ends."""
    chunk = text[start:end]
    spans = []
    cursor = 0
    for m in _CANDIDATE.finditer(chunk):
        if _ends_sentence(chunk, m):
            s, e = _strip_span(chunk, cursor, m.end())
            if s < e:
                spans.append((start + s, start + e))
            cursor = m.end()
    s, e = _strip_span(chunk, cursor, len(chunk))
    if s < e:
        spans.append((start + s, start + e))
    return spans


# --- words -----------------------------------------------------------------------------

WORD = re.compile(r"\w+(?:['’.\-]\w+)*", re.UNICODE)


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in WORD.finditer(text, start, end)]


# --- the segmented document ------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    block: int  # index of the block that holds it


class Segmentation:
    """Lines, blocks, sentences and words of one text, computed once and shared by checks."""

    def __init__(self, text: str, blocks: tuple[Block, ...] | None = None):
        self.text = text
        self.lines = LineIndex(text)
        self.blocks = blocks if blocks is not None else text_blocks(text)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        out = []
        for i, block in enumerate(self.blocks):
            for s, e in sentence_spans(self.text, block.start, block.end):
                out.append(Sentence(s, e, i))
        return tuple(out)

    @cached_property
    def words(self) -> tuple[tuple[int, int], ...]:
        return tuple(word_spans(self.text))

    def span(self, start: int, end: int) -> Span:
        return self.lines.span(start, end)


# --- normalisation for hashing ---------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_DIGIT = re.compile(r"\d")
NORMALISER_VERSION = 1


def normalise_for_hashing(text: str) -> str:
    """NFKC, case folding, digits folded to 0 and punctuation to single spaces: two copies
    of a passage that differ only in quotes, case or figures hash the same."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _DIGIT.sub("0", folded)
    return _NON_WORD.sub(" ", folded).strip()


def fold_plural(word: str) -> str:
    """Lower-case a word, drop a possessive and fold a plural ("models" -> "model",
    "companies" -> "company"): enough to match the same noun written two ways."""
    w = word.lower().replace("’", "'").rstrip(".")
    w = re.sub(r"'s$", "", w)
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w
