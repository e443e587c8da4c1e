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
