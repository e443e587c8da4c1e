"""HTML to visible text, one line per block, keeping what the markup says about each block.

lxml parses (it recovers from broken markup the way browsers do); we walk the tree with
start/end events rather than recursion, so hostile nesting cannot exhaust the stack.
Nothing in the page is executed or fetched: scripts, styles and embedded objects are
dropped, and only text nodes reach the Document.

Every character of the visible text remembers the line of the file it came from (lxml
gives each element the line of its start tag; newlines inside text nodes are counted from
there), so reports can point into the .html file while offsets index the visible text.

Every pattern here is linear in the page:
whitespace is folded by a single character class, and class/id attributes (unbounded,
untrusted) are read by RE2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

from .. import regex
from ..text import Block
from .decode import InputError

_SKIP = frozenset(
    "script style noscript template head svg math iframe object embed canvas button select "
    "option textarea input audio video map".split()
)
_BLOCK = frozenset(
    "address article aside blockquote body dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary "
    "table tbody thead tfoot tr td th caption ul br html".split()
)
# Ancestors worth remembering on a block: the boilerplate check reads them.
_CONTEXT = frozenset("nav footer aside header form figure figcaption table menu".split())
_KIND = {
    **{f"h{i}": "heading" for i in range(1, 7)},
    "li": "list-item",
    "dt": "list-item",
    "dd": "list-item",
    "figcaption": "caption",
    "caption": "caption",
    "pre": "preformatted",
}
# A single character class with a quantifier: linear in `re` (the regex policy's exception).
_SPACE = re.compile(r"\s+")
# class/id words that mark page furniture (matched as whole words of the attribute).
_FURNITURE = regex.compile(
    r"(?:^|[\s_-])(comments?|related|share|sharing|social|sidebar|newsletter|promo|advert\w*|ads?|"
    r"subscribe|subscription|recommended|popular|trending|widget|breadcrumbs?|menu|navbar|cookie\w*|"
    r"banner|masthead|footer|outbrain|taboola|disqus)(?:$|[\s_-])",
    re.IGNORECASE,
)
MAIN_SHARE = 0.5  # the main container holds at least this share of the page's prose


@dataclass(frozen=True)
class ParsedHtml:
    text: str
    blocks: tuple[Block, ...]
    title: str
    meta: dict[str, str]
    directives: tuple = ()  # `<!-- auditor: ... -->` comments, placed at their text offset
    source_lines: tuple[tuple[int, int], ...] = ()  # (text offset, line of the file) breakpoints


class _BlockBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.blocks: list[Block] = []
        self.paths: list[tuple[int, ...]] = []  # ancestor element ids of each block
        self.pieces: list[tuple[str, bool, int]] = []  # (text, inside a link, source line it starts on)
        self.source_lines: list[tuple[int, int]] = []  # (text offset, source line) where the line changes
        self.offset = 0
        self.path: tuple[int, ...] = ()
        self.furniture: list[int] = []  # ids of open elements whose class/id says furniture
        self.block_furniture: list[tuple[int, ...]] = []

    def add(self, text: str | None, in_link: bool, line: int = 0) -> None:
        if text:
            self.pieces.append((text, in_link, line))

    def flush(self, stack: list[str]) -> None:
        if not self.pieces:
            return
        preformatted = "pre" in stack
        raw = "".join(t for t, _, _ in self.pieces)
        text = raw.strip() if preformatted else _SPACE.sub(" ", raw).strip()
        if text:
            link_chars = sum(len(_SPACE.sub("", t)) for t, link, _ in self.pieces if link)
            all_chars = max(1, len(_SPACE.sub("", text)))
            kind = next((_KIND[t] for t in reversed(stack) if t in _KIND), "paragraph")
            tags = frozenset(t for t in stack if t in _CONTEXT)
            if link_chars:
                tags |= {"link"}

            if self.parts:
                self.parts.append("\n")
                self.offset += 1
            self.parts.append(text)
            self._map_lines(raw, text, preformatted)
            self.blocks.append(
                Block(self.offset, self.offset + len(text), kind, tags, round(min(1.0, link_chars / all_chars), 3))
            )
            self.offset += len(text)
            self.paths.append(self.path)
            self.block_furniture.append(tuple(self.furniture))
        self.pieces = []

    def _map_lines(self, raw: str, text: str, preformatted: bool) -> None:
        """Record the source line of each character of `text` (the block just added at
        `self.offset`), as breakpoints where the line changes."""
        raw_lines = []  # the source line of each character of `raw`
        for piece, _link, line in self.pieces:
            for char in piece:
                raw_lines.append(line)
                if char == "\n":
                    line += 1
        if preformatted:
            first = len(raw) - len(raw.lstrip())
            text_lines = raw_lines[first:first + len(text)]
        else:
            # The same collapsing as `_SPACE.sub(" ", raw).strip()`, one character at a time:
            # a run of white space becomes one space on the line of the text that follows it.
            text_lines = []
            position = 0
            for match in _SPACE.finditer(raw):
                text_lines.extend(raw_lines[position:match.start()])
                text_lines.append(raw_lines[match.end()] if match.end() < len(raw) else raw_lines[match.start()])
                position = match.end()
            text_lines.extend(raw_lines[position:])
            if raw[:1].isspace() and _SPACE.match(raw):
                text_lines = text_lines[1:]
            text_lines = text_lines[:len(text)]
        if len(text_lines) != len(text):  # cannot happen; never let a position map break a page
            text_lines = [raw_lines[0] if raw_lines else 0] * len(text)
        last = self.source_lines[-1][1] if self.source_lines else None
        for index, line in enumerate(text_lines):
            if line != last:
                self.source_lines.append((self.offset + index, line))
                last = line

    def mark_main_container(self) -> None:
        """Tag the blocks of the main container: the deepest element that holds at least
        MAIN_SHARE of the page's prose (readability-style, by text weight)."""
        weights: dict[int, int] = {}
        total = 0
        for block, path in zip(self.blocks, self.paths):
            weight = self._prose_weight(block)
            total += weight
            for element in path:
                weights[element] = weights.get(element, 0) + weight
        # Deeper elements have larger ids along a path; the deepest qualifying one wins.
        best = max((e for e, w in weights.items() if total and w >= MAIN_SHARE * total), default=None)
        main_line: set[int] = set()  # the main container and its ancestors
        if best is not None:
            path = next(p for p in self.paths if best in p)
            main_line = set(path[: path.index(best) + 1])
        blocks = []
        for block, path, furniture in zip(self.blocks, self.paths, self.block_furniture):
            tags = set(block.tags)
            if best is not None and best in path:
                tags.add("main")
            # A furniture class on a wrapper of the whole article says nothing about this block.
            if any(f not in main_line for f in furniture):
                tags.add("furniture")
            blocks.append(Block(block.start, block.end, block.kind, frozenset(tags), block.link_density))
        self.blocks = blocks

    def _prose_weight(self, block: Block) -> int:
        length = block.end - block.start
        return length if length >= 80 and block.link_density < 0.3 else 0


def parse_html(source: str) -> ParsedHtml:
    """Visible text and blocks of an HTML page; raises InputError when there is none."""
    parser = lxml.html.HTMLParser(no_network=True, remove_blank_text=False, recover=True)
    try:
        root = lxml.html.document_fromstring(source, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"malformed HTML: {exc}") from None
    fatal = [e for e in parser.error_log if e.level == lxml.etree.ErrorLevels.FATAL]
    if fatal:
        # libxml2 recovers from ordinary tag soup; a fatal error (e.g. nesting beyond its
        # depth limit) means part of the page was thrown away, so we refuse to guess.
        raise InputError(f"malformed HTML: {fatal[0].message.strip()} (line {fatal[0].line})")
    builder = _BlockBuilder()
    stack: list[str] = []
    furniture_stack: list[bool] = []
    directives: list[tuple[int, str]] = []
    element_id = 0
    skipping = 0
    links = 0
    line = 1  # the source line the walk has reached: each start tag's line, plus newlines since
    for event, el in lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):
            line = (el.sourceline or line) + (el.text or "").count("\n")
            if not skipping:
                if event == "comment" and el.text and "auditor:" in el.text:
                    directives.append((builder.offset + (1 if builder.parts else 0), f"<!--{el.text}-->"))
                builder.add(el.tail, links > 0, line)  # the comment itself is never shown
            line += (el.tail or "").count("\n")
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            line = el.sourceline or line
            if skipping or tag in _SKIP:
                skipping += 1
                line += (el.text or "").count("\n")
                continue
            if tag in _BLOCK:
                builder.flush(stack)
            stack.append(tag)
            element_id += 1
            builder.path = builder.path + (element_id,)
            attributes = f"{el.get('class') or ''} {el.get('id') or ''}"
            marks = tag not in ("html", "body") and attributes != " " and _FURNITURE.search(attributes) is not None
            furniture_stack.append(marks)
            if marks:
                builder.furniture.append(element_id)
            if tag == "a":
                links += 1
            builder.add(el.text, links > 0, line)
            line += (el.text or "").count("\n")
            continue
        # end event
        if skipping:
            skipping -= 1
            if skipping:
                line += (el.tail or "").count("\n")
                continue
        else:
            if tag in _BLOCK:
                builder.flush(stack)
            stack.pop()
            builder.path = builder.path[:-1]
            if furniture_stack.pop():
                builder.furniture.pop()
            if tag == "a":
                links -= 1
        builder.add(el.tail, links > 0, line)
        line += (el.tail or "").count("\n")
    builder.flush(stack)
    builder.mark_main_container()
    if not builder.blocks:
        raise InputError("HTML has no visible text")
    return ParsedHtml("".join(builder.parts), tuple(builder.blocks), _title(root), _meta(root), tuple(directives),
                      tuple(builder.source_lines))


def _first(root, xpath: str) -> str:
    for value in root.xpath(xpath):
        text = _SPACE.sub(" ", value if isinstance(value, str) else value.text_content()).strip()
        if text:
            return text
    return ""


def _title(root) -> str:
    return (
        _first(root, "//meta[@property='og:title']/@content")
        or _first(root, "//title")
        or _first(root, "//h1")
    )


_META_XPATHS = {
    "date": [
        "//meta[@property='article:published_time']/@content",
        "//meta[@name='date' or @name='pubdate' or @name='publishdate' or @itemprop='datePublished']/@content",
        "//time/@datetime",
    ],
    "author": ["//meta[@name='author']/@content", "//meta[@property='article:author']/@content"],
    "url": ["//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"],
    "language": ["/html/@lang"],
}


def _meta(root) -> dict[str, str]:
    meta = {}
    for key, xpaths in _META_XPATHS.items():
        for xpath in xpaths:
            value = _first(root, xpath)
            if value:
                meta[key] = value[:500]
                break
    return meta
