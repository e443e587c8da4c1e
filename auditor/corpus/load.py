"""Find the inputs (files, folders, globs, '-'), read them safely and make Documents.

Every input either becomes one or more Documents or a LoadError that names the path and
the reason; nothing is skipped silently. Order is deterministic: arguments in the order
given, folders walked in sorted order, so ids and output never depend on the file system.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from .decode import InputError, decode
from .document import Document, LoadError
from .formats import EXTENSIONS, READERS, Parsed, read_jsonl, sniff_format

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One input to read: a file on disk, or standard input."""

    display: str  # the path as the user will see it
    fs_path: str | None  # None for stdin
    format: str | None  # None: sniff it


def load_inputs(
    arguments: list[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> tuple[list[Document], list[LoadError]]:
    """Read every article the arguments name. Returns (documents, load errors)."""
    documents: list[tuple[Parsed, Source]] = []
    errors: list[LoadError] = []
    for item in discover(arguments):
        if isinstance(item, LoadError):
            errors.append(item)
            continue
        try:
            data = _read_bytes(item, max_bytes, stdin)
            fmt = item.format
            text, encoding = decode(data, html=fmt in (None, "html"))
            fmt = fmt or sniff_format(text)
            name = _stem(item.display)
            if fmt == "jsonl":
                records, bad_lines = read_jsonl(name, text)
                documents.extend((r, item) for r in records)
                errors.extend(LoadError(f"{item.display}:{n}", reason, item.display, n) for n, reason in bad_lines)
            else:
                documents.extend((p, item) for p in READERS[fmt](name, text))
        except InputError as exc:
            errors.append(LoadError(item.display, str(exc)))
        except OSError as exc:
            errors.append(LoadError(item.display, _os_reason(exc)))
    return _with_unique_ids(documents), errors


def discover(arguments: list[str]) -> Iterator[Source | LoadError]:
    """Expand arguments to sources; a file named twice (or by two routes) is read once."""
    seen: set[str] = set()
    for argument in arguments:
        for item in _expand(argument):
            if isinstance(item, Source) and item.fs_path is not None:
                real = os.path.realpath(item.fs_path)
                if real in seen:
                    continue
                seen.add(real)
            yield item


def _expand(argument: str) -> Iterator[Source | LoadError]:
    if argument == STDIN:
        yield Source("<stdin>", None, None)
        return
    try:
        os.stat(argument)
    except OSError as exc:
        if exc.errno == errno.ENOENT and glob.has_magic(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                yield LoadError(argument, "no files match this pattern")
            for match in matches:
                if os.path.isdir(match):
                    yield from _walk(match)
                else:
                    yield _file_source(match, explicit=False) or LoadError(match, "unsupported file type")
            return
        yield LoadError(argument, _os_reason(exc, argument))
        return
    if os.path.isdir(argument):
        yield from _walk(argument)
    else:
        yield _file_source(argument, explicit=True)


def _file_source(path: str, *, explicit: bool) -> Source | None:
    ext = os.path.splitext(path)[1].lower()
    fmt = EXTENSIONS.get(ext)
    if fmt is None and not explicit:
        return None
    # A file named explicitly with an unknown extension is read as plain text.
    return Source(os.path.normpath(path), path, fmt or "txt")


def _walk(top: str) -> Iterator[Source | LoadError]:
    """Recursive, sorted, follows links to folders but never loops; hidden entries skipped."""
    visited = {os.path.realpath(top)}
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield LoadError(os.path.normpath(folder), _os_reason(exc))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = os.path.normpath(entry.path)
            try:
                is_dir = entry.is_dir()  # follows symlinks
                if not is_dir:
                    os.stat(entry.path)  # a dangling or looping link fails here
            except OSError as exc:
                yield LoadError(path, _os_reason(exc, path))
                continue
            if is_dir:
                real = os.path.realpath(entry.path)
                if real in visited:
                    if entry.is_symlink():
                        yield LoadError(path, f"symlink loop: points back to {real}")
                    continue
                visited.add(real)
                subfolders.append(entry.path)
            else:
                source = _file_source(entry.path, explicit=False)
                if source:
                    yield source
        stack.extend(reversed(subfolders))


def _read_bytes(source: Source, max_bytes: int, stdin: BinaryIO | None) -> bytes:
    if source.fs_path is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
    else:
        with open(source.fs_path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise InputError(_too_big(size, max_bytes))
            data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(_too_big(len(data), max_bytes))
    return data


def _too_big(size: int, cap: int) -> str:
    return f"file too large: {_human(size)}, over the {_human(cap)} cap (max-file-bytes)"


def _human(n: int) -> str:
    if n < 10_000:
        return f"{n} bytes"
    return f"{n / 1e3:.1f} kB" if n < 1_000_000 else f"{n / 1e6:.1f} MB"


def _os_reason(exc: OSError, path: str | None = None) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop: the link resolves to itself"
    if exc.errno == errno.ENOENT:
        if path and os.path.islink(path):
            return "broken symbolic link: its target does not exist"
        return "no such file or directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "unreadable: permission denied"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return f"unreadable: {exc.strerror or exc}"


def _stem(display: str) -> str:
    base = os.path.basename(display)
    return os.path.splitext(base)[0] if base != "<stdin>" else "stdin"


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_id(name: str) -> str:
    """An id that is also a safe file name: ASCII letters, digits, '.', '_' and '-', no
    leading dot, no separators, at most 100 characters."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("_", ascii_name).strip("._-")[:100].strip("._-")
    if not cleaned:
        cleaned = "document"
    if _WINDOWS_RESERVED.match(cleaned):
        cleaned = "_" + cleaned
    return cleaned


def _with_unique_ids(items: list[tuple[Parsed, Source]]) -> list[Document]:
    used: set[str] = set()
    out = []
    for parsed, source in items:
        base = safe_id(parsed.name)
        candidate, n = base, 1
        while candidate.lower() in used:  # case-insensitive: safe on every file system
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate.lower())
        out.append(
            Document(
                id=candidate,
                path=source.display,
                format=parsed.format,
                text=parsed.text,
                title=parsed.title,
                meta=dict(parsed.meta),
                blocks=parsed.blocks,
                directives=parsed.directives,
                source_lines=parsed.source_lines,
                source_columns=parsed.source_columns,
            )
        )
    return out
