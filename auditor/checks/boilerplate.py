"""Boilerplate: the site around the article, found block by block with exact spans.

Evidence is combined in this order (later steps read earlier labels):

1. phrases: each block is matched against the patterns in `data/boilerplate.toml`
   (share prompts, image credits, metadata lines, newsletter, legal, navigation, ads);
2. markup (HTML): blocks inside nav/footer/aside/form, and link lists (link density);
3. template lines repeated across the batch's stories (see `templates.py`);
4. lines repeated within the document (a title printed twice, a credit printed thrice);
5. teaser blocks: a related-links header ("Explore more") and the headline/snippet
   pairs that follow it, up to the first complete paragraph;
6. captions: a short line right beside an image credit;
7. the article body: the highest-scoring contiguous run of blocks, where prose scores
   its length and everything labelled above scores against it (a maximum-subarray
   search), widened to the lead above it (even across a short heading) and, for HTML,
   joined with the main container. Unlabelled blocks outside it are page furniture, but
   the headline (the line above the body most like the title) never is;
8. smoothing: a short line between two boilerplate blocks is boilerplate (jusText).

Everything a later check reads as "the body" is what is left.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import regex
from ..data import load_toml
from ..context import PROSE_KINDS, SKIPPED_KINDS, BoilerplateSpan, DocumentContext
from ..findings import Severity
from ..regex import phrase_pattern
from ..rules import Rule
from ..text import WORD, Block, count_words, normalise_for_hashing
from .templates import key_hash

TERMINAL = ('.', '!', '?', '"', '”', '’', "'", ')', '…', ':')


# --- rules -----------------------------------------------------------------------------


class _Boilerplate(Rule):
    severity = Severity.INFO
    kind: str = ""


class RelatedLinks(_Boilerplate):
    """A block of teaser links to other stories ("Explore more", "Related", "Read more").

    The header and every headline and snippet under it are left out of the body.

    Bad: "Explore more" followed by five headlines, each with a snippet cut mid-sentence.

    Good: the article ends with its own last paragraph.
    """

    code, name, kind = "BP001", "boilerplate.related-links", "related-links"


class SharePrompt(_Boilerplate):
    """A share or follow prompt ("Share This Story, Choose Your Platform!").

    Bad: "Share This Story, Choose Your Platform!"

    Good: no call to share inside the article text.
    """

    code, name, kind = "BP002", "boilerplate.share-prompt", "share-prompt"


class ImageCredit(_Boilerplate):
    """An image credit or caption printed into the text ("Photos courtesy of ...").

    Bad: "Photos courtesy of AI-generated Images" (printed three times).

    Good: credits kept in the page's image markup, out of the article text.
    """

    code, name, kind = "BP003", "boilerplate.image-credit", "image-credit"


class MetadataLine(_Boilerplate):
    """A metadata line: published/updated dates, tags, categories, bylines, reading time.

    Bad: "Published On: January 29, 2024Tags: ,"

    Good: the date and tags in the page's metadata, not in the body.
    """

    code, name, kind = "BP004", "boilerplate.metadata", "metadata"


class Newsletter(_Boilerplate):
    """A newsletter or subscription prompt.

    Bad: "Sign up for our newsletter to get the latest news in your inbox"

    Good: no subscription prompt inside the article text.
    """

    code, name, kind = "BP005", "boilerplate.newsletter", "newsletter"


class Legal(_Boilerplate):
    """Cookie, privacy, copyright and terms lines.

    Bad: "© 2024 Example Media. All rights reserved."

    Good: the page footer, kept out of the article text.
    """

    code, name, kind = "BP006", "boilerplate.legal", "legal"


class Navigation(_Boilerplate):
    """Navigation: menus, breadcrumbs, skip links, link lists, nav/header/footer/aside markup.

    Bad: "Home > News > World", "Skip to content", a list of section links.

    Good: only the article's own text.
    """

    code, name, kind = "BP007", "boilerplate.navigation", "navigation"


class RepeatedLine(_Boilerplate):
    """A line that repeats an earlier line of the same document (a title printed twice).

    Bad: the headline as the first line and again as the ninth.

    Good: each line once.
    """

    code, name, kind = "BP008", "boilerplate.repeated-line", "repeated-line"


class TemplateLine(_Boilerplate):
    """A line that recurs in other stories of the batch: the site's template.

    Near-duplicate documents count as one story, so one article published twice does not
    make its own paragraphs a template. `min_documents` stories must share the line.

    Bad: "Support independent journalism" on every page of a site.

    Good: lines that belong to this article only.
    """

    code, name, kind = "BP009", "boilerplate.template", "template"
    options = {"min_documents": 2}
    limits = {"min_documents": (2, 1_000_000)}


class Advertisement(_Boilerplate):
    """An advertising marker ("Advertisement", "Sponsored content", "Story continues below").

    Bad: "Advertisement" between two paragraphs.

    Good: no advertising markers inside the article text.
    """

    code, name, kind = "BP010", "boilerplate.advertisement", "advertisement"


class OutsideBody(_Boilerplate):
    """Short lines before the article's first paragraph or after its last one.

    The body is the run of blocks with the most prose; what lies outside it (menus,
    teaser headlines, footers) is page furniture, even when no phrase pattern names it.

    Bad: "Got a news tip?", "Press Releases", "Webinars" above the headline.

    Good: the article starts with its headline and first paragraph.
    """

    code, name, kind = "BP011", "boilerplate.outside-body", "outside-body"


RULES = (RelatedLinks, SharePrompt, ImageCredit, MetadataLine, Newsletter, Legal, Navigation, RepeatedLine,
         TemplateLine, Advertisement, OutsideBody)
RULES_BY_KIND = {r.kind: r for r in RULES}
MESSAGES = {
    "related-links": "related-links block (teaser headlines and snippets)",
    "share-prompt": "share prompt",
    "image-credit": "image credit or caption",
    "metadata": "metadata line (date, tags, byline)",
    "newsletter": "newsletter or subscription prompt",
    "legal": "legal, cookie or copyright line",
    "navigation": "navigation (menu, crumbs, link list)",
    "repeated-line": "repeats an earlier line of this document",
    "template": "template line shared with other stories in the batch",
    "advertisement": "advertising marker",
    "outside-body": "outside the article body",
}


# --- phrase patterns -------------------------------------------------------------------


@dataclass(frozen=True)
class PatternKind:
    kind: str
    max_words: int
    header: bool
    patterns: tuple[regex.Pattern, ...]


@functools.lru_cache(maxsize=1)
def pattern_kinds() -> tuple[PatternKind, ...]:
    data = load_toml("boilerplate.toml")
    return tuple(
        PatternKind(kind, spec["max_words"], spec.get("header", False),
                    tuple(regex.compile(p, re.IGNORECASE) for p in spec["patterns"]))
        for kind, spec in data.items()
    )


@functools.lru_cache(maxsize=1)
def _all_patterns() -> tuple[regex.PatternSet, tuple[int, ...], int]:
    """Every kind's patterns in one RE2 set (one pass per block), the kind (its position in
    `pattern_kinds()`) of each pattern, and the largest `max_words` of any kind."""
    kinds = pattern_kinds()
    data = load_toml("boilerplate.toml")
    sources = tuple(p for spec in data.values() for p in spec["patterns"])
    owners = tuple(i for i, spec in enumerate(data.values()) for _ in spec["patterns"])
    return regex.compile_set(sources, re.IGNORECASE), owners, max(k.max_words for k in kinds)


def match_kind(text: str, words: int) -> str | None:
    """The first pattern kind whose patterns match this block, if it is short enough."""
    patterns, owners, longest = _all_patterns()
    if words > longest:
        return None  # longer than any kind allows: article text, whatever it mentions
    kinds = pattern_kinds()
    hits = {owners[i] for i in patterns.matching(text.strip())}
    for position in sorted(hits):
        if words <= kinds[position].max_words:
            return kinds[position].kind
    return None


# --- the detector ----------------------------------------------------------------------

_MARKUP_TAGS = frozenset({"nav", "footer", "aside", "form", "menu"})
TUNING = load_toml("tuning.toml")["boilerplate"]
LINK_DENSITY = TUNING["link_density"]
DESK_PHRASE_MAX_WORDS = TUNING["desk_phrase_max_words"]  # a longer block is prose that quotes the phrase


@dataclass(frozen=True)
class BlockInfo:
    block: Block
    text: str
    words: int
    key: str

    @property
    def prose(self) -> bool:
        return (self.words >= 8 and self.text.rstrip().endswith(TERMINAL)) or self.words >= 25

    @property
    def complete(self) -> bool:
        """A finished paragraph: long enough and ends a sentence."""
        return self.words > 12 and self.text.rstrip().endswith(TERMINAL)


def describe_blocks(ctx: DocumentContext) -> list[BlockInfo]:
    out = []
    for block in ctx.seg.blocks:
        text = ctx.text[block.start:block.end]
        out.append(BlockInfo(block, text, count_words(text), normalise_for_hashing(text)))
    return out


def label_blocks(ctx: DocumentContext, infos: list[BlockInfo]) -> list[str | None]:
    """A boilerplate kind per block, or None for article text."""
    n = len(infos)
    labels: list[str | None] = [None] * n
    headers = set()
    templates = ctx.templates.keys if ctx.templates else frozenset()
    title_key = normalise_for_hashing(ctx.document.title) if ctx.document.title else ""
    desk = phrase_pattern(ctx.config.vocabulary.boilerplate_phrases)
    seen: dict[str, str | None] = {}
    for i, info in enumerate(infos):
        if info.block.kind in SKIPPED_KINDS:
            continue
        kind = match_kind(info.text, info.words)
        if kind == "related-links":
            headers.add(i)
        if kind is None and info.block.tags & _MARKUP_TAGS:
            kind = "navigation"
        if kind is None and "furniture" in info.block.tags and not ("main" in info.block.tags and info.complete):
            kind = "navigation"  # inside an element whose class/id says comments, sidebar, share...
        if kind is None and info.block.link_density >= LINK_DENSITY and not info.complete:
            kind = "navigation"
        if kind is None and templates and info.key != title_key and info.words >= 2 \
                and key_hash(info.key) in templates:
            kind = "template"  # one-word lines ("Conclusion") are left to the body search
        if kind is None and desk is not None and info.words <= DESK_PHRASE_MAX_WORDS and desk.search(info.text):
            kind = "template"  # a line holding a phrase the desk listed as its sites' boilerplate
        if kind is None and info.key in seen and len(info.key) >= 3 and not info.prose:
            # The headline printed again, or a repeat of a line already known as boilerplate;
            # other repeats (an interview's recurring question) may be the article's own.
            if info.key == title_key or seen[info.key] is not None:
                kind = "repeated-line"
        seen.setdefault(info.key, kind)
        labels[i] = kind
    _label_teasers(infos, labels, headers)
    _label_captions(infos, labels, title_key)
    # The headline is found by its likeness to the title, or without one to the first line
    # (a page's title line).
    first_key = next((info.key for info in infos if info.block.kind not in SKIPPED_KINDS), "")
    headline = _label_outside_body(infos, labels, title_key, title_key or first_key)
    _smooth(infos, labels, keep=headline)
    return labels


def _label_teasers(infos, labels, headers) -> None:
    """After a related-links header: headlines and cut-off snippets, until a complete
    paragraph (one that ends a sentence) or a link-free block of real prose."""
    reached = 0  # blocks before this were scanned by an earlier header: no block twice
    for i in sorted(headers):
        j = max(i + 1, reached)
        while j < len(infos) and labels[j] in (None, "related-links", "navigation", "template", "image-credit"):
            info = infos[j]
            if info.complete and info.block.link_density < 0.5:
                break
            labels[j] = "related-links"
            j += 1
        reached = j


def _label_captions(infos, labels, title_key: str) -> None:
    """A short unlabelled line right before an image credit is its caption (a short line
    after a credit is more often the next section's heading)."""
    for i, info in enumerate(infos[:-1]):
        if labels[i] is not None or info.words > 12 or info.text.rstrip().endswith(TERMINAL[:3]):
            continue
        if labels[i + 1] == "image-credit" and info.key != title_key:
            labels[i] = "image-credit"


# Body search weights (tuned on the labelled pages, see data/tuning.toml).
PROSE_OFFSET = TUNING["prose_offset"]
SHORT_PENALTY = TUNING["short_penalty"]
MEDIUM_PENALTY = TUNING["medium_penalty"]
LABELLED_PENALTY = TUNING["labelled_penalty"]


def _block_score(info: BlockInfo, label: str | None) -> float:
    if label is not None:
        return -(LABELLED_PENALTY + info.words)
    if info.prose:
        return float(min(info.words, 100)) - PROSE_OFFSET
    if info.words < 8:
        return -SHORT_PENALTY
    return -MEDIUM_PENALTY


def _label_outside_body(infos, labels, title_key: str, headline_key: str) -> int | None:
    """Label what lies outside the article body as page furniture.

    The body is the maximum-sum run of block scores (see `_body_run`); for HTML with a main
    container (see corpus/html.py) it is the container, joined with that run when the run
    overlaps it (an article split around an advert keeps its first half). The headline above
    the body is never furniture."""
    run = _body_run(infos, labels)
    main = [i for i, info in enumerate(infos) if "main" in info.block.tags]
    if main:
        first, last = main[0], main[-1]
        if run and run[0] <= last and run[1] >= first:
            first, last = min(first, run[0]), max(last, run[1])
    elif run:
        first, last = run
    else:
        return None  # no prose at all: nothing to call the body, so nothing to call furniture
    # The headline, when no line above the body but the first is the title itself (a plain
    # text's title is its first line; a page's title is printed again as its headline).
    opening = next((i for i, info in enumerate(infos) if info.block.kind not in SKIPPED_KINDS), 0)
    titled = any(_is_title(infos[i], title_key) for i in range(opening + 1, first))
    headline = None if titled else _headline(infos, labels, headline_key, first)
    for i, info in enumerate(infos):
        if labels[i] is not None or info.block.kind in SKIPPED_KINDS or first <= i <= last:
            continue
        if (i < first or main) and (_is_title(info, title_key) or i == headline):
            continue  # the headline above the body is the article's own
        labels[i] = "outside-body"
    return headline


def _body_run(infos, labels) -> tuple[int, int] | None:
    """The maximum-sum run of block scores, widened to the prose at its edges, the lead
    above it and the heading right above its first paragraph."""
    best_sum, best = 0.0, None
    run_sum, run_start = 0.0, 0
    for i, info in enumerate(infos):
        if info.block.kind == "front-matter":
            run_sum, run_start = 0.0, i + 1
            continue
        if info.block.kind == "comment":
            continue  # transparent: a directive between two paragraphs does not split the body
        score = _block_score(info, labels[i])
        if run_sum <= 0:
            run_sum, run_start = score, i
        else:
            run_sum += score
        if run_sum > best_sum:
            best_sum, best = run_sum, (run_start, i)
    if best is None:
        return None
    first, last = best
    while True:
        while first > 0 and labels[first - 1] is None and infos[first - 1].prose:
            first -= 1  # short prose at the edges scores ~0 but is still the article's
        lead = _lead_above(infos, labels, first)
        if lead is None:
            break
        first = lead
    while last + 1 < len(infos) and labels[last + 1] is None and infos[last + 1].prose:
        last += 1
    if first > 0 and labels[first - 1] is None and infos[first - 1].block.kind == "heading":
        first -= 1  # the section heading right above the first paragraph belongs to it
    return first, last


# At most this many short unlabelled lines (a section heading, a list number) may stand
# between the body and a paragraph of prose above it that is still the article's lead.
LEAD_GAP = TUNING["lead_gap"]


def _lead_above(infos, labels, first: int) -> int | None:
    """The index of a prose paragraph above `first` separated from it only by up to
    LEAD_GAP short unlabelled lines (the lead, above "1. Document Leaks"), else None."""
    j = first - 1
    gap = 0
    while j >= 0 and gap < LEAD_GAP and labels[j] is None and not infos[j].prose \
            and infos[j].block.kind not in SKIPPED_KINDS and infos[j].words < 8:
        j -= 1
        gap += 1
    if gap and j >= 0 and labels[j] is None and infos[j].prose:
        return j
    return None


# A headline shares most of its words with the page title: at least this share of them,
# and at least HEADLINE_WORDS words, within HEADLINE_REACH blocks above the body.
HEADLINE_SHARE = TUNING["headline_share"]
HEADLINE_WORDS = TUNING["headline_words"]
HEADLINE_REACH = TUNING["headline_reach"]


def _headline(infos, labels, title_key: str, first: int) -> int | None:
    """The block above the body that is the article's headline: the unlabelled line that
    shares the largest part of its words with the title (the nearest on a tie)."""
    title_words = set(title_key.split())
    if not title_words:
        return None
    best, best_share = None, 0.0
    for i in range(first - 1, max(-1, first - 1 - HEADLINE_REACH), -1):
        info = infos[i]
        if labels[i] is not None or info.prose or info.block.kind in SKIPPED_KINDS:
            continue
        words = info.key.split()
        if len(words) < HEADLINE_WORDS:
            continue
        share = sum(w in title_words for w in words) / len(words)
        if share >= HEADLINE_SHARE and share > best_share:
            best, best_share = i, share
    return best


def _is_title(info: BlockInfo, title_key: str) -> bool:
    return bool(info.key) and info.key == title_key


def _smooth(infos, labels, keep: int | None = None) -> None:
    """A short unlabelled block between two boilerplate blocks is boilerplate too (but the
    headline, `keep`, which often stands between a timestamp and a share bar)."""
    for i in range(1, len(infos) - 1):
        if i != keep and labels[i] is None and not infos[i].prose and labels[i - 1] and labels[i + 1]:
            labels[i] = labels[i - 1] if labels[i - 1] != "outside-body" else labels[i + 1]


@functools.lru_cache(maxsize=1)
def _closing_credit() -> regex.Pattern:
    return regex.compile(load_toml("boilerplate.toml")["image-credit"]["closing"], re.IGNORECASE)


def _closing_credits(ctx: DocumentContext, labels: list[str | None]) -> list[BoilerplateSpan]:
    """Image credits printed as the last sentence of a body paragraph, where scraped posts
    leave them ("... for further updates.Featured image via Getty Images"): the span of
    that sentence. The paragraph stays body text; only the credit's characters count as
    boilerplate (the block-level labels leave such a paragraph alone)."""
    last_sentence: dict[int, tuple[int, int]] = {}
    first_sentence: dict[int, int] = {}
    for s in ctx.seg.sentences:
        last_sentence[s.block] = (s.start, s.end)
        first_sentence.setdefault(s.block, s.start)
    out = []
    for i, (start, end) in last_sentence.items():
        block = ctx.seg.blocks[i]
        if labels[i] is not None or block.kind not in PROSE_KINDS or first_sentence[i] == start:
            continue  # boilerplate already, not prose, or a paragraph of one sentence (the block rules' business)
        text = ctx.text[start:end]
        if _closing_credit().search(text) and match_kind(text, count_words(text)) == "image-credit":
            out.append(BoilerplateSpan(start, end, "image-credit"))
    return out


class BoilerplateCheck:
    name = "boilerplate"

    def run(self, ctx: DocumentContext) -> None:
        infos = describe_blocks(ctx)
        labels = label_blocks(ctx, infos)
        credits = _closing_credits(ctx, labels)
        ctx.set_boilerplate(sorted([BoilerplateSpan(info.block.start, info.block.end, label)
                                    for info, label in zip(infos, labels) if label is not None] + credits,
                                   key=lambda span: (span.start, span.end)))
        for credit in credits:
            ctx.report(ImageCredit, credit.start, credit.end, MESSAGES["image-credit"] + " closing a paragraph")
        ctx.metrics["boilerplate_blocks"] = sum(1 for label in labels if label)
        # One finding per run of consecutive blocks of the same kind.
        i = 0
        while i < len(infos):
            label = labels[i]
            if label is None:
                i += 1
                continue
            j = i
            while j + 1 < len(infos) and labels[j + 1] == label:
                j += 1
            count = j - i + 1
            message = MESSAGES[label] + (f" ({count} blocks)" if count > 1 else "")
            ctx.report(RULES_BY_KIND[label], infos[i].block.start, infos[j].block.end, message)
            i = j + 1
