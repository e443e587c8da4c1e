"""Bytes to text: BOMs, UTF-8, a declared HTML charset, then detected legacy encodings.

Universal newlines are applied here (`\\r\\n` and `\\r` become `\\n`) and nothing else is
changed, so that offsets into the decoded text are the contract every check relies on.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from charset_normalizer.md import mess_ratio


class InputError(Exception):
    """The input cannot be audited; the message says why, in words an editor understands."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A legacy single-byte encoding is preferred when it reads the bytes as well as the
# detector's first choice: short Western texts are otherwise often guessed as cp1250.
_PREFERRED_LEGACY = ("cp1252",)
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def universal_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode an article's bytes; returns (text, encoding name) or raises InputError."""
    if not data.strip():
        raise InputError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable bytes: invalid {encoding} at byte {exc.start}") from None
            return _checked(text.lstrip("\ufeff"), encoding)
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not a text article")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            # Valid UTF-8 sequences elsewhere: a damaged UTF-8 file, not a legacy encoding.
            raise InputError(f"undecodable bytes: invalid UTF-8 at byte {exc.start}") from None
    if html:
        declared = _HTML_CHARSET.search(data[:4096])
        if declared:
            try:
                name = codecs.lookup(declared.group(1).decode("ascii")).name
                return _checked(data.decode(name), name)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration: fall back to detection
    return _checked(*_detect_legacy(data))


def _detect_legacy(data: bytes) -> tuple[str, str]:
    results = list(charset_normalizer.from_bytes(data))
    candidates: list[tuple[float, int, str, str]] = []
    for rank, match in enumerate(results):
        candidates.append((round(match.chaos, 2), rank + len(_PREFERRED_LEGACY), match.encoding, str(match)))
    for rank, encoding in enumerate(_PREFERRED_LEGACY):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((round(mess_ratio(text), 2), rank, encoding, text))
    if not candidates:
        raise InputError("undecodable bytes: not UTF-8, and no known encoding reads it")
    chaos, _rank, encoding, text = min(candidates)
    if chaos > 0.3:
        raise InputError(f"undecodable bytes: not UTF-8, and reading it as {encoding} gives garbage")
    return text, encoding


def _checked(text: str, encoding: str) -> tuple[str, str]:
    text = universal_newlines(text)
    if not text.strip():
        raise InputError("empty file (only white space)")
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(2, len(text[:65536]) // 100):
        raise InputError(f"binary file ({controls} control characters), not a text article")
    return text, encoding
