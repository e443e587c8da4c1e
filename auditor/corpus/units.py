"""Units of input work: what one worker reads in one go.

The main process only discovers inputs and plans units; workers read them, so the main
process never holds the batch's text. A unit is a few whole files (up to `MAX_FILES` or
`TARGET_BYTES`), a byte range of a JSONL file (whole lines, about `TARGET_BYTES`, with the
number of its first line so errors and findings name the right line), or documents already
in memory (standard input, a library caller's documents). The order of documents is the
order of units, then the order within a unit: the order `load_inputs` has always used.

JSONL is UTF-8 (RFC 8259); a line in another encoding is decoded by detection, as a file
is. The size cap (`max_bytes`) applies to each record of a JSONL file, and to each other file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import BinaryIO, Iterable, Union

from .decode import InputError, decode, invalid_note, replace_invalid
from .document import Document, LoadError
from .formats import Parsed, jsonl_record
from .load import (DEFAULT_MAX_BYTES, Discovery, Source, _os_reason, _too_big, discover, read_source, safe_id)

TARGET_BYTES = 256 << 10  # about this much input per unit (~100 articles: many units keep workers busy)
MAX_FILES = 32  # and at most this many files


@dataclass(frozen=True)
class FileUnit:
    """Whole files, read one after the other."""

    sources: tuple[Source, ...]


@dataclass(frozen=True)
class JsonlRange:
    """Lines of a JSONL file: bytes [start, end), the first of them line `first_line`."""

    source: Source
    start: int
    end: int
    first_line: int


@dataclass(frozen=True)
class MemoryUnit:
    """Documents already read (standard input; documents a library caller passed in)."""

    items: tuple[tuple[Parsed, str], ...]  # (parsed document, path shown)


Unit = Union[FileUnit, JsonlRange, MemoryUnit]


def plan_units(arguments: list[str], *, discovery: Discovery = Discovery(), max_bytes: int = DEFAULT_MAX_BYTES,
               stdin: BinaryIO | None = None) -> tuple[list[Unit], list[LoadError]]:
    """Units for every input the arguments name, and the inputs that cannot be read at all
    (missing, refused links...). Reads only what it must: standard input, and the line
    ends of JSONL files."""
    units: list[Unit] = []
    errors: list[LoadError] = []
    batch: list[Source] = []
    batch_bytes = 0

    def flush() -> None:
        nonlocal batch, batch_bytes
        if batch:
            units.append(FileUnit(tuple(batch)))
        batch, batch_bytes = [], 0

    for item in discover(arguments, discovery):
        if isinstance(item, LoadError):
            errors.append(item)
            continue
        if item.fs_path is None:  # standard input: read here, it cannot be read twice
            flush()
            try:
                parsed, bad = read_source(item, max_bytes, stdin)
            except InputError as exc:
                errors.append(LoadError(item.display, str(exc)))
                continue
            units.append(MemoryUnit(tuple((p, item.display) for p in parsed)))
            errors.extend(LoadError(f"{item.display}:{n}", reason, item.display, n) for n, reason in bad)
            continue
        if item.format == "jsonl":
            flush()
            try:
                units.extend(_jsonl_ranges(item))
            except OSError as exc:
                errors.append(LoadError(item.display, _os_reason(exc)))
            continue
        try:
            size = os.stat(item.fs_path).st_size
        except OSError:
            size = 0  # read_unit reports it, with the reason
        if batch and (len(batch) >= MAX_FILES or batch_bytes + size > TARGET_BYTES):
            flush()
        batch.append(item)
        batch_bytes += size
    flush()
    return units, errors


def _jsonl_ranges(source: Source) -> list[JsonlRange]:
    """Split a JSONL file at line ends into ranges of about TARGET_BYTES, counting lines."""
    ranges: list[JsonlRange] = []
    start = position = 0
    line = first = 1
    with open(source.fs_path, "rb") as handle:
        for raw in handle:
            position += len(raw)
            line += 1
            if position - start >= TARGET_BYTES:
                ranges.append(JsonlRange(source, start, position, first))
                start, first = position, line
    if position > start or not ranges:
        ranges.append(JsonlRange(source, start, position, first))
    return ranges


def absolute(unit: Unit) -> Unit:
    """The unit with absolute file paths (what workers on other machines, in other working
    folders, open); the paths shown stay as the user wrote them."""
    if isinstance(unit, FileUnit):
        return FileUnit(tuple(_absolute(s) for s in unit.sources))
    if isinstance(unit, JsonlRange):
        return replace(unit, source=_absolute(unit.source))
    return unit


def _absolute(source: Source) -> Source:
    return replace(source, fs_path=os.path.abspath(source.fs_path)) if source.fs_path is not None else source


def samples(units: Iterable[Unit], limit: int = 1000) -> list[tuple[str, int]]:
    """(path, size) of the first file of each unit (at most `limit`): what a cluster's
    workers must see as this process does before they are asked to read anything."""
    out: list[tuple[str, int]] = []
    for unit in units:
        source = unit.sources[0] if isinstance(unit, FileUnit) else unit.source if isinstance(unit, JsonlRange) else None
        if source is None or source.fs_path is None or (out and out[-1][0] == source.fs_path):
            continue
        try:
            out.append((source.fs_path, os.stat(source.fs_path).st_size))
        except OSError:
            continue  # reading it will say why
        if len(out) >= limit:
            break
    return out


def read_unit(unit: Unit, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[tuple[Parsed, str]], list[LoadError]]:
    """The documents a unit holds, each with the path to show, and its load errors."""
    if isinstance(unit, MemoryUnit):
        return list(unit.items), []
    if isinstance(unit, JsonlRange):
        return _read_jsonl_range(unit, max_bytes)
    out: list[tuple[Parsed, str]] = []
    errors: list[LoadError] = []
    for source in unit.sources:
        try:
            parsed, bad = read_source(source, max_bytes)
        except InputError as exc:
            errors.append(LoadError(source.display, str(exc)))
            continue
        except OSError as exc:
            errors.append(LoadError(source.display, _os_reason(exc)))
            continue
        out.extend((p, source.display) for p in parsed)
        errors.extend(LoadError(f"{source.display}:{n}", reason, source.display, n) for n, reason in bad)
    return out, errors


def _read_jsonl_range(unit: JsonlRange, max_bytes: int) -> tuple[list[tuple[Parsed, str]], list[LoadError]]:
    display = unit.source.display
    name = os.path.splitext(os.path.basename(display))[0]
    try:
        fd = os.open(unit.source.fs_path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            handle.seek(unit.start)
            data = handle.read(unit.end - unit.start)
    except OSError as exc:
        return [], [LoadError(display, _os_reason(exc))]
    out: list[tuple[Parsed, str]] = []
    errors: list[LoadError] = []
    if unit.start == 0 and not data.strip():
        return [], [LoadError(display, "empty file (no JSON lines)")]
    for offset, raw in enumerate(data.split(b"\n")):
        number = unit.first_line + offset
        if unit.start == 0 and offset == 0 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        if len(raw) > max_bytes:
            errors.append(LoadError(f"{display}:{number}", _too_big(len(raw), max_bytes), display, number))
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line = decode(raw)[0]
            except InputError as exc:
                errors.append(LoadError(f"{display}:{number}", str(exc), display, number))
                continue
        line, replaced = replace_invalid(line)
        try:
            parsed = jsonl_record(name, number, line)
        except InputError as exc:
            errors.append(LoadError(f"{display}:{number}", str(exc), display, number))
            continue
        if replaced:
            parsed = replace(parsed, notes=parsed.notes + (invalid_note(replaced),))
        out.append((parsed, display))
    return out, errors


def load_inputs(arguments: list[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None,
                discovery: Discovery = Discovery()) -> tuple[list[Document], list[LoadError]]:
    """Read every article the arguments name, here, at once: (documents, load errors).
    For small batches and tests; the engine reads units in its workers instead."""
    units, errors = plan_units(arguments, discovery=discovery, max_bytes=max_bytes, stdin=stdin)
    items: list[tuple[Parsed, str]] = []
    for unit in units:
        read, unit_errors = read_unit(unit, max_bytes)
        items.extend(read)
        errors.extend(unit_errors)
    ids = unique_ids(parsed.name for parsed, _path in items)
    return [document(parsed, path, id_) for (parsed, path), id_ in zip(items, ids)], errors


def unique_ids(names: Iterable[str]) -> list[str]:
    """Safe, unique ids for documents in order: a repeated name gets "-2", "-3"...
    (compared without case, so ids are safe as file names everywhere)."""
    used: set[str] = set()
    ids = []
    for name in names:
        base = safe_id(name)
        candidate, n = base, 1
        while candidate.lower() in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate.lower())
        ids.append(candidate)
    return ids


def document(parsed: Parsed, path: str, id_: str) -> Document:
    """The Document for a parsed input, under its batch-wide id."""
    return Document(id=id_, path=path, format=parsed.format, text=parsed.text, title=parsed.title,
                    meta=dict(parsed.meta), blocks=parsed.blocks, directives=parsed.directives, notes=parsed.notes,
                    source_lines=parsed.source_lines, source_columns=parsed.source_columns)
