"""Writing files safely: atomic replacement, modes from the umask, and paths that stay
inside the output folder whatever an article's id says."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path
from typing import BinaryIO, Callable, Iterator


class OutputError(Exception):
    """The report could not be written where asked; the message names the path."""


def safe_child(folder: Path, *parts: str) -> Path:
    """`folder/parts...`, refusing anything that would leave `folder` (separators, '..',
    absolute parts, a link that points outside). Names are checked as text; only a part
    that is a symbolic link is resolved (one lstat per part, not a walk of the whole path
    per page)."""
    for part in parts:
        if not part or part in (".", "..") or "/" in part or "\\" in part or "\x00" in part:
            raise OutputError(f"unsafe output file name {part!r}")
    path = folder.joinpath(*parts)
    if not any(os.path.islink(folder.joinpath(*parts[:k + 1])) for k in range(len(parts))):
        return path  # plain names, none of them a link: inside `folder` by construction
    root = folder.resolve()
    resolved = path.resolve()
    if root != resolved.parent and root not in resolved.parents:
        raise OutputError(f"{path} is outside the output folder {folder}")
    return path


@contextlib.contextmanager
def naming(path: str | Path) -> Iterator[None]:
    """Re-raise an I/O error met while writing `path` as an OSError that names it (a full
    disk says "No space left on device" but not where; numpy says neither)."""
    try:
        yield
    except OSError as exc:
        if exc.filename:
            raise
        code = exc.errno or (errno.ENOSPC if "written" in str(exc) else errno.EIO)
        raise OSError(code, exc.strerror or os.strerror(code), str(path)) from None


def write_file(path: Path, data: str | bytes) -> None:
    """Write a new file in a folder being built (a staging folder: no one reads it yet),
    with the mode the umask gives (not mkstemp's 0600)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with naming(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename it over
    `path`: readers see the old file or the new one, never half of one. The file gets the
    mode the umask gives, as any file the user creates."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    write_then_rename(path, lambda handle: handle.write(payload), durable=True)


def write_then_rename(path: Path, write: Callable[[BinaryIO], object], *, durable: bool) -> None:
    """Write through `write(handle)` into a temporary file beside `path` (mode from the
    umask), then rename it into place; the temporary file is removed if anything fails.
    `durable`: flush it to disk before the rename (reports), or not (a run's scratch files,
    which a crash makes worthless anyway)."""
    tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp")
    with naming(path):
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                write(handle)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
