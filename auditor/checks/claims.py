"""Claim extraction: every number an article asserts, with its value, bound, unit, what it
counts and where it stands.

A claim is a figure a reader could check: a percentage, an amount of money, a count of
things, "X of Y", a growth multiple, a rank, a range, a number in words. Years, dates,
times, list numbering, versions and product names with digits (01.AI, 4Paradigm, GPT-4,
Ernie 4.0, K-12), ages and unit definitions are not claims. Vocabulary lives in
`data/statistics.toml`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..claim import Claim
from ..data import load_toml, phrase_alternation
from ..text import fold_plural

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
          "february", "march", "april", "june", "july", "august", "september", "october", "november", "december")


@dataclass(frozen=True)
class Vocabulary:
    magnitudes: dict[str, float]
    currency_only: frozenset[str]
    words: dict[str, float]
    small_words: dict[str, float]
    ordinals: dict[str, int]
    ordinal_nouns: frozenset[str]
    growth_words: dict[str, float]
    currency_prefixes: dict[str, str]
    currency_suffixes: dict[str, str]
    bounds: dict[str, str]  # phrase -> bound
    reference_words: frozenset[str]
    time_units: frozenset[str]
    expansions: dict[str, str]
    stop: frozenset[str]
    scope_words: frozenset[str]
    scope_synonyms: dict[str, str]


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    d = load_toml("statistics.toml")
    n, b, x, c = d["numbers"], d["bounds"], d["exclusions"], d["counted"]
    bounds = {}
    for kind in ("about", "at_most", "at_least"):  # later kinds win for shared phrases
        for phrase in b[kind]:
            bounds[phrase] = kind
    return Vocabulary(
        magnitudes=n["magnitudes"], currency_only=frozenset(n["currency_only_magnitudes"]), words=n["words"],
        small_words=n["small_words"], ordinals=n["ordinals"],
        ordinal_nouns=frozenset(n["ordinal_nouns"]), growth_words=n["growth_words"],
        currency_prefixes=d["currencies"]["prefixes"], currency_suffixes=d["currencies"]["suffixes"], bounds=bounds,
        reference_words=frozenset(x["reference_words"]), time_units=frozenset(x["time_units"]),
        expansions=c["expansions"], stop=frozenset(c["stop"]), scope_words=frozenset(c["scope_words"]),
        scope_synonyms=c["scope_synonyms"],
    )


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    v = vocabulary()
    digits = r"(?<![\w.,-])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!(?!(?i:k|m|mn|bn|b|tn|thousand|million|billion|trillion)\b)\w)(?!\.[A-Za-z])(?!-(?!(?:thousand|million|billion|trillion)\b)[A-Za-z])"
    word_numbers = phrase_alternation({**v.words, **v.small_words})
    return {
        "digits": re.compile(digits),
        "word_number": re.compile(rf"\b({word_numbers})(?:[- ]({word_numbers}))?\b", re.IGNORECASE),
        "ordinal": re.compile(rf"\b({phrase_alternation(v.ordinals)}|\d+(?:st|nd|rd|th))\s+({phrase_alternation(v.ordinal_nouns)})\b", re.IGNORECASE),
        "growth": re.compile(rf"\b({phrase_alternation(v.growth_words)})\b", re.IGNORECASE),
        "multiple": re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(?:x|-fold|fold|times)\b(?!\w)", re.IGNORECASE),
        "magnitude": re.compile(rf"[\s-]*({phrase_alternation(v.magnitudes)})\b", re.IGNORECASE),
        "percent": re.compile(r"\s*(%|percent\b|per cent\b|percentage points?\b|pct\b)", re.IGNORECASE),
        "currency_before": re.compile(rf"({phrase_alternation(v.currency_prefixes)})\s?$"),
        "currency_after": re.compile(rf"\s*({phrase_alternation(v.currency_suffixes)})\b", re.IGNORECASE),
        "bound_before": re.compile(rf"\b({phrase_alternation(v.bounds)})\s+$", re.IGNORECASE),
        "range_after": re.compile(r"\s*(?:-|–|—|to|and)\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?", re.IGNORECASE),
        "month_near": re.compile(rf"\b({phrase_alternation(MONTHS)})\.?\s*$|^\s*(?:,\s*)?({phrase_alternation(MONTHS)})\b", re.IGNORECASE),
        "time": re.compile(r"^\s*(?::\d{2}|[ap]\.?m\b\.?|gmt|utc|[ap]\.m\.)", re.IGNORECASE),
        "equation": re.compile(r"\d[^.=\n]{0,40}=\s*[\d$£€]"),
        "age": re.compile(r"[A-Z][a-z]+,\s*$"),
    }


def _number_value(raw: str, decimals: str | None) -> float:
    return float(raw.replace(",", "") + (decimals or ""))


def extract_claims(text: str, start: int, end: int, sentence_index: int = -1) -> list[Claim]:
    """The claims in `text[start:end]` (one sentence), in order of position."""
    v = vocabulary()
    p = _patterns()
    sentence = text[start:end]
    if p["equation"].search(sentence):
        return []  # a unit definition ("1 petabyte = 1,000 terabytes"), not a claim
    claims: list[Claim] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(s: int, e: int, value: float, unit: str, upper: float | None = None) -> None:
        s2, bound = _bound_before(sentence, s)
        counted_start = e
        claim_text = sentence[s2:e]
        counted, scope = _counted(sentence, counted_start, unit, s2)
        claims.append(Claim(start + s2, start + e, claim_text, value, bound, unit, counted, scope, upper,
                            sentence_index, " ".join(_context_words(sentence))))
        taken.append((s2, e))

    for m in p["digits"].finditer(sentence):
        s, e = m.start(), m.end()
        if not free(s, e):
            continue
        value = _number_value(m.group(1), m.group(2))
        before, after = sentence[:s], sentence[e:]
        currency = p["currency_before"].search(before)
        mag = p["magnitude"].match(after)
        magnitude = 1.0
        attached = mag is not None and not mag.group(0)[:1].isspace()  # "3m", "10k", "$1B"
        if mag and (mag.group(1).lower() not in v.currency_only or currency or attached):
            magnitude = v.magnitudes[mag.group(1).lower()]
            e += mag.end()
            after = sentence[e:]
        pct = p["percent"].match(after)
        suffix = p["currency_after"].match(after)
        unit = "count"
        if currency:
            unit = v.currency_prefixes[currency.group(1)]
            s = currency.start()
        elif suffix:
            unit = v.currency_suffixes[suffix.group(1).lower()]
            e += suffix.end()
        if pct:
            unit = "percent"
            e += pct.end()
        if unit == "count" and magnitude == 1.0 and _is_not_a_statistic(sentence, m, p, v):
            continue
        upper = None
        rng = p["range_after"].match(sentence, e)
        if rng and unit in ("count", "percent") and not _looks_like_year(rng.group(1), rng.group(2)):
            upper_value = _number_value(rng.group(1), rng.group(2)) * magnitude
            after_range = sentence[rng.end():]
            if unit == "percent" or p["percent"].match(after_range):
                unit = "percent"
                pct2 = p["percent"].match(after_range)
                e = rng.end() + (pct2.end() if pct2 else 0)
            else:
                e = rng.end()
            upper = upper_value
        add(s, e, value * magnitude, unit, upper)

    for m in p["word_number"].finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        first = m.group(1).lower()
        if first in ("a", "half") and not m.group(2):
            mag = p["magnitude"].match(sentence, m.end())
            if not mag or mag.group(1).lower() in v.currency_only:
                continue
        numbers = {**v.words, **v.small_words}
        value = numbers[first] + (numbers[m.group(2).lower()] if m.group(2) else 0)
        e = m.end()
        mag = p["magnitude"].match(sentence, e)
        pct = None
        if mag and mag.group(1).lower() not in v.currency_only:
            value *= v.magnitudes[mag.group(1).lower()]
            e = mag.end()
        else:
            pct = p["percent"].match(sentence, e)
            if pct:
                e = pct.end()
        if first in v.small_words and not mag and not pct:
            continue  # "two companies": too small and too common to be a statistic
        unit = "percent" if pct else "count"
        add(m.start(), e, value, unit)

    for m in p["ordinal"].finditer(sentence):
        if free(m.start(), m.end()):
            word = m.group(1).lower()
            value = v.ordinals.get(word) or int(re.match(r"\d+", word).group())
            add(m.start(), m.start() + len(m.group(1)), float(value), "rank")
    for m in p["multiple"].finditer(sentence):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), float(m.group(1)), "multiple")
    for m in p["growth"].finditer(sentence):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), float(v.growth_words[m.group(1).lower()]), "multiple")
    return sorted(claims, key=lambda c: c.start)


def _bound_before(sentence: str, start: int) -> tuple[int, str]:
    """Extend a claim back over "more than", "nearly", "a good"...; returns (start, bound)."""
    match = _patterns()["bound_before"].search(sentence[:start])
    if not match:
        return start, "exact"
    return match.start(), vocabulary().bounds[match.group(1).lower()]


def _looks_like_year(raw: str, decimals: str | None) -> bool:
    return decimals is None and "," not in raw and len(raw) == 4 and 1800 <= int(raw) <= 2100


def _is_not_a_statistic(sentence: str, m: re.Match, p, v: Vocabulary) -> bool:
    """Years, dates, times, list numbers, references, versions, ages, durations."""
    raw, decimals = m.group(1), m.group(2)
    before, after = sentence[: m.start()], sentence[m.end():]
    if _looks_like_year(raw, decimals) and not p["percent"].match(after):
        return True
    if p["month_near"].search(before[-12:]) or p["month_near"].match(after[:12]):
        return True  # "January 29", "29 January 2024"
    if p["time"].match(after):
        return True
    if before.endswith(("*", "/", "^", "=", "+")) or after.startswith(("*", "/", "^", "=", "+")):
        return True  # part of an expression or a code snippet, not a figure
    if before.endswith("(") and after.startswith(")"):
        return True  # "(1)": a list marker or a footnote
    if not before.strip() and re.match(r"^[.)](\s|$)", after):
        return True  # list numbering
    word_before = re.search(r"([A-Za-z][\w.]*)\.?\s*$", before)
    if word_before:
        word = word_before.group(1).lower().rstrip(".")
        if word in v.reference_words:
            return True
        capitalised = word_before.group(1)[0].isupper() and before.strip() != word_before.group(1)
        if capitalised and decimals and not p["percent"].match(after):
            return True  # a version after a product name: "Ernie 4.0"
    if p["age"].search(before) and re.match(r"^\s*,", after):
        return True  # "Bublik, 22,"
    if re.match(r"^[\s-]*(year-old|years? old|-year-old)", after, re.IGNORECASE) or re.search(r"\baged\s*$", before, re.IGNORECASE):
        return True
    unit_after = re.match(r"^[\s-]*([A-Za-z]+)", after)
    if unit_after and unit_after.group(1).lower() in v.time_units and not decimals and int(raw.replace(",", "")) < 100:
        # A duration that only dates something ("over the next 5 years", "22 years ago")
        # is not a figure; a rate or a length that is the point ("every 72 minutes",
        # "debates are 90 minutes") is.
        if re.search(r"\b(in|for|over|within|after|before|last|past|next|first|the|than|nearly|almost|about|some)\s*$", before, re.IGNORECASE) \
                or re.match(r"^[\s-]*[A-Za-z]+\s+(ago|old|later|earlier|before|after)\b", after, re.IGNORECASE):
            return True
    return False


_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]")
SCOPE_WORDS_BEFORE, SCOPE_WORDS_AFTER = 8, 4  # scope words must stand this close to the figure


def normalise_counted(words: list[str]) -> str:
    v = vocabulary()
    joined = " ".join(fold_plural(w) for w in words)
    for short, long in v.expansions.items():
        if joined == fold_plural(short) or joined.endswith(" " + fold_plural(short)):
            joined = joined[: len(joined) - len(fold_plural(short))] + long
    return joined.strip()


def _counted(sentence: str, at: int, unit: str, claim_start: int) -> tuple[str, tuple[str, ...]]:
    """What the figure counts (up to four words after it, or before "of X%"), and its scope."""
    v = vocabulary()
    words: list[str] = []
    prev_end = 0
    rest = sentence[at:]
    of_match = re.match(r"\s+of\s+(?:the\s+|a\s+)?(?:total\s+of\s+)?(?:[\d,.]+\s+)?", rest)
    part_of = False
    if of_match and unit in ("count", "percent"):
        rest = rest[of_match.end():]  # "38,000 of the 54,000 patents": counted = patents
        part_of = unit == "count"
    for m in _WORD.finditer(rest):
        gap = rest[: m.start()] if not words else rest[prev_end:m.start()]
        if any(ch in gap for ch in ",;:()—–\"“”"):
            break
        w = m.group()
        lower = w.lower()
        if lower in v.stop or lower.endswith("ed") or (words and lower.endswith("ing") and not lower.endswith(("ling", "thing"))):
            break  # a verb ("5 percent agreed") or participle ends what is counted
        words.append(w)
        prev_end = m.end()
        if len(words) == 4:
            break
    if not words and unit == "percent":
        preceding = re.findall(r"([A-Za-z][A-Za-z-]+)\s+(?:\([A-Z]+\)\s+)?(?:of|at|by)\s+[^A-Za-z]*$", sentence[:claim_start])
        words = preceding[-1:]
    window = _WORD.findall(sentence[:claim_start])[-SCOPE_WORDS_BEFORE:] + _WORD.findall(sentence[at:])[:SCOPE_WORDS_AFTER]
    scope = {v.scope_synonyms.get(fold_plural(w), fold_plural(w)) for w in window if fold_plural(w) in v.scope_words}
    if part_of:
        scope.add("part")  # the X of "X of Y" is a part, not the total
    return normalise_counted(words), tuple(sorted(scope))


def _context_words(sentence: str) -> list[str]:
    v = vocabulary()
    return [w for w in _WORD.findall(sentence) if w.lower() not in v.stop and len(w) > 2]
