"""Readers for each input format: text in, Documents (or per-record errors) out.

Each reader takes the decoded text and returns what it found; ids are assigned later by
the loader, which sees the whole batch.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..text import Block, text_blocks
from .decode import InputError, invalid_note, replace_invalid, universal_newlines
from .html import parse_html
from .jsonpos import text_columns

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


@dataclass(frozen=True)
class Parsed:
    """A document before it has its batch-wide id: `name` is the id it asks for."""

    name: str
    text: str
    title: str
    meta: dict[str, str]
    blocks: tuple[Block, ...] | None
    format: str
    source_line: int = 0  # the JSONL line it came from
    directives: tuple = ()  # suppression comments that the markup hid (HTML)
    notes: tuple[str, ...] = ()  # what was repaired on the way in (replaced characters)
    source_lines: tuple[tuple[int, int], ...] = ()  # see Document.source_lines
    source_columns: tuple[tuple[int, int], ...] = ()  # see Document.source_columns


def _first_line_title(text: str) -> str:
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:300]
    return ""


def read_txt(name: str, text: str) -> list[Parsed]:
    return [Parsed(name, text, _first_line_title(text), {}, None, "txt")]


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_FRONT_MATTER_KEYS = {"title": "title", "date": "date", "published": "date", "url": "url",
                      "link": "url", "author": "author", "authors": "author"}


def read_md(name: str, text: str) -> list[Parsed]:
    """Markdown: the text stays as written (line N of the file is line N of the text);
    YAML-style front matter gives title, date, url and author and is one block of its own."""
    meta: dict[str, str] = {}
    title = ""
    blocks = text_blocks(text)
    match = _FRONT_MATTER.match(text)
    if match:
        for line in match.group(1).split("\n"):
            kv = _KEY_VALUE.match(line)
            if kv and kv.group(1).lower() in _FRONT_MATTER_KEYS:
                value = kv.group(2).strip().strip("'\"")
                if value:
                    meta[_FRONT_MATTER_KEYS[kv.group(1).lower()]] = value
        title = meta.pop("title", "")
        end = match.end(0) - (1 if match.group(0).endswith("\n") else 0)
        blocks = (Block(0, end, "front-matter"),) + tuple(b for b in blocks if b.start >= end)
    body_start = blocks[0].end if match else 0
    title = title or _first_line_title(text[body_start:])
    return [Parsed(name, text, title, meta, blocks, "md")]


def read_html(name: str, text: str) -> list[Parsed]:
    page = parse_html(text)
    return [Parsed(name, page.text, page.title or _first_line_title(page.text), page.meta, page.blocks, "html",
                   directives=page.directives, source_lines=page.source_lines)]


def read_jsonl(name: str, text: str) -> tuple[list[Parsed], list[tuple[int, str]]]:
    """One article per line: {"id", "title", "text" | "html", "url", "published", "author"}.
    Returns the records that load and (line number, reason) for those that do not."""
    records: list[Parsed] = []
    errors: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append(jsonl_record(name, number, line))
        except InputError as exc:
            errors.append((number, str(exc)))
    if not records and not errors:
        raise InputError("empty file (no JSON lines)")
    return records, errors


def jsonl_record(name: str, number: int, line: str) -> Parsed:
    """One JSONL line as a document; raises InputError naming what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    record, replaced = _repaired(record)
    notes = (invalid_note(replaced),) if replaced else ()
    meta = {}
    for key, field in (("url", "url"), ("published", "date"), ("date", "date"), ("author", "author")):
        value = record.get(key)
        if isinstance(value, (str, int, float)) and str(value).strip() and field not in meta:
            meta[field] = str(value).strip()[:500]
    meta["line"] = str(number)
    record_id = record.get("id")
    record_name = str(record_id) if isinstance(record_id, (str, int)) and str(record_id).strip() else f"{name}-{number}"
    title = record.get("title") if isinstance(record.get("title"), str) else ""
    if isinstance(record.get("text"), str) and record["text"].strip():
        body = universal_newlines(record["text"])
        parsed = read_txt(record_name, body)[0]
        return Parsed(record_name, body, title or parsed.title, meta, None, "jsonl", number, notes=notes,
                      source_lines=((0, number),), source_columns=text_columns(line, "text", body))
    if isinstance(record.get("html"), str) and record["html"].strip():
        page = parse_html(record["html"])
        return Parsed(record_name, page.text, title or page.title, {**page.meta, **meta}, page.blocks, "jsonl", number,
                      notes=notes, source_lines=((0, number),))
    raise InputError("record has no non-empty 'text' or 'html' field")


def _repaired(record: dict) -> tuple[dict, int]:
    """The record with invalid characters replaced in every string field it carries."""
    total = 0
    out = {}
    for key, value in record.items():
        if isinstance(value, str):
            value, n = replace_invalid(value)
            total += n
        out[key] = value
    return out, total


def sniff_format(text: str) -> str:
    """Format of input with no file name (stdin): HTML, JSON lines, or plain text."""
    head = text.lstrip()[:1000].lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<p ")):
        return "html"
    if head.startswith("{") and all(l.strip().startswith("{") for l in text.strip().split("\n")[:5]):
        return "jsonl"
    if head.startswith("---\n"):
        return "md"
    return "txt"


READERS = {"txt": read_txt, "md": read_md, "html": read_html}
