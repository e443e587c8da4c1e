"""Segmentation of a document's text into lines, blocks, sentences and words, with offsets.

Everything here works on character offsets into the document's text, so that every check
can report exact spans. Blocks are the unit a reader sees as one paragraph, heading or list
item: for HTML they come from the markup; for plain text they are lines, or blank-line
separated paragraphs when the text is hard-wrapped.

Article text is untrusted, so every step is linear in the text: patterns with alternation
run by RE2 (`auditor.regex`), once per document; a word is found with a single character
class (linear in Python's `re`, and several times faster than RE2 per match, which matters
for the most frequent token); the words around a sentence stop are read from a window of
fixed size, never by rescanning the block.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from . import regex
from .findings import LineIndex, Span

# Whitespace as Python's str.isspace() sees it, for RE2 (whose \s is ASCII only); the
# second form leaves out the line break.
SPACE = r"\t-\r\x1c-\x1f\x85\p{Z}"
LINE_SPACE = r"\t\x0b\x0c\r\x1c-\x1f\x85\p{Z}"

# --- blocks ----------------------------------------------------------------------------

_BULLET_MARK = r"(?:[-*+•·◦▪‣–—]|\p{Nd}{1,3}[.)]|[a-zA-Z][.)])"
# A list bullet at the start of one line (match it against a single line).
BULLET = regex.compile(rf"^[{LINE_SPACE}]*{_BULLET_MARK}[{LINE_SPACE}]+")
# Every line of a text that starts with a bullet, in one pass.
_BULLET_LINES = regex.compile(rf"(?m)^[{LINE_SPACE}]*{_BULLET_MARK}[{LINE_SPACE}]+")
_BULLET_CHARS = frozenset("-*+•·◦▪‣–—")
_TERMINAL = tuple('.!?:;"”’)]…')


@dataclass(frozen=True, slots=True)
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
    """`start`, `end` moved inwards past whitespace (at C speed: one slice, two strips)."""
    piece = text[start:end]
    left = piece.lstrip()
    if not left:
        return start, start
    return start + len(piece) - len(left), start + len(piece) - len(left) + len(left.rstrip())


def is_bullet_token(word: str) -> bool:
    """A whole token that is a list bullet: "-", "•", "1.", "12)", "a."."""
    if len(word) == 1:
        return word in _BULLET_CHARS
    if word[-1] not in ".)":
        return False
    head = word[:-1]
    return (len(head) == 1 and head.isascii() and head.isalpha()) or (len(head) <= 3 and head.isdecimal())


def bullet_line_starts(text: str) -> frozenset[int]:
    """Offsets of the line starts whose line opens with a list bullet (one RE2 pass)."""
    return frozenset(m.start() for m in _BULLET_LINES.finditer(text))


def _is_comment_line(stripped: str) -> bool:
    return len(stripped) >= 7 and stripped.startswith("<!--") and stripped.endswith("-->")


def _guess_kind(stripped: str, bullet: bool) -> str:
    if _is_comment_line(stripped):
        return "comment"  # a markup comment (e.g. an auditor directive): not article text
    if bullet:
        return "list-item"
    if stripped.startswith("#"):
        return "heading"
    words = stripped.split()
    if 0 < len(words) <= 15 and not stripped.endswith(_TERMINAL[:3]) and not stripped.endswith(","):
        return "heading"
    return "paragraph"


def _is_hard_wrapped(runs: list[list[tuple[int, int, bool]]], text: str) -> bool:
    """True when line breaks inside paragraphs fall mid-sentence (wrapped prose).

    Scraped articles usually put one paragraph on a line; a hand-written Markdown file
    wraps at ~80 columns. We look at every pair of adjacent non-blank lines: in wrapped
    text most first lines end without terminal punctuation and the next starts lower-case.
    """
    joins = continuing = 0
    for run in runs:
        for (s1, e1, _b1), (s2, _e2, bullet2) in zip(run, run[1:]):
            if bullet2:
                continue
            joins += 1
            if e1 - s1 >= 40 and not text[max(s1, e1 - 8):e1].rstrip().endswith(_TERMINAL) \
                    and text[s2:s2 + 1].islower():
                continuing += 1
    return joins >= 3 and continuing >= 0.4 * joins


def text_blocks(text: str) -> tuple[Block, ...]:
    """Blocks of a plain-text document: each non-blank line, or each blank-line separated
    paragraph when the text is hard-wrapped (list items and headings stay their own block)."""
    bullets = bullet_line_starts(text)
    runs: list[list[tuple[int, int, bool]]] = [[]]
    pos = 0
    for raw in text.split("\n"):
        start, end = _strip_span(text, pos, pos + len(raw))
        if start < end:
            runs[-1].append((start, end, pos in bullets))
        elif runs[-1]:
            runs.append([])
        pos += len(raw) + 1
    runs = [r for r in runs if r]
    wrapped = _is_hard_wrapped(runs, text)
    blocks: list[Block] = []
    for run in runs:
        for position, (start, end, bullet) in enumerate(run):
            line = text[start:end]
            kind = _guess_kind(line, bullet)
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
# A possible sentence end: stops, closing quotes or brackets, the whitespace after them and
# an opening quote or bracket. None of what follows the stops can begin another candidate,
# so consuming it loses nothing, and the next word starts where the match ends.
_CANDIDATE = regex.compile(rf"([.!?…]+[\"”’')\]]*)[{SPACE}]+([\"“‘'(\[]?)")
# The words on either side of a stop are read from a window of this many characters: a
# token longer than that is no abbreviation, initial, list number or sentence starter.
_WINDOW = 64


def _ends_sentence(chunk: str, lead: int, stops: str, at: int, next_at: int, opener: str) -> bool:
    """Whether the stops `stops` ending at `at` end a sentence; the next word starts at
    `next_at` (after whitespace and an optional opening quote); `lead` is where the block's
    text starts (a number there is a list number)."""
    ahead = chunk[next_at:next_at + _WINDOW]
    if not ahead or ahead[0].isspace():
        return False
    word = ahead.split(None, 1)[0]
    truncated = len(word) == _WINDOW
    first = word[0]
    if not (first.isupper() or first.isdigit() or opener or (not truncated and is_bullet_token(word))):
        return False
    if not stops.startswith("."):
        return True
    if stops.startswith("..") or stops != stops.rstrip("\"”’')]"):
        return True
    start = at - len(stops)
    behind = chunk[max(0, start - _WINDOW):start]
    if not behind or behind[-1].isspace():
        return True
    raw = behind.split()[-1]
    if len(raw) == len(behind) and start > _WINDOW:
        return True  # a token longer than the window: an ordinary (if odd) word
    token = raw.lstrip("\"“‘'([")
    if token.isdigit() and start - len(raw) <= lead:
        return False  # "1. Autonomous vehicles": a list number, not a sentence
    bare = token.lower()
    starter = not truncated and word.strip("\"“‘'(,;:").lower() in _SENTENCE_STARTERS
    if bare in _TITLES:
        return False
    if bare in _MAYBE_END:
        return starter
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "J. Smith"
    if "." in token and all(len(p) <= 2 for p in token.split(".")):
        return starter  # an acronym with dots: "U.S.", "a.m."
    return True


def _spans_in(chunk: str, offset: int, candidates) -> list[tuple[int, int]]:
    """Sentence spans of one block's text `chunk` (at `offset` in the document), given the
    candidate matches inside it as (stops end, next word start, stops, opener) tuples."""
    lead = len(chunk) - len(chunk.lstrip())
    spans = []
    cursor = 0
    for at, next_at, stops, opener in candidates:
        if _ends_sentence(chunk, lead, stops, at, next_at, opener):
            s, e = _strip_span(chunk, cursor, at)
            if s < e:
                spans.append((offset + s, offset + e))
            cursor = at
    s, e = _strip_span(chunk, cursor, len(chunk))
    if s < e:
        spans.append((offset + s, offset + e))
    return spans


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence offsets within `text[start:end]` (a block); never crosses the block's ends."""
    chunk = text[start:end]
    candidates = [(m.end(1), m.end(), m.group(1), m.group(2)) for m in _CANDIDATE.finditer(chunk)]
    return _spans_in(chunk, start, candidates)


# Sentences glued together without a space, as scraped posts lose them: the capture group
# is where the second sentence starts. A stop after a lower-case letter, a digit or a
# closing mark, then a capitalised word ("ago.On Sunday", "$1,300.The cost", "said.”The");
# a stop after a lower-case word, then an acronym ("flooding.FEMA has"); a colon between
# words ("reports:So, for six hours"); a pasted tweet's date run into the next sentence
# ("July 10, 2017And three days later").
_GLUED = regex.compile(
    r"[\p{Ll}\p{Nd})”\"’][.!?][”\"’]?(\p{Lu})\p{Ll}"
    r"|\p{Ll}{3}[.!?][”\"’]?(\p{Lu})\p{Lu}"
    r"|\p{L}:(\p{Lu})\p{Ll}"
    r"|(?:^|[^\p{Nd}])(?:1[89]\p{Nd}\p{Nd}|20\p{Nd}\p{Nd}|2100)(\p{Lu})\p{Ll}")


# A wire dateline opening a sentence: "WASHINGTON (Reuters) - ", "ANCHORAGE, Alaska (AP) — ",
# "WASHINGTON/NEW YORK (Reuters) - ".
_DATELINE = regex.compile(r"^\s*(?:[\p{Lu}][\p{Lu}\p{L} .,'’/-]{0,40})?\((Reuters|AP|AFP|UPI|CNN|Bloomberg|Xinhua)\)"
                          r"\s*[-—–]+\s*")


def dateline_agency(text: str) -> str:
    """The agency whose dateline opens the body ("Reuters" for "WASHINGTON (Reuters) - ..."),
    "" without one: the publisher of the article, whose own polls and reports are its own
    reporting."""
    for line in text[:DATELINE_CHARS].splitlines()[:DATELINE_LINES]:  # after a title line or two
        m = _DATELINE.match(line)
        if m:
            return m.group(1)
    return ""


DATELINE_CHARS = 400
DATELINE_LINES = 4


def dateline_end(sentence: str) -> int:
    """Where the words of a sentence that opens with a wire dateline begin (0 without one):
    the dateline is a credit, not part of what the sentence says. Asked of every sentence,
    so a sentence without "(" where a dateline's would stand is answered without RE2."""
    if "(" not in sentence.lstrip()[:_DATELINE_PAREN]:
        return 0
    m = _DATELINE.match(sentence)
    return m.end() if m else 0


_DATELINE_PAREN = 42  # a dateline's "(" comes within this many characters of its first non-space


# A pasted tweet's signature with its date: "Donald J. Trump (@realDonaldTrump) July 25, 2017".
_TWEET_SIGNATURE = regex.compile(r"\(@\w{1,15}\)\s*\p{Lu}\p{Ll}+\.?\s+\d{1,2},\s+\d{4}")
TWEET_CHARS = 340  # a pasted tweet runs back at most this far from its signature (280 characters and a name)


def tweet_signatures(text: str) -> list[int]:
    """Offsets of the signatures of tweets pasted into the text, in order (one pass)."""
    return [m.start() for m in _TWEET_SIGNATURE.finditer(text)]


def in_pasted_tweet(signatures: list[int], start: int) -> bool:
    """Whether a sentence starting at `start` is (part of) a pasted tweet: a signature
    follows within a tweet's length. `signatures` from tweet_signatures."""
    k = bisect_left(signatures, start)
    return k < len(signatures) and signatures[k] - start <= TWEET_CHARS


def glued_starts(text: str) -> list[int]:
    """Offsets where a sentence glued to the one before it starts (see _GLUED), in order."""
    out = []
    for m in _GLUED.finditer(text):
        out.append(next(m.start(g) for g in (1, 2, 3, 4) if m.start(g) >= 0))
    return out


def _cut(spans: list[tuple[int, int]], cuts: list[int]) -> list[tuple[int, int]]:
    """`spans` split at the offsets in `cuts` that fall strictly inside one of them."""
    out = []
    for s, e in spans:
        k = bisect_right(cuts, s)
        while k < len(cuts) and cuts[k] < e:
            out.append((s, cuts[k]))
            s = cuts[k]
            k += 1
        out.append((s, e))
    return out


def document_sentence_spans(text: str, blocks) -> list[list[tuple[int, int]]]:
    """Sentence offsets of every block (in order, not overlapping), with one pass of the
    candidate pattern over the whole text: what `sentence_spans` gives block by block,
    with sentences glued without a space read as two."""
    per_block: list[list] = [[] for _ in blocks]
    starts = [b.start for b in blocks]
    for m in _CANDIDATE.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i < 0 or m.end(1) > blocks[i].end:
            continue
        block = blocks[i]
        # The next word counts only inside the block: clip what the match consumed.
        next_at = min(m.end(), block.end)
        opener = m.group(2) if m.end() <= block.end else ""
        per_block[i].append((m.end(1) - block.start, next_at - block.start, m.group(1), opener))
    cuts = glued_starts(text)
    return [_cut(_spans_in(text[b.start:b.end], b.start, c), cuts) for b, c in zip(blocks, per_block)]


# --- words -----------------------------------------------------------------------------

# A word: letters, digits and underscores, joined by single apostrophes, stops or hyphens
# ("don't", "U.S", "state-owned"). The RE2 form, for searching short texts:
WORD = regex.compile(r"[\p{L}\p{N}_]+(?:['’.\-][\p{L}\p{N}_]+)*")
# The fast form: runs of word characters by a single character class (linear in `re`, the
# exception the regex policy allows), joined in Python.
_WORD_RUN = re.compile(r"\w+")
_JOINERS = frozenset("'’.-")


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Offsets of the words of `text[start:end]` (offsets into `text`)."""
    end = len(text) if end is None else end
    chunk = text if (start == 0 and end == len(text)) else text[start:end]
    out: list[list[int]] = []
    last = -2
    for m in _WORD_RUN.finditer(chunk):
        s, e = m.span()
        if s == last + 1 and chunk[last] in _JOINERS:
            out[-1][1] = e
        else:
            out.append([s, e])
        last = e
    return [(start + s, start + e) for s, e in out]


_JOINED = regex.scanner(r"(?<=\w)['’.\-](?=\w)")  # a joiner between two word characters


def count_words(text: str) -> int:
    """How many words `word_spans` finds in `text`: runs of word characters, less the
    joiners that stand alone between two of them (both counted at C speed)."""
    # "don't", "U.S", "state-owned": one word each, not two; a joiner counts when a word
    # character stands on both sides of it (re's \w is str.isalnum() or "_").
    return len(_WORD_RUN.findall(text)) - len(_JOINED.findall(text))


# --- the segmented document ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
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
        for i, spans in enumerate(document_sentence_spans(self.text, self.blocks)):
            for s, e in spans:
                out.append(Sentence(s, e, i))
        return tuple(out)

    @cached_property
    def words(self) -> tuple[tuple[int, int], ...]:
        return tuple(word_spans(self.text))

    def span(self, start: int, end: int) -> Span:
        return self.lines.span(start, end)


# --- normalisation for hashing ---------------------------------------------------------

# Single character classes (linear in `re`; RE2 has no Unicode \W): the policy's exception.
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_DIGIT = re.compile(r"\d")
NORMALISER_VERSION = 1


def normalise_for_hashing(text: str) -> str:
    """NFKC, case folding, digits folded to 0 and punctuation to single spaces: two copies
    of a passage that differ only in quotes, case or figures hash the same."""
    if text.isascii():  # NFKC and casefold are lower() on ASCII; one table lookup per character
        return " ".join(text.lower().translate(_ASCII_HASHING).split())
    folded = _DIGIT.sub("0", unicodedata.normalize("NFKC", text).casefold())
    return _NON_WORD.sub(" ", folded).strip()


# On ASCII text: digits to "0", every other character that is not a letter to a space.
_ASCII_HASHING = str.maketrans({c: ("0" if c.isdigit() else " ") for c in map(chr, range(128)) if not c.isalpha()})


def fold_plural(word: str) -> str:
    """Lower-case a word, drop a possessive and fold a plural ("models" -> "model",
    "companies" -> "company"): enough to match the same noun written two ways."""
    w = word.lower().replace("’", "'").rstrip(".")
    if w.endswith("'s"):
        w = w[:-2]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w
