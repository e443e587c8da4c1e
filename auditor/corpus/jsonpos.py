"""Where a JSON string value sits on its line: the column of each character of a top-level
string field, so that findings in a JSONL record's text point at exact columns of the file.

JSON escapes make the mapping uneven (`\\"` and `\\n` are two characters of the file for one
of the text, `\\u00e9` six, a surrogate pair twelve), so it is kept as breakpoints: text
offsets where the column stops advancing one for one.
"""

from __future__ import annotations

import json
import re

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _skip(line: str, i: int) -> int:
    return _WS.match(line, i).end()


def field_start(line: str, key: str) -> int | None:
    """Index of the opening quote of the top-level `key`'s value in the JSON object on `line`
    when that value is a string (the last occurrence wins, as json.loads keeps it)."""
    try:
        i = _skip(line, 0)
        if line[i] != "{":
            return None
        i = _skip(line, i + 1)
        found = None
        while line[i] != "}":
            if line[i] != '"':
                return None
            name, i = json.decoder.scanstring(line, i + 1)
            i = _skip(line, i)
            if line[i] != ":":
                return None
            i = _skip(line, i + 1)
            if name == key:
                found = i if line[i] == '"' else None
            _value, i = _DECODER.raw_decode(line, i)
            i = _skip(line, i)
            if line[i] == ",":
                i = _skip(line, i + 1)
            elif line[i] != "}":
                return None
        return found
    except (IndexError, ValueError):
        return None


def string_columns(line: str, quote: int) -> tuple[str, list[int]]:
    """The decoded string whose opening quote is at `quote`, and the 0-based index on `line`
    of each of its characters, plus that of the closing quote."""
    chars: list[str] = []
    columns: list[int] = []
    j = quote + 1
    while line[j] != '"':
        columns.append(j)
        if line[j] != "\\":
            chars.append(line[j])
            j += 1
            continue
        if line[j + 1] != "u":
            chars.append(json.loads(f'"{line[j:j + 2]}"'))
            j += 2
            continue
        code = int(line[j + 2:j + 6], 16)
        if 0xD800 <= code < 0xDC00 and line[j + 6:j + 8] == "\\u" and 0xDC00 <= int(line[j + 8:j + 12], 16) < 0xE000:
            chars.append(json.loads(f'"{line[j:j + 12]}"'))
            j += 12
        else:
            chars.append(chr(code))
            j += 6
    columns.append(j)
    return "".join(chars), columns


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)  # one escape; no repetition: linear


def text_columns(line: str, key: str, text: str) -> tuple[tuple[int, int], ...]:
    """Breakpoints `(text offset, 1-based column)` mapping `text` (the field's value with
    universal newlines applied) to columns of `line`; between breakpoints, one character
    of the text is one column. Empty when the field cannot be located or does not match.

    Only escapes break the one-for-one run, so they are all that is visited (an article's
    text has a few dozen; its characters number thousands)."""
    quote = field_start(line, key)
    if quote is None:
        return ()
    try:
        value, end = json.decoder.scanstring(line, quote + 1, False)
    except (IndexError, ValueError):
        return ()
    if "\r" in value:  # universal newlines change offsets: the character by character mapping
        return _text_columns_by_character(line, quote, text)
    if len(value) != len(text):
        return ()
    breakpoints = [(0, quote + 2)]
    shift = 0  # columns of the line beyond the characters of the value so far
    matches = _ESCAPE.finditer(line, quote + 1, end - 1)
    pending = None
    for m in matches:
        width = m.end() - m.start()
        if pending is not None and m.start() == pending.end() and m.group(1) and 0xDC00 <= int(m.group(1), 16) < 0xE000:
            width = 12  # the low half of a surrogate pair: one character over twelve columns, with the high half
            start, pending = pending.start(), None
        else:
            if pending is not None:
                shift = _add_escape(breakpoints, pending.start(), 6, quote, shift)
            pending = None
            if m.group(1) and 0xD800 <= int(m.group(1), 16) < 0xDC00:
                pending = m  # a high surrogate: the next escape may be its low half
                continue
            start = m.start()
        shift = _add_escape(breakpoints, start, width, quote, shift)
    if pending is not None:
        _add_escape(breakpoints, pending.start(), 6, quote, shift)
    return tuple(breakpoints)


def _add_escape(breakpoints: list[tuple[int, int]], start: int, width: int, quote: int, shift: int) -> int:
    """Record an escape of `width` columns at `start` (one character of the value): the
    character after it starts a new one-for-one run. Returns the new shift."""
    offset = start - quote - 1 - shift  # the escape's character in the value
    shift += width - 1
    breakpoints.append((offset + 1, start + width + 1))
    return shift


def _text_columns_by_character(line: str, quote: int, text: str) -> tuple[tuple[int, int], ...]:
    """text_columns one character at a time, for values that hold a carriage return."""
    try:
        value, columns = string_columns(line, quote)
    except (IndexError, ValueError):
        return ()
    # Universal newlines: "\r\n" becomes one "\n", which starts where the "\r" does (so a span
    # ending before it ends before the pair); a lone "\r" becomes "\n".
    kept = [columns[i] for i in range(len(value)) if not (value[i] == "\n" and value[i - 1:i] == "\r" and i > 0)]
    kept.append(columns[-1])
    if len(kept) != len(text) + 1:
        return ()
    breakpoints = []
    for offset, column in enumerate(kept):
        if not breakpoints or column != breakpoints[-1][1] + (offset - breakpoints[-1][0]) - 1:
            breakpoints.append((offset, column + 1))
    return tuple(breakpoints)
