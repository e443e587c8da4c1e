"""Patterns over article text, run by a linear-time engine (RE2).

Article text is untrusted: a backtracking engine such as Python's `re` can take time
exponential in the input on an unlucky pattern (one all-caps sentence once hung an audit
for good). RE2 matches in time linear in the text, whatever the pattern, so every pattern
that reads article text of unbounded length is compiled here.

The syntax is RE2's: no lookarounds and no backreferences; `\\w`, `\\d`, `\\s` and `\\b` are
ASCII (write `\\p{L}` for any letter, `\\p{Lu}` for an upper-case one). Python's flags are
accepted and turned into RE2's inline flags. `compile_set` matches many patterns in one
pass and says which of them occur (RE2::Set): one call per block instead of one per pattern.

Cost: each call re-encodes the text it is given and costs a few microseconds, so run a
pattern once over a document (or a block) and bucket its matches by offset, rather than
once per sentence; and never pass `pos`/`endpos` into a large text (the wrapper encodes
the whole text on every call), slice it instead. Checks on a short window of fixed size
(the 40 characters before a figure) may use `re` with patterns free of nested quantifiers.
"""

from __future__ import annotations

import functools
import re

import re2

Pattern = re2._Regexp  # the compiled type (search, match, fullmatch, finditer, sub, split)
IGNORECASE, MULTILINE, DOTALL = re.IGNORECASE, re.MULTILINE, re.DOTALL  # so callers need not import `re`

_FLAGS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))
_OPTIONS = re2.Options()
_OPTIONS.max_mem = 64 << 20  # large phrase alternations fit; RE2 stays linear regardless
_OPTIONS.log_errors = False


def _inline(flags: int, pattern: str) -> str:
    unknown = flags & ~(re.IGNORECASE | re.MULTILINE | re.DOTALL | re.UNICODE)
    if unknown:
        raise ValueError(f"unsupported regex flags {unknown!r} for pattern {pattern!r}")
    inline = "".join(letter for flag, letter in _FLAGS if flags & flag)
    return f"(?{inline}){pattern}" if inline else pattern


_NO_SPAN = (-1, -1)
_UNANCHORED, _ANCHOR_START, _ANCHOR_BOTH = re2._Anchor.UNANCHORED, re2._Anchor.ANCHOR_START, re2._Anchor.ANCHOR_BOTH


class _AsciiFastRegexp(re2._Regexp):
    """google-re2's compiled pattern, with a shorter way for ASCII text. For a `str` the
    wrapper encodes the text to UTF-8 and maps every match's byte offsets back to character
    offsets in Python, which costs more than the match on the short texts the checks search
    (a sentence, a window before a figure). On ASCII text bytes and characters are the same
    offsets: the text is encoded (one C call) and RE2's spans are used as they are. Any
    other text goes the wrapper's way. tests/test_regex.py holds both ways to the same
    results."""

    __slots__ = ()

    def _match(self, anchor, text, pos=None, endpos=None):
        if not (isinstance(text, str) and text.isascii()):
            yield from super()._match(anchor, text, pos, endpos)
            return
        pos, endpos = _bounds(text, pos, endpos)
        if pos > endpos:
            return
        encoded = text.encode("ascii")
        match = self._regexp.Match
        while True:
            spans = match(anchor, encoded, pos, endpos)
            if spans[0] == _NO_SPAN:
                return
            yield re2._Match(self, text, pos, endpos, spans)
            if pos == endpos:
                return
            pos = pos + 1 if pos == spans[0][1] else spans[0][1]  # past an empty match, or after the match

    def _first(self, anchor, text, pos, endpos):
        if not (isinstance(text, str) and text.isascii()):
            return next(super()._match(anchor, text, pos, endpos), None)
        pos, endpos = _bounds(text, pos, endpos)
        if pos > endpos:
            return None
        spans = self._regexp.Match(anchor, text.encode("ascii"), pos, endpos)
        return None if spans[0] == _NO_SPAN else re2._Match(self, text, pos, endpos, spans)

    def search(self, text, pos=None, endpos=None):
        return self._first(_UNANCHORED, text, pos, endpos)

    def match(self, text, pos=None, endpos=None):
        return self._first(_ANCHOR_START, text, pos, endpos)

    def fullmatch(self, text, pos=None, endpos=None):
        return self._first(_ANCHOR_BOTH, text, pos, endpos)


def _bounds(text: str, pos: int | None, endpos: int | None) -> tuple[int, int]:
    """`pos` and `endpos` clipped to the text, as the wrapper clips them."""
    n = len(text)
    return (0 if pos is None else max(0, min(pos, n))), (n if endpos is None else max(0, min(endpos, n)))


@functools.lru_cache(maxsize=None)
def compile(pattern: str, flags: int = 0) -> Pattern:
    """Compile `pattern` (RE2 syntax) with Python's IGNORECASE, MULTILINE and DOTALL flags;
    raises ValueError naming the pattern when RE2 cannot compile it."""
    source = _inline(flags, pattern)
    try:
        return _AsciiFastRegexp(source, _OPTIONS)
    except re2.error as exc:
        raise ValueError(f"not a valid RE2 pattern ({exc}): {pattern!r}") from None


@functools.lru_cache(maxsize=32)
def phrase_pattern(phrases: tuple[str, ...]) -> Pattern | None:
    """Whole-word, case-insensitive matching of literal phrases (a desk's own words from
    the configuration's `vocabulary`); group 1 is the phrase. None when there are none."""
    if not phrases:
        return None
    alternation = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return compile(rf"(?:^|\b|\W)({alternation})(?:\b|\W|$)", re.IGNORECASE)


class PatternSet:
    """Patterns matched together in one linear pass over a text (RE2::Set): `matching`
    returns the indices of the patterns that occur somewhere in it, in ascending order."""

    def __init__(self, patterns: tuple[str, ...], flags: int = 0):
        self.patterns = patterns
        self._set = re2.Set.SearchSet(_OPTIONS)
        for pattern in patterns:
            compile(pattern, flags)  # names the pattern in the error if RE2 refuses it
            self._set.Add(_inline(flags, pattern))
        if patterns:
            self._set.Compile()

    def matching(self, text: str) -> list[int]:
        if not self.patterns:
            return []
        return sorted(self._set.Match(text) or ())


@functools.lru_cache(maxsize=None)
def compile_set(patterns: tuple[str, ...], flags: int = 0) -> PatternSet:
    """A PatternSet of `patterns` (RE2 syntax) with Python's flags, as `compile` takes them."""
    return PatternSet(patterns, flags)


SCANNERS: set[str] = set()  # every scanner pattern, so tests/test_regex.py can prove each linear


@functools.lru_cache(maxsize=None)
def scanner(pattern: str, flags: int = 0) -> re.Pattern:
    """A tokenising pattern (words, figures) run by Python's `re`, for the hot loops that
    list every word of every sentence. RE2's Python wrapper costs microseconds per match,
    which over a sentence's every word was most of the statistics check's time; `re` finds
    the same words about fifteen times faster.

    Only for patterns that cannot backtrack beyond a token: character classes and runs of
    them, at most one repeated joiner group, no nested quantifiers over overlapping
    classes. Each is registered in SCANNERS and tests/test_regex.py runs it over long
    runs and random mixes of the characters it names, so a pattern that is not linear
    fails there, not on a user's file."""
    SCANNERS.add(pattern)
    return re.compile(pattern, flags)
