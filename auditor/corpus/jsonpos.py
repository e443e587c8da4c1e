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


def text_columns(line: str, key: str, text: str) -> tuple[tuple[int, int], ...]:
    """Breakpoints `(text offset, 1-based column)` mapping `text` (the field's value with
    universal newlines applied) to columns of `line`; between breakpoints, one character
    of the text is one column. Empty when the field cannot be located or does not match."""
    quote = field_start(line, key)
    if quote is None:
        return ()
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
