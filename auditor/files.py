"""Writing files safely: atomic replacement, modes from the umask, and paths that stay
inside the output folder whatever an article's id says."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class OutputError(Exception):
    """The report could not be written where asked; the message names the path."""


def safe_child(folder: Path, *parts: str) -> Path:
    """`folder/parts...`, refusing anything that would leave `folder` (separators, '..',
    absolute parts)."""
    for part in parts:
        if not part or part in (".", "..") or "/" in part or "\\" in part or "\x00" in part:
            raise OutputError(f"unsafe output file name {part!r}")
    path = folder.joinpath(*parts)
    root = folder.resolve()
    if root != path.resolve().parent and root not in path.resolve().parents:
        raise OutputError(f"{path} is outside the output folder {folder}")
    return path


def write_file(path: Path, data: str | bytes) -> None:
    """Write a new file in a folder being built (a staging folder: no one reads it yet),
    with the mode the umask gives (not mkstemp's 0600)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename it over
    `path`: readers see the old file or the new one, never half of one. The file gets the
    mode the umask gives, as any file the user creates."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
