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
# Single-character classes with a quantifier: linear in `re` too.
_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")  # invalid bytes, as surrogateescape decodes them
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def universal_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_INVALID_CHARACTER = re.compile("[\ud800-\udfff\x00]")  # one character class: linear


def replace_invalid(text: str) -> tuple[str, int]:
    """Replace lone surrogates (a JSON "\\ud800" escape) and NUL characters, which no
    encoder or browser accepts, with U+FFFD; returns the text and how many were replaced.
    Offsets stay valid: one character for one character."""
    replaced = _INVALID_CHARACTER.subn("\ufffd", text)
    return replaced


def invalid_note(count: int) -> str:
    return f"{count} invalid character{'s' if count != 1 else ''} (lone surrogates or NUL) replaced with U+FFFD"


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
        first_bad = exc.start
    if _mostly_utf8(data):
        # Valid UTF-8 nearly everywhere: a damaged UTF-8 file, not a legacy encoding.
        raise InputError(f"undecodable bytes: invalid UTF-8 at byte {first_bad}")
    if html:
        declared = _HTML_CHARSET.search(data[:4096])
        if declared:
            try:
                name = codecs.lookup(declared.group(1).decode("ascii")).name
                return _checked(data.decode(name), name)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration: fall back to detection
    text, encoding = _detect_legacy(data)
    if len(text) == len(data) and _utf8_evidence(data)[0] >= _utf8_evidence(data)[1] > 0:
        # A single-byte code page read bytes that are at least as much valid UTF-8 as not
        # ("â€™" for "’"): a damaged UTF-8 file after all.
        raise InputError(f"undecodable bytes: invalid UTF-8 at byte {first_bad}")
    return _checked(text, encoding)


def _utf8_evidence(data: bytes) -> tuple[int, int]:
    """(valid non-ASCII UTF-8 characters, runs of invalid bytes) in `data`."""
    decoded = data.decode("utf-8", "surrogateescape")
    return len(_VALID_NON_ASCII.findall(decoded)), len(_ESCAPED_RUN.findall(decoded))


def _mostly_utf8(data: bytes) -> bool:
    """True when valid UTF-8 characters outnumber the runs of invalid bytes four to one.

    Double-byte legacy encodings (Shift-JIS, GB18030, EUC-JP) form valid UTF-8 sequences
    by chance about as often as invalid ones, so one valid sequence proves nothing; a
    damaged UTF-8 file has a few bad bytes among many good characters."""
    valid, invalid_runs = _utf8_evidence(data)
    return valid >= 4 * invalid_runs


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
