"""Find the inputs (files, folders, globs, '-'), read them safely and make Documents.

Every input either becomes one or more Documents or a LoadError that names the path and
the reason; nothing is skipped silently, with two deliberate exceptions met while walking
a folder: hidden entries, and reports auditor wrote (its output folder, any folder
marked as an auditor report, HTML pages it generated). Order is deterministic: arguments
in the order given, folders walked in sorted order, so ids and output never depend on the
file system.

Only regular files are read (a FIFO would block for ever, a device never ends), and a
symbolic link that leads out of the folder named on the command line is refused unless
`follow_symlinks` is set: a drop must not publish files from elsewhere on the machine.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, replace
from typing import BinaryIO, Iterable, Iterator

from .decode import InputError, decode, invalid_note, replace_invalid
from .document import Document, LoadError
from .formats import EXTENSIONS, READERS, Parsed, read_jsonl, sniff_format

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
STDIN = "-"
REPORT_MARKER = ".auditor-report"  # written into every report folder auditor writes
GENERATOR_MARK = b'<meta name="generator" content="auditor'  # in every HTML page it writes


@dataclass(frozen=True)
class Source:
    """One input to read: a file on disk, or standard input."""

    display: str  # the path as the user will see it
    fs_path: str | None  # None for stdin
    format: str | None  # None: sniff it
    explicit: bool = True  # named on the command line (not met while walking a folder)


@dataclass(frozen=True)
class Discovery:
    """How to walk the inputs: whether symbolic links may leave the folder named, and
    which paths are auditor's own output (never read)."""

    follow_symlinks: bool = False
    exclude: frozenset[str] = frozenset()  # real paths of output folders and files

    @classmethod
    def excluding(cls, paths: Iterable[str], follow_symlinks: bool = False) -> "Discovery":
        return cls(follow_symlinks, frozenset(os.path.realpath(p) for p in paths))


def read_source(source: Source, max_bytes: int = DEFAULT_MAX_BYTES,
                stdin: BinaryIO | None = None) -> tuple[list[Parsed], list[tuple[int, str]]]:
    """The documents one source holds, and (line, reason) for JSONL lines that do not
    load. Raises InputError or OSError when the source as a whole cannot be read."""
    data = _read_bytes(source, max_bytes, stdin)
    fmt = source.format
    if fmt in (None, "html") and GENERATOR_MARK in data[:4096]:
        if not source.explicit:
            return [], []  # a report page auditor wrote, met while walking: not an article
        raise InputError("a report page written by auditor, not an article")
    text, _encoding = decode(data, html=fmt in (None, "html"))
    text, replaced = replace_invalid(text)
    notes = (invalid_note(replaced),) if replaced else ()
    fmt = fmt or sniff_format(text)
    name = _stem(source.display)
    if fmt == "jsonl":
        return read_jsonl(name, text)
    return [replace(p, notes=p.notes + notes) for p in READERS[fmt](name, text)], []


def discover(arguments: list[str], discovery: Discovery = Discovery()) -> Iterator[Source | LoadError]:
    """Expand arguments to sources; a file named twice (or by two routes) is read once."""
    seen: set[str] = set()
    for argument in arguments:
        for item in _expand(argument, discovery):
            if isinstance(item, Source) and item.fs_path is not None:
                real = os.path.realpath(item.fs_path)
                if real in seen:
                    continue
                seen.add(real)
            yield item


def _expand(argument: str, discovery: Discovery) -> Iterator[Source | LoadError]:
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
            root = os.path.realpath(_glob_root(argument))
            for match in matches:
                refused = _leaves(match, root, discovery)
                if refused:
                    yield LoadError(os.path.normpath(match), refused)
                elif os.path.isdir(match):
                    yield from _walk(match, discovery, root)
                elif os.path.realpath(match) not in discovery.exclude:
                    yield _file_source(match, explicit=False) or LoadError(match, "unsupported file type")
            return
        yield LoadError(argument, _os_reason(exc, argument))
        return
    if os.path.realpath(argument) in discovery.exclude or _is_report_folder(argument):
        yield LoadError(os.path.normpath(argument), "auditor's own output (a report it wrote), not an input")
    elif os.path.isdir(argument):
        yield from _walk(argument, discovery, os.path.realpath(argument))
    else:
        yield _file_source(argument, explicit=True)


def _glob_root(pattern: str) -> str:
    """The folder a glob pattern names before its first wildcard ('.' if none)."""
    parts = pattern.split(os.sep)
    fixed = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return os.sep.join(fixed) if fixed and fixed != [""] else (os.sep if pattern.startswith(os.sep) else ".")


def _leaves(path: str, root: str, discovery: Discovery) -> str | None:
    """Why a symbolic link is refused: it leads out of `root` (the folder named on the
    command line) and links may not be followed; None when it may be read."""
    if discovery.follow_symlinks or not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return f"symbolic link to {target}, outside {root}: not followed (use --follow-symlinks)"


def _is_report_folder(path: str) -> bool:
    return os.path.isfile(os.path.join(path, REPORT_MARKER))


def _file_source(path: str, *, explicit: bool) -> Source | None:
    ext = os.path.splitext(path)[1].lower()
    fmt = EXTENSIONS.get(ext)
    if fmt is None and not explicit:
        return None
    # A file named explicitly with an unknown extension is read as plain text.
    return Source(os.path.normpath(path), path, fmt or "txt", explicit)


def _walk(top: str, discovery: Discovery, root: str) -> Iterator[Source | LoadError]:
    """Recursive and sorted; follows links to folders inside `root` (anywhere with
    `follow_symlinks`) but never loops; skips hidden entries and auditor's own reports."""
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
            refused = _leaves(entry.path, root, discovery)
            if refused:
                yield LoadError(path, refused)
                continue
            real = os.path.realpath(entry.path)
            if real in discovery.exclude:
                continue  # auditor's output, inside the folder it reads
            if is_dir:
                if _is_report_folder(entry.path):
                    continue  # a report an earlier run wrote here
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


_NOT_REGULAR = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _read_bytes(source: Source, max_bytes: int, stdin: BinaryIO | None) -> bytes:
    if source.fs_path is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
    else:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked on
        # the open descriptor, so the file cannot be swapped between check and read.
        fd = os.open(source.fs_path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                kind = next((name for test, name in _NOT_REGULAR if test(info.st_mode)), "not a regular file")
                raise InputError(f"{kind}, not a regular file: only regular files are read")
            size = info.st_size
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


_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,99}")


def safe_id(name: str) -> str:
    """An id that is also a safe file name: ASCII letters, digits, '.', '_' and '-', no
    leading dot or dash, no separators, at most 100 characters. A name that is already
    safe is kept as it is ("story-" stays "story-")."""
    if _SAFE.fullmatch(name) and not _WINDOWS_RESERVED.match(name):
        return name
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("_", ascii_name).strip("._-")[:100].strip("._-")
    if not cleaned:
        cleaned = "document"
    if _WINDOWS_RESERVED.match(cleaned):
        cleaned = "_" + cleaned
    return cleaned
