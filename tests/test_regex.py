"""The linear-time pattern wrapper: flags, errors, Unicode classes, and time that stays
linear on inputs that make a backtracking engine explode."""

from __future__ import annotations

import re
import time

import pytest

from auditor import regex


def test_flags_become_inline_flags():
    assert regex.compile(r"^said$", re.IGNORECASE | re.MULTILINE).findall("x\nSAID\ny") == ["SAID"]
    assert regex.compile(r"a.b", re.DOTALL).search("a\nb")


def test_lookarounds_are_refused_with_the_pattern_named():
    with pytest.raises(ValueError, match=r"not a valid RE2 pattern .*\(\?<=a\)b"):
        regex.compile(r"(?<=a)b")


def test_offsets_are_character_offsets_in_unicode_text():
    matches = [m.span() for m in regex.compile(r"\p{Lu}\p{L}*").finditer("José Müller und Ølaf")]
    assert matches == [(0, 4), (5, 11), (16, 20)]


def test_catastrophic_pattern_stays_linear():
    """(a|a)*b style ambiguity: exponential in `re`, linear here."""
    pattern = regex.compile(r"(?:[A-Z]+|[A-Z]{2,})(?:\s+(?:[A-Z]+|[A-Z]{2,}))*\s+said")
    text = " ".join(["CAPS"] * 20000) + "!"
    started = time.perf_counter()
    assert pattern.search(text) is None
    assert time.perf_counter() - started < 5  # generous: milliseconds in practice


def _hostile_texts(pattern: str, size: int = 200_000) -> list[str]:
    """Long runs of each character the pattern names, and seeded random mixes of them."""
    import random
    alphabet = sorted({c for c in pattern if c.isprintable() and c not in "\\[]()?:*+|{}^$"} | set(" .-'aA0"))
    rng = random.Random(7)
    texts = [c * size for c in alphabet]
    texts += ["".join(rng.choice(alphabet) for _ in range(size)) for _ in range(3)]
    texts += [("A" * 50 + c) * (size // 51) for c in alphabet]
    return texts


def test_every_scanner_is_linear_on_hostile_text():
    """Scanners run on Python's `re` (regex.scanner): each must stay linear on runs and
    mixes of its own characters. Importing the checks registers them all."""
    import auditor.checks.attribution  # noqa: F401
    import auditor.checks.claims as claims
    claims.patterns()  # scanners are built with the patterns
    assert regex.SCANNERS, "no scanner registered: the test would prove nothing"
    for pattern in sorted(regex.SCANNERS):
        compiled = re.compile(pattern)
        for text in _hostile_texts(pattern):
            started = time.perf_counter()
            sum(1 for _ in compiled.finditer(text))
            assert time.perf_counter() - started < 5, f"{pattern!r} is not linear"  # milliseconds in practice


PATTERNS_BOTH_WAYS = [
    r"\b(?:said|says)\b", r"(\d+(?:\.\d+)?)\s*(percent|%)?", r"(?i)according\s+to\s+(the\s+)?(\w+)", r"x*",
    r"^(\w+)(?:\s+(\w+))?", r"(?m)^\s*$", r"[.!?]+([\"”’')\]]*)\s+", r"(a)|(b)", r"",
]
TEXTS_BOTH_WAYS = ["", "a", "He said 45.5 percent and 12% rose, according to the bank.", "aaa bbb\n\n  \nccc. Dd! e",
                   "x" * 50, "It says: 3 percent.\" (Next) one", "ab ba abba"]


@pytest.mark.parametrize("pattern", PATTERNS_BOTH_WAYS)
def test_the_ascii_way_finds_what_the_wrappers_way_finds(pattern):
    """regex.compile takes a shorter way on ASCII text (see _AsciiFastRegexp): for every
    call, bound and group it gives what google-re2's own wrapper gives."""
    import re2
    fast, plain = regex.compile(pattern), re2.compile(pattern)
    assert type(fast) is not type(plain)  # the test compares two ways, not one with itself

    def seen(match):
        return None if match is None else (match.span(), match.group(), match.groups(), match.lastindex,
                                           [match.span(g) for g in range(fast.groups + 1)])

    for text in TEXTS_BOTH_WAYS:
        for pos, endpos in [(None, None), (0, None), (3, None), (2, 9), (5, 3), (-4, 100), (len(text), None)]:
            for name in ("search", "match", "fullmatch"):
                assert seen(getattr(fast, name)(text, pos, endpos)) == seen(getattr(plain, name)(text, pos, endpos))
            assert [seen(m) for m in fast.finditer(text, pos, endpos)] == \
                [seen(m) for m in plain.finditer(text, pos, endpos)]
        assert fast.findall(text) == plain.findall(text)
        assert fast.sub("<\\g<0>>", text) == plain.sub("<\\g<0>>", text)
        assert fast.split(text) == plain.split(text)


def test_patterns_survive_pickling_into_workers():
    import pickle
    pattern = regex.compile(r"(\d+) (percent)")
    again = pickle.loads(pickle.dumps(pattern))
    assert type(again) is type(pattern) and again.search("up 5 percent").groups() == ("5", "percent")
