"""Claim extraction: every number an article asserts, with its value, bound, unit, what it
counts and where it stands.

A claim is a figure a reader could check: a percentage, an amount of money, a count of
things, "X of Y", a growth multiple, a rank, a range, a number in words. Years, dates,
times, list numbering, versions and product names with digits (01.AI, 4Paradigm, GPT-4,
Ernie 4.0, K-12), names with a number ("FTSE 100", "Patriot 125"), ages, unit definitions,
phone numbers, addresses, bill and case numbers, scripture references, scores and tallies
("won 3-1", "51-49"), and idioms ("a thousand times") are not claims. Vocabulary and the
masks for number-bearing spans that are not figures live in `data/statistics.toml`.

Linear by construction: every pattern is RE2's (`auditor.regex`), applied to one sentence or
to a bounded window around a figure; the words of a sentence are listed once and looked up
by position, never rescanned per claim.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field

from ..claim import Claim
from ..data import load_toml, phrase_alternation
from ..text import dateline_end, fold_plural as _fold_plural
from ..regex import IGNORECASE, Pattern, compile, scanner

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
          "february", "march", "april", "june", "july", "august", "september", "october", "november", "december")

WINDOW = 40  # characters either side of a figure that its context checks may read
MARKET_WINDOW = 80  # characters before a figure where a market subject and its move may stand
MARKET_NAMES_WINDOW = 240  # ... where a market subject, the names of the securities and their move may stand


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
    not_name_words: frozenset[str]
    score_words: frozenset[str]
    conversion_units: frozenset[str]
    sports_nouns: frozenset[str]
    sports_context: frozenset[str]
    legal_after: tuple[str, ...]
    legal_before: tuple[str, ...]
    intensified: frozenset[str]
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
        not_name_words=frozenset(x["not_name_words"]) | frozenset(p for p in bounds if " " not in p),
        score_words=frozenset(x["score_words"]), conversion_units=frozenset(x["conversion_units"]),
        sports_nouns=frozenset(x["sports_nouns"]), sports_context=frozenset(x["sports_context"]),
        legal_after=tuple(sorted(x["legal_after"], key=len, reverse=True)), legal_before=tuple(x["legal_before"]), intensified=frozenset(x["intensified"]),
        expansions=c["expansions"], stop=frozenset(c["stop"]), scope_words=frozenset(c["scope_words"]),
        scope_synonyms=c["scope_synonyms"],
    )


@dataclass(frozen=True)
class Patterns:
    any_figure: Pattern  # a digit, a number word, an ordinal or a growth word: worth reading on
    number: Pattern
    word_number: Pattern
    ordinal: Pattern
    growth: Pattern
    multiple: Pattern
    magnitude: Pattern  # anchored at the start of a window
    percent: Pattern  # anchored
    currency_before: Pattern  # anchored at the end of a window
    currency_after: Pattern  # anchored
    bound_before: Pattern  # anchored at the end
    range_after: Pattern  # anchored
    month_before: Pattern  # at the end
    month_after: Pattern  # anchored
    time_after: Pattern  # anchored
    masks: Pattern
    idioms: Pattern
    word_before: Pattern  # the word just before a figure, at the end of a window
    age_before: Pattern
    name_is_before: Pattern
    age_after: Pattern
    pronoun_age_before: Pattern
    duration_before: Pattern
    duration_after: Pattern
    unit_word_after: Pattern
    of_after: Pattern
    part_of_before: Pattern
    word: "re.Pattern[str]"  # a scanner (regex.scanner): listed over every word
    name_after: Pattern  # anchored: a proper name right after a figure
    market_move: Pattern  # at the end of a window: a market price moving ("shares rose")
    market_names: Pattern  # at the end of a window: names listed after market copy ("stocks ..., with Delta ... all falling by")
    market_code: Pattern  # at the end of a window: an instrument code, then a move ("Apollo (APO.N) ended down")


_NAME = r"[A-Z][\w&.'’-]*(?:[ \t]+(?:[A-Z][\w&.'’-]*|&)){0,4}"  # a capitalised name: "Delta Air Lines"
_NAME_LIST = rf"{_NAME}(?:,?[ \t]+(?:and[ \t]+)?{_NAME}){{0,8}}"  # "Delta Air Lines, United Airlines, and Southwest Airlines"


@functools.lru_cache(maxsize=1)
def patterns() -> Patterns:
    """The extraction patterns, all RE2, built from the vocabulary."""
    v = vocabulary()
    x = load_toml("statistics.toml")["exclusions"]
    numbers = phrase_alternation({**v.words, **v.small_words})
    mags = phrase_alternation(v.magnitudes)
    return Patterns(
        # Small number words ("a", "two") count only before a magnitude or "percent" ("a
        # million", "two percent"), so a sentence whose only number word is "a" is passed over.
        any_figure=compile(rf"\d|\b(?:{phrase_alternation(v.words)}|{phrase_alternation(v.ordinals)}"
                           rf"|{phrase_alternation(v.growth_words)})\b"
                           rf"|\b(?:{phrase_alternation(v.small_words)})(?:[- ](?:{numbers}))?[\s-]*(?:(?:{mags}|percent|per\s+cent|percentage|pct)\b|%)",
                           IGNORECASE),
        number=compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"),
        word_number=compile(rf"\b({numbers})(?:[- ]({numbers}))?\b", IGNORECASE),
        ordinal=compile(rf"\b({phrase_alternation(v.ordinals)}|\d+(?:st|nd|rd|th))\s+({phrase_alternation(v.ordinal_nouns)})\b",
                        IGNORECASE),
        growth=compile(rf"\b({phrase_alternation(v.growth_words)})\b", IGNORECASE),
        multiple=compile(r"(\d+(?:\.\d+)?)\s?(?:x|-fold|fold|times)\b", IGNORECASE),
        magnitude=compile(rf"^[\s-]*({mags})\b", IGNORECASE),
        percent=compile(r"^\s*(%|percent\b|per cent\b|percentage points?\b|pct\b)", IGNORECASE),
        currency_before=compile(rf"({phrase_alternation(v.currency_prefixes)})\s?\z"),
        currency_after=compile(rf"^\s*({phrase_alternation(v.currency_suffixes)})\b", IGNORECASE),
        bound_before=compile(rf"\b({phrase_alternation(v.bounds)})\s+\z", IGNORECASE),
        range_after=compile(r"^\s*(-|–|—|to|and)\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?", IGNORECASE),
        month_before=compile(rf"\b({phrase_alternation(MONTHS)})\.?\s*\z", IGNORECASE),
        month_after=compile(rf"^\s*(?:,\s*)?({phrase_alternation(MONTHS)})\b", IGNORECASE),
        time_after=compile(r"^\s*(?::\d{2}|[ap]\.?m\b\.?|gmt\b|utc\b|[ap]\.m\.|[ecmp][sd]?t\b)", IGNORECASE),
        masks=compile("|".join(f"(?:{m})" for m in x["masks"])),
        idioms=compile(rf"\b(?:{phrase_alternation(x['idioms'])})", IGNORECASE),
        word_before=compile(r"([A-Za-z&][\w.&]*)\.?\s*\z"),
        age_before=compile(r"\p{Lu}\p{Ll}+,\s*(?:now\s+|then\s+|aged?\s+)?\z"),
        name_is_before=compile(r"\p{Lu}\p{Ll}+\s+(?:is|was|turned|turns|will\s+be)\s+\z"),
        age_after=compile(r"^\s*(?:,|\)|\.\s*\z|\z|;|\s+-\s|\s+of\s+\p{Lu}|\s+and\s+\p{Lu})"),
        pronoun_age_before=compile(r"(?i)\b(?:he|she|i|they|we|you|who)\s+(?:was|were|is|turned|turns|had\s+turned)\s+(?:just\s+|only\s+)?\z"
                                   r"|(?i)\b(?:at\s+)?(?:the\s+)?age\s+(?:of\s+)?\z|(?i)\baged?\s*\z|(?i)\bages\s+\z"),
        duration_before=compile(r"(?i)\b(in|for|over|within|after|before|last|past|next|first|the|than|nearly|almost|about|some|around|whole|entire|served|serving|exactly|precisely|just|only|mere|barely)\s*\z"),
        duration_after=compile(r"(?i)^[\s-]*[a-z]+\s+(?:ago|old|later|earlier|before|after|into|back|to\s+the\s+day|in\s+the\s+past)\b"
                               r"|(?i)^[\s-]*[a-z]+\s+(?:and|or)\s+(?:\d+|[a-z]+)[\s-]+[a-z]+[\s-]+old\b"),  # "3 months and 3 years old"
        unit_word_after=compile(r"^[\s-]*([A-Za-z]+)"),
        of_after=compile(r"^\s+of\s+(?:the\s+|a\s+)?(?:total\s+of\s+)?(?:[\d,.]+\s+)?"),
        part_of_before=compile(r"([A-Za-z][A-Za-z-]+)\s+(?:\([A-Z]+\)\s+)?(?:of|at|by)\s+[^A-Za-z]{0,12}\z"),
        word=scanner(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]"),
        # A proper name after a figure: two or more capitalised words, the last not a
        # plural, then punctuation or the end ("5 Lindsey Graham (@...", "10 Downing Street.").
        market_move=compile(rf"(?i)\b(?:{phrase_alternation(x['market_subjects'])})\b(?:[ \t-]+[\w'’&=.]+){{0,6}}?"
                            rf"(?:,?[ \t]+(?:which|that))?[ \t]+"
                            rf"(?:{phrase_alternation(x['market_verbs'])})\b(?:[^.;,]|[.,]\d|,\s+(?:down|up)\s+from\b){{0,60}}\z"),
        market_code=compile(rf"(?:{'|'.join(x['instrument_codes'])})(?:[^.;:!?\n]|\.\S|\.[ \t]+[a-z]){{0,100}}?"
                            rf"\b(?i:{phrase_alternation(x['market_verbs'])})"
                            r"\b(?:[^.;,]|[.,]\d|,\s+(?:down|up)\s+from\b){0,60}\z"),
        name_after=compile(r"^\s+(?:[A-Z][a-z]+\s+)+[A-Z][a-z]*[a-rt-z]\b\s*(?:[^\w\s]|\z)"),
        # Market copy naming the securities that moved: a market subject, then in its sentence
        # "with" or "while" and only names, then a move ("Other airline stocks also took a hit,
        # with Delta Air Lines, United Airlines, and Southwest Airlines all falling by more than
        # 3%"); not "with Apple's sales falling 5%" (not only names).
        market_names=compile(rf"(?i:\b(?:{phrase_alternation(x['market_subjects'])})\b)(?:[^.;:!?\n]|\.\d){{0,80}}?"
                             rf"\b(?:with|while|whereas)[ \t]+{_NAME_LIST}(?:'s|’s)?(?:[ \t]+(?:shares|stock))?[ \t]+"
                             rf"(?:(?:all|both|each|also)[ \t]+)?(?i:{phrase_alternation(x['market_verbs'])})\b"
                             rf"(?:[^.;,]|[.,]\d){{0,30}}\z"),
    )


fold_plural = functools.lru_cache(maxsize=1 << 16)(_fold_plural)  # words repeat; fold each once


def _number_value(raw: str, decimals: str | None) -> float:
    return float(raw.replace(",", "") + (decimals or ""))


class SentenceWords:
    """The words of one sentence with their offsets, listed once, when first looked up (most
    sentences with a number word hold no claim and never need them), and looked up by position."""

    def __init__(self, sentence: str):
        self.sentence = sentence

    @functools.cached_property
    def spans(self) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in patterns().word.finditer(self.sentence)]

    @functools.cached_property
    def starts(self) -> list[int]:
        return [s for s, _ in self.spans]

    def after(self, at: int):
        """(start, end, word) of the words starting at or after `at`, in order."""
        for i in range(bisect.bisect_left(self.starts, at), len(self.spans)):
            s, e = self.spans[i]
            yield s, e, self.sentence[s:e]

    def before(self, at: int, n: int) -> list[str]:
        """The last `n` words that end at or before `at`."""
        i = bisect.bisect_left(self.starts, at)
        while i > 0 and self.spans[i - 1][1] > at:
            i -= 1
        return [self.sentence[s:e] for s, e in self.spans[max(0, i - n):i]]

    def following(self, at: int, n: int) -> list[str]:
        i = bisect.bisect_left(self.starts, at)
        return [self.sentence[s:e] for s, e in self.spans[i:i + n]]


def extract_claims(text: str, start: int, end: int, sentence_index: int = -1) -> list[Claim]:
    """The claims in `text[start:end]` (one sentence), in order of position."""
    v = vocabulary()
    p = patterns()
    sentence = text[start:end]
    if not p.any_figure.search(sentence):
        return []
    if _is_equation(sentence):
        return []  # a unit definition ("1 petabyte = 1,000 terabytes"), not a claim
    n = len(sentence)
    taken = bytearray(n + 1)  # characters already inside a claim or a mask
    for m in p.masks.finditer(sentence):
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for m in p.idioms.finditer(sentence):
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    first_char = n - len(sentence.lstrip())
    words = SentenceWords(sentence)
    context = None  # the sentence's content words, which every claim carries (listed at the first)
    claims: list[Claim] = []

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    sports = None

    def add(s: int, e: int, value: float, unit: str, upper: float | None = None) -> None:
        nonlocal sports, context
        s2, bound = _bound_before(sentence, s)
        counted, scope = _counted(sentence, words, e, unit, s2)
        taken[s2:e] = b"\x01" * (e - s2)
        if _is_legal_term(sentence, e, v):
            return  # "sentenced to 20 years in prison", "guilty on 45 counts"
        if (unit not in ("count", "rank", "multiple") or (unit == "count" and not counted)) \
                and (p.market_move.search(sentence[max(0, s2 - MARKET_WINDOW):s2])
                     or p.market_names.search(sentence[max(0, s2 - MARKET_NAMES_WINDOW):s2])
                     or p.market_code.search(sentence[max(0, s2 - MARKET_NAMES_WINDOW):s2])):
            return  # "Shares of the company rose 1.2 percent", "The Composite Index rose 0.2% to 3,464.29",
            # "Athene Holding (ATH.N) closed nearly 7 percent weaker"
        if unit == "count" and bound == "exact" and p.name_after.match(sentence[e:e + WINDOW]):
            return  # "4 Lindsey Graham (@LindseyGrahamSC)": a numbered item naming someone, not a count
        if unit == "percent" and value in (100.0, 110.0, 1000.0) and upper is None:
            follower = p.unit_word_after.match(sentence[e:e + WINDOW])
            if follower and (follower.group(1).lower() in v.intensified or follower.group(1).lower().endswith("ly")):
                return  # "100 percent loyal", "100% sure": an intensifier
        if unit in ("count", "rank") and counted and counted.split()[0] in v.sports_nouns:
            if sports is None:
                sports = any(w.lower() in v.sports_context for _s, _e, w in words.after(0))
            if sports:
                return  # "scored 16 points", "20 goals in 54 games": a game's figures
        if context is None:
            context = " ".join(w for _s, _e, w in words.after(0) if w.lower() not in v.stop and len(w) > 2)
        claims.append(Claim(start + s2, start + e, sentence[s2:e], value, bound, unit, counted, scope, upper,
                            sentence_index, context))

    skip_until = -1
    for m in p.number.finditer(sentence):
        s, e = m.start(), m.end()
        if s < skip_until or not free(s, e) or not _stands_alone(sentence, s, e) or _is_conversion(sentence, s, v):
            continue
        value = _number_value(m.group(1), m.group(2))
        currency = p.currency_before.search(sentence[max(0, s - 6):s])
        after = sentence[e:e + WINDOW]
        mag = p.magnitude.match(after)
        magnitude = 1.0
        attached = mag is not None and not mag.group(0)[:1].isspace()  # "3m", "10k", "$1B"
        if mag and (mag.group(1).lower() not in v.currency_only or currency or attached):
            magnitude = v.magnitudes[mag.group(1).lower()]
            e += mag.end()
            after = sentence[e:e + WINDOW]
        elif after[:1].isalpha() or (after[:1] in "-" and after[1:2].isalpha()):
            continue  # "4Paradigm", "21st", "15-member", "50-state"
        pct = p.percent.match(after)
        suffix = p.currency_after.match(after)
        unit = "count"
        if currency:
            unit = v.currency_prefixes[currency.group(1)]
            s = max(0, m.start() - 6) + currency.start()
        elif suffix:
            unit = v.currency_suffixes[suffix.group(1).lower()]
            e += suffix.end()
        if pct:
            unit = "percent"
            e += pct.end()
        if unit == "count" and magnitude == 1.0 and _is_not_a_statistic(sentence, m, first_char, words):
            continue
        upper = None
        value *= magnitude
        rng = p.range_after.match(sentence[e:e + WINDOW])
        if rng:
            kind, found = _range(sentence, words, m.start(), e, rng, unit, magnitude, value / magnitude)
            if kind == "range":
                value, upper, unit, e = found
            elif kind == "tally":
                skip_until = e + rng.end()
                continue  # "51-49", "won 3-1": a score or a tally, not two figures
        if not free(s, e):
            continue
        add(s, e, value, unit, upper)

    for m in p.word_number.finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        first = m.group(1).lower()
        if first in ("a", "half") and not m.group(2):
            mag = p.magnitude.match(sentence[m.end():m.end() + WINDOW])
            if not mag or mag.group(1).lower() in v.currency_only:
                continue
        numbers = {**v.words, **v.small_words}
        value = numbers[first] + (numbers[m.group(2).lower()] if m.group(2) else 0)
        e = m.end()
        after = sentence[e:e + WINDOW]
        mag = p.magnitude.match(after)
        pct = None
        if mag and mag.group(1).lower() not in v.currency_only:
            value *= v.magnitudes[mag.group(1).lower()]
            e += mag.end()
        else:
            pct = p.percent.match(after)
            if pct:
                e += pct.end()
        if first in v.small_words and not mag and not pct:
            continue  # "two companies": too small and too common to be a statistic
        if not mag and not pct and _is_duration(sentence, m.start(), m.end(), value, False):
            continue  # "thirty years ago"
        if not free(m.start(), e):
            continue
        add(m.start(), e, value, "percent" if pct else "count")

    for m in p.ordinal.finditer(sentence):
        if free(m.start(), m.end()):
            word = m.group(1).lower()
            value = v.ordinals.get(word) or int("".join(ch for ch in word if ch.isdigit()))
            add(m.start(), m.start() + len(m.group(1)), float(value), "rank")
    for m in p.multiple.finditer(sentence):
        if free(m.start(), m.end()) and (m.start() == 0 or not (sentence[m.start() - 1].isalnum() or sentence[m.start() - 1] in "._")):
            add(m.start(), m.end(), float(m.group(1)), "multiple")
    for m in p.growth.finditer(sentence):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), float(v.growth_words[m.group(1).lower()]), "multiple")
    return sorted(claims, key=lambda c: c.start)


def _is_legal_term(sentence: str, e: int, v: Vocabulary) -> bool:
    lead = sentence[max(0, e - 40):e].lower().rstrip("0123456789,.$£€ ")
    for bound in ("up to", "as much as", "more than", "at least"):
        if lead.endswith(bound):
            lead = lead[: -len(bound)].rstrip()
    if lead.endswith(("term of", "sentence of", "sentenced to") + v.legal_before):
        return True  # "shortened his term of 14 years", "a fine of $500,000"
    after = sentence[e:e + 40].lower().lstrip(" -")
    for word in ("more ", "additional ", "other ", "separate ", "federal ", "criminal ", "felony "):
        if after.startswith(word):
            after = after[len(word):]
    return after.startswith(v.legal_after)


def _is_conversion(sentence: str, s: int, v: Vocabulary) -> bool:
    """A figure in parentheses right after another figure with a unit: "1,000 feet (305 m)",
    "2.37 acres (0.96 hectare)", "$60 million (52 million euros)"."""
    before = sentence[max(0, s - 40):s].rstrip()
    for lead in ("about", "approximately", "roughly", "around", "some", "or", "nearly", "almost", "~", "c."):
        if before.lower().endswith(lead):
            before = before[: -len(lead)].rstrip()
    if not before.endswith("("):
        return False
    before = before[:-1].rstrip()
    words = before.split()
    if len(words) < 2:
        return False
    unit = words[-1].lower().strip(".,")
    number = words[-2] if unit in v.conversion_units or unit in v.magnitudes else words[-1]
    return (unit in v.conversion_units or unit in v.magnitudes or unit in ("percent", "%")) \
        and any(ch.isdigit() for ch in number)


def _is_equation(sentence: str) -> bool:
    """A figure, at most 40 characters of the same clause, "=", a figure: "1 petabyte = 1,000
    terabytes". Checked around each "=" in a bounded window."""
    q = sentence.find("=")
    while q >= 0:
        after = sentence[q + 1:q + 9].lstrip()
        if after[:1].isdigit() or after[:1] in "$£€":
            before = sentence[max(0, q - 40):q]
            cut = max(before.rfind("."), before.rfind("="), before.rfind("\n"))
            if any(ch.isdigit() for ch in before[cut + 1:]):
                return True
        q = sentence.find("=", q + 1)
    return False


def _stands_alone(sentence: str, s: int, e: int) -> bool:
    """The digits at `s:e` are a number of their own, not part of a word, a code or a
    dotted name ("K-12", "GPT-4", "01.AI", "v2"); a glued sentence ("cost $1,300.The")
    still counts."""
    if s > 0:
        before = sentence[s - 1]
        if before.isalnum() or before in "_.,-" or before in "\u2011":
            return False
    after = sentence[e:e + 3]
    if after[:1] == "." and after[1:2].isalpha():
        return after[1:2].isupper() and after[2:3].islower()  # "$1,300.The" glued, not "01.AI"
    return True


def _range(sentence: str, words: "SentenceWords", s: int, e: int, rng, unit: str, magnitude: float, value: float):
    """Read what follows a figure as the top of a range ("5-10%", "5 to 10 people", "between
    5 and 10 percent", "3 to 5 million"). Returns ("range", (lower, upper, unit, end)) when
    both ends are the same unit and the first is lower; ("tally", None) for a score or a vote
    ("won 3-1", "51-49"); ("none", None) otherwise ("up 40 pct to 30 billion yen", "to 21
    percent from 35 percent")."""
    p, v = patterns(), vocabulary()
    sep = rng.group(1).lower()
    dash = sep in ("-", "–", "—")
    if _looks_like_year(rng.group(2), rng.group(3)):
        return "none", None
    second = _number_value(rng.group(2), rng.group(3))
    at = e + rng.end()
    after_second = sentence[at:at + WINDOW]
    scoring = any(w.lower() in v.score_words for w in words.before(s, 3) + words.following(at, 2))
    if sep == "to" and unit == "count" and magnitude == 1.0 and second < value and scoring:
        return "tally", None  # "on a vote of 231 to 198"
    if dash and unit == "count" and magnitude == 1.0:
        follower = p.unit_word_after.match(after_second)
        bare = not p.percent.match(after_second) and not p.magnitude.match(after_second) and (
            not follower or follower.group(1).lower() in v.stop or after_second[:1] in ",.;:)")
        if second <= value or scoring or bare:
            return "tally", None  # "51-49", "won 3-1", "fell to 4-12 in 2009"
    if unit not in ("count", "percent"):
        return "none", None
    if sep == "and" and not sentence[max(0, s - 9):s].lower().rstrip().endswith("between"):
        return "none", None
    mag2 = p.magnitude.match(after_second)
    if mag2 and mag2.group(1).lower() in v.currency_only and mag2.group(0)[:1].isspace():
        mag2 = None
    tail = after_second[mag2.end():] if mag2 else after_second
    pct2 = p.percent.match(tail)
    if p.currency_after.match(tail) or (unit == "percent" and (mag2 or not pct2)):
        return "none", None  # "up 40 pct to 30 billion yen": a change, then a level
    lower_magnitude = magnitude
    upper_magnitude = v.magnitudes[mag2.group(1).lower()] if mag2 else magnitude
    if mag2 and magnitude == 1.0:
        lower_magnitude = upper_magnitude  # "3 to 5 million": the magnitude stands for both
    lower, upper = value * lower_magnitude, second * upper_magnitude
    if upper <= lower:
        return "none", None  # a fall ("from 35 to 21") or a level after a change
    end = at + (mag2.end() if mag2 else 0) + (pct2.end() if pct2 else 0)
    return "range", (lower, upper, "percent" if pct2 else unit, end)


def _bound_before(sentence: str, start: int) -> tuple[int, str]:
    """Extend a claim back over "more than", "nearly", "a good"...; returns (start, bound)."""
    window_start = max(0, start - 24)
    match = patterns().bound_before.search(sentence[window_start:start])
    if not match:
        return start, "exact"
    return window_start + match.start(), vocabulary().bounds[match.group(1).lower()]


def _looks_like_year(raw: str, decimals: str | None) -> bool:
    return decimals is None and "," not in raw and len(raw) == 4 and 1800 <= int(raw) <= 2100


def _is_duration(sentence: str, s: int, e: int, value: float, decimals: bool) -> bool:
    """A duration that only dates something ("over the next 5 years", "22 years ago",
    "thirty years ago") or an age ("two sons of 3 months and 3 years old") is not a figure; a rate or a length that is the point ("every 72
    minutes", "debates are 90 minutes") is."""
    p, v = patterns(), vocabulary()
    after = sentence[e:e + WINDOW]
    unit_after = p.unit_word_after.match(after)
    if not unit_after or unit_after.group(1).lower() not in v.time_units or decimals:
        return False
    if p.duration_after.match(after):
        return True  # "22 years ago", "200 days into his presidency", "104 years back in time"
    return value < 100 and bool(p.duration_before.search(sentence[max(0, s - 12):s]))


def _title_words_follow(after: str, n: int) -> bool:
    words = after.split()[:n]
    return len(words) == n and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)


_AFTER_AGE = frozenset(load_toml("statistics.toml")["exclusions"]["after_age"])


def _is_not_a_statistic(sentence: str, m, first_char: int, words: SentenceWords) -> bool:
    """Years, dates, times, list numbers, references, versions, names with a number, ages,
    durations."""
    p, v = patterns(), vocabulary()
    raw, decimals = m.group(1), m.group(2)
    s, e = m.start(), m.end()
    before, after = sentence[max(0, s - WINDOW):s], sentence[e:e + WINDOW]
    if _looks_like_year(raw, decimals) and not p.percent.match(after):
        return True
    if p.month_before.search(before[-12:]) or p.month_after.match(after[:12]):
        return True  # "January 29", "29 January 2024"
    if p.time_after.match(after):
        return True
    if before.endswith(("*", "/", "^", "=", "+", "#", ":", "№")) or after.startswith(("*", "/", "^", "=", "+", ":")):
        return True  # part of an expression, a code, a time or a reference, not a figure
    if before.endswith("(") and after.startswith(")"):
        return True  # "(1)": a list marker or a footnote
    if before.endswith("[") and after.startswith("]"):
        return True  # "[1]": a footnote
    if s == first_char and (after[:1] in ".)" and (len(after) == 1 or after[1:2].isspace())):
        return True  # list numbering
    if before.lower().endswith(("per ", "for every ", "out of every ", "in every ")) and raw.replace(",", "").strip("0") == "1":
        return True  # "3 deaths per 100,000 live births": the denominator of a rate
    if before.endswith(("“", '"', "‘", "'")) and _title_words_follow(after, 1):
        return True  # "“12 Years a Slave”": a title
    word_before = p.word_before.search(before)
    if word_before:
        word = word_before.group(1)
        if "." in word.rstrip(".") and len(word.rstrip(".").rsplit(".", 1)[-1]) >= 2:
            word = word.rstrip(".").rsplit(".", 1)[-1]  # "referendum.Section 3": sentences glued
        lower = word.lower().rstrip(".")
        if lower == "the" and _title_words_follow(after, 2):
            return True  # "The 7 Mile Bridge Run": part of a name
        if lower in v.reference_words:
            return True
        sentence_initial = max(0, s - WINDOW) + word_before.start() <= first_char
        adjacent = before.endswith((word + " ", word + "\u00a0", word + ". "))
        capitalised = word[0].isupper() or word[0] == "&"
        if capitalised and not sentence_initial and decimals and not p.percent.match(after):
            return True  # a version after a product name: "Ernie 4.0"
        if capitalised and adjacent and lower not in v.not_name_words and lower not in MONTHS \
                and not decimals and (not sentence_initial or word.isupper() or "&" in word):
            return True  # part of a name: "FTSE 100 companies", "Patriot 125", "News 3", "S&P 500"
    if p.age_before.search(before) and p.age_after.match(after):
        return True  # "Bublik, 22," "Mr. King, 82."
    if p.name_is_before.search(before) and (after.strip() in (".", "") or after.lstrip().startswith((",", ";"))) \
            and not decimals and int(raw.replace(",", "")) < 120:
        return True  # "Liberal Justice Stephen Breyer is 79."
    if s == first_char + 3 and sentence[first_char:s].lower() == "at " and after.startswith(","):
        return True  # "At 81, Kennedy is the second-oldest justice"
    if p.pronoun_age_before.search(before[-24:]):
        next_word = p.unit_word_after.match(after)
        if not next_word or next_word.group(1).lower() in _AFTER_AGE:
            return True  # "when she was 14", "aged 45", "at the age of 12"
    if after.lstrip("- ").lower().startswith(("year-old", "years old", "-year-old", "years-old")):
        return True
    return _is_duration(sentence, s, e, _number_value(raw, None), bool(decimals))


def normalise_counted(words: list[str]) -> str:
    v = vocabulary()
    joined = " ".join(fold_plural(w) for w in words)
    for short, long in v.expansions.items():
        if joined == fold_plural(short) or joined.endswith(" " + fold_plural(short)):
            joined = joined[: len(joined) - len(fold_plural(short))] + long
    return joined.strip()


SCOPE_WORDS_BEFORE, SCOPE_WORDS_AFTER = 8, 4  # scope words must stand this close to the figure
_BREAKS = frozenset(",;:()—–\"“”")


def _counted(sentence: str, words: SentenceWords, at: int, unit: str, claim_start: int) -> tuple[str, tuple[str, ...]]:
    """What the figure counts (up to four words after it, or before "of X%"), and its scope."""
    v = vocabulary()
    p = patterns()
    counted: list[str] = []
    part_of = False
    cursor = at
    of_match = p.of_after.match(sentence[at:at + WINDOW])
    if of_match and unit in ("count", "percent"):
        cursor = at + of_match.end()  # "38,000 of the 54,000 patents": counted = patents
        part_of = unit == "count"
    for s, e, w in words.after(cursor):
        gap = sentence[cursor:s]
        if len(gap) > 12 or any(ch in _BREAKS for ch in gap):
            break
        lower = w.lower()
        if lower in v.stop or lower.endswith("ed") or (counted and lower.endswith("ing") and not lower.endswith(("ling", "thing"))):
            break  # a verb ("5 percent agreed") or participle ends what is counted
        counted.append(w)
        cursor = e
        if len(counted) == 4:
            break
    if not counted and unit == "percent":
        preceding = p.part_of_before.search(sentence[max(0, claim_start - WINDOW):claim_start])
        if preceding:
            counted = [preceding.group(1)]
    window = words.before(claim_start, SCOPE_WORDS_BEFORE) + words.following(at, SCOPE_WORDS_AFTER)
    scope = {v.scope_synonyms.get(fold_plural(w), fold_plural(w)) for w in window if fold_plural(w) in v.scope_words}
    if part_of:
        scope.add("part")  # the X of "X of Y" is a part, not the total
    return normalise_counted(counted), tuple(sorted(scope))


# --- figures of public record ----------------------------------------------------------

RECORD_WINDOW = 110  # characters before a figure that the public-record reading may read


@dataclass(frozen=True)
class RecordPatterns:
    legislative: Pattern  # searched once per sentence
    provisions_listed: Pattern  # "The following are known provisions ...": every sentence after it is legislative
    provision_before: Pattern  # at the end of the window before a figure
    not_provision: Pattern  # at the end of the window: "an effective tax rate of"
    provision_heads: frozenset[str]
    observable_heads: frozenset[str]
    seat_heads: frozenset[str]
    spec_words: frozenset[str]
    company_after: Pattern  # anchored: " company that has been dubbed ..."
    target_before: Pattern  # at the end of the window: "aims to reduce the cost of storage by"
    requirement_before: Pattern  # at the end of the window: "all insurers have to cover a set of"
    fiscal_before: Pattern  # at the end of the window: "to replace the", "to cover a" (money to find)
    court_order_before: Pattern  # a bond or an order earlier in the window
    staff_heads: frozenset[str]
    staff_before: Pattern  # at the end of the window: "a department with", "employs"
    organisation_before: Pattern  # an organisation noun in the window before
    actor_after: Pattern  # anchored: "... lawmakers in the U.S. Congress called on Monday for"
    actor_collective: Pattern  # the whole opening before a count: "A coalition of"
    act_before: Pattern  # at the end of the window: "authorities in Tunisia intercepted several boats carrying"
    rate_qualifiers: frozenset[str]
    budget_before: Pattern
    budget_after: Pattern  # anchored
    budget_for: Pattern  # at the end of the window: "a massive bill for", "a package worth"
    provision_after: Pattern  # anchored: "increased to 23 percent from 17.4 percent a deduction for ..."
    budget_nouns: frozenset[str]
    voters: frozenset[str]
    voted_after: Pattern  # anchored
    won_before: Pattern
    vote_share_after: Pattern  # anchored
    court_heads: frozenset[str]
    court_before: Pattern
    provision_link: Pattern  # at the end of the window
    proposed_before: Pattern  # at the end of the window: "had earlier proposed 20 percent"
    not_provision_after: Pattern  # anchored
    effect_before: Pattern  # at the end of the window
    not_budget: frozenset[str]
    condition_before: Pattern  # "a proposal that would exclude ... if ... assets represent" (a provision's condition)
    threshold: Pattern  # anchored: a figure that opens with a bound ("less than 25 percent")
    clause_joined: Pattern  # another clause joined on: ", and", ", but"
    budget_is_before: Pattern  # at the end of the window: "the government's advertising budget is now just"
    public_money: Pattern  # a word of public money in the window around
    toll_before: Pattern  # at the end of the window: "killing", "which killed", "burned through"
    leaving_before: Pattern  # at the end of the window: "leaving"
    toll_state_after: Pattern  # anchored: " people dead"
    event_before: Pattern  # one event in the window before: "a 7.0 magnitude earthquake", "a boat ... capsized"
    dated_before: Pattern  # a year dating it in the window before: "in January 2010", "In 2017,", "a 2019 blaze"


@functools.lru_cache(maxsize=1)
def record_patterns() -> RecordPatterns:
    r = load_toml("statistics.toml")["record"]
    alt = phrase_alternation
    clause = r"(?:[^.;:!?\n]|\.[^\s]|\.[ \t]+[a-z])"  # within the clause: "U.S.", "39.6" and "U.S. corporate" do not end it
    heads = alt(r["provision_heads"])
    rate = rf"(?:{alt(r['rate_qualifiers'])})\b{clause}{{0,40}}?\brates?"
    return RecordPatterns(
        legislative=compile(rf"(?i)\b(?:{alt(r['legislative'])})\b"),
        provisions_listed=compile(rf"(?i)(?:{'|'.join(r['provisions_listed'])})"),
        # A factbox item's label counts as the clause's head: "CORPORATE TAX RATE: Falls to 21 percent".
        provision_before=compile(rf"(?i)\b(?:{rate}|{heads})\b(?:[ \t]*:[ \t]+)?{clause}{{0,80}}\z"),
        proposed_before=compile(rf"(?i)\b(?:{alt(r['proposal_verbs'])})\s+(?:(?:an?|the|only|just)\s+)?\z"),
        not_provision=compile(rf"(?i)\b(?:{alt(r['not_provision'])})\b{clause}{{0,30}}\z"),
        provision_heads=frozenset(fold_plural(w) for w in r["provision_heads"]),
        observable_heads=frozenset(r["observable_heads"]),
        seat_heads=frozenset(r["seat_heads"]),
        spec_words=frozenset(r["spec_words"]),
        target_before=compile(rf"(?i)\b(?:{alt(r['target_words'])})\b{clause}{{0,70}}\z"),
        company_after=compile(rf"(?i)^[ \t]+(?:\w+[ \t]+)?(?:{alt(r['company_nouns'])})\b"),  # not "-a-year business"
        requirement_before=compile(rf"(?i)\b(?:{alt(r['requirement_verbs'])})\b{clause}{{0,60}}\z"),
        court_order_before=compile(rf"(?i)\b(?:{alt(r['court_orders'])})\b"),
        fiscal_before=compile(rf"(?i)\b(?:{alt(r['fiscal_verbs'])})\s+(?:(?:an?|the|another|additional)\s+)?\z"),
        staff_heads=frozenset(r["staff_heads"]),
        organisation_before=compile(rf"(?i)\b(?:{alt(r['organisation_nouns'])})(?:'s|’s|s)?\b"),
        staff_before=compile(rf"(?i)\b(?:{alt(r['staff_before'])})\s+(?:(?:an?|the|about|some|roughly|around|nearly|almost|more\s+than|over|just\s+over|fewer\s+than|less\s+than)\s+)?\z"),
        actor_after=compile(rf"(?i)^(?:[ \t]+[\w'’.,-]+){{0,14}}?[ \t]+(?:(?:have|has|had|also|jointly)[ \t]+)?"
                            rf"(?:{alt(r['actor_verbs'])})\b"),
        actor_collective=compile(rf"(?i)(?:{alt(r['actor_collectives'])})"),
        act_before=compile(rf"(?i)\b(?:{alt(r['authority_nouns'])})\b{clause}{{0,40}}?\b(?:{alt(r['act_verbs'])})\b"
                           rf"{clause}{{0,60}}\z"),
        rate_qualifiers=frozenset(fold_plural(w) for w in r["rate_qualifiers"]),
        budget_before=compile(rf"(?i)(?:\b(?:{alt(r['budget_nouns'])})\b{clause}{{0,50}}?\b(?:{alt(r['budget_verbs'])})"
                              rf"|\b(?:{alt(r['bodies'])})\b{clause}{{0,30}}?\b(?:{alt(r['body_acts'])})"
                              rf"|\b(?:{alt(r['request_verbs'])}))"
                              r"\s+(?:(?:an?|the|another|additional|nearly|about|some)\s+)?\z"),
        budget_after=compile(rf"(?i)^\s+(?:[a-z-]+\s+)?(?:{alt(r['budget_after'])})\b"),
        budget_for=compile(rf"(?i)(?:^|\s)([\w-]+)\s+({alt(r['budget_nouns'])})\s+(?:for|of|worth|totaling|totalling)\s+\z"),
        provision_after=compile(rf"(?i)^\s+(?:from\s+[\d.,]+\s*(?:percent|%)\s+)?(?:an?|the)\s+(?:[\w-]+\s+){{0,2}}?"
                                rf"(?:{heads})\b"),
        budget_nouns=frozenset(fold_plural(w) for w in r["budget_nouns"]),
        voters=frozenset(fold_plural(w) for w in r["voters"]),
        voted_after=compile(r"(?i)^(?:[^.;:!?\n]|\.[^\s]){0,50}?\bvoted\b"),
        won_before=compile(rf"(?i)(?:\b(?:{alt(r['won'])})\b{clause}{{0,30}}?\bby|\bmargin\s+of\s+victory\s+(?:was|is|of))\s+\z"),
        vote_share_after=compile(r"(?i)^\s+of\s+(?:the\s+)?(?:(?:popular|total|primary|general)\s+)?(?:vote|votes|ballots"
                                 r"|precincts)\b"),
        court_heads=frozenset(r["court_heads"]),
        court_before=compile(rf"(?i)\b(?:{alt(r['court_before'])})\s+(?:(?:an?|the|about|nearly|some)\s+)?\z"),
        provision_link=compile(rf"(?i)\b(?:{alt(r['provision_links'])})\s+(?:(?:an?|the|about|roughly|some)\s+)?\z"),
        not_provision_after=compile(rf"(?i)^\s+(?:{alt(r['not_provision_after'])})\b"),
        effect_before=compile(rf"(?i)\b(?:{alt(r['effect_verbs'])})\s+(?:(?:an?|the|another|additional|an\s+additional)\s+)?\z"),
        not_budget=frozenset(r["not_budget"]),
        condition_before=compile(rf"(?i)\b(?:{alt(r['condition_documents'])})[ \t]+(?:that|which)[ \t]+would\b"
                                 r"(?:[^.;:!?\n]|\.\d){0,250}\b(?:if|unless)\b(?:[^.;:!?\n]|\.\d){0,120}\z"),
        clause_joined=compile(r"(?i),\s+(?:and|but|or|so|yet|while|whereas)\b"),
        threshold=compile(r"(?i)^(?:(?:less|more|fewer)\s+than|at\s+(?:least|most)|no\s+(?:more|less|fewer)\s+than)\b"),
        budget_is_before=compile(rf"(?i)\b(?:{alt(r['budget_is_heads'])})(?:,?[ \t]+which)?[ \t]+(?:{alt(r['budget_is_verbs'])})"
                                 r"[ \t]+(?:(?:now|currently|just|only|still)[ \t]+){0,2}\z"),
        public_money=compile(rf"(?i)\b(?:{alt(r['public_money'])})\b"),
        toll_before=compile(rf"(?i)\b(?:{alt(r['toll_verbs'])})\s+(?:(?:through|the\s+lives\s+of)\s+)?\z"),
        leaving_before=compile(rf"(?i)\b(?:{alt(r['toll_leaving'])})\s+\z"),
        toll_state_after=compile(rf"(?i)^\s+(?:[\w-]+\s+){{0,2}}?(?:{alt(r['toll_states'])})\b"),
        event_before=compile(rf"(?i)\b(?:{alt(r['event_nouns'])}|{alt(r['event_verbs'])})\b"),
        # A year dating the event: "in January 2010", "in late 2019", "on Oct. 27, 2018", "In 2017,",
        # "a 2019 blaze"; not "since 2014" (a count running since) nor a range ("2018-2019").
        dated_before=compile(rf"(?i)(?:\b(?:in|on|of)\s+(?:(?:early|late|mid)[\s-]+)?|\b(?:an?|the)\s+)"
                             rf"(?:(?:{'|'.join(MONTHS)})\.?\s+(?:\d{{1,2}},?\s+)?)?(?:1[89]|20)\d\d\b(?:[^\d–-]|\z)"),
    )


EMPLOYS = compile(r"(?i)\bemploy(?:s|ing|ed)\b")
_LIST_GAP = compile(r"(?:[^.;:!?\n]|\.\d){0,40}")
# The level a figure changes from, later in its clause: "Caps the deduction ... at $750,000 in
# home loan value, down from the current $1 million".
_FROM_LEVEL_GAP = compile(r"(?i)(?:[^.;:!?\n]|\.\d){0,60}\b(?:down|up|reduced|lowered|raised|increased)\s+from\s+"
                          r"(?:the\s+)?(?:current\s+|existing\s+|present\s+|previous\s+)?")


def continues_list(gap: str) -> bool:
    """Whether the text between two figures of a sentence keeps them in one list ("14.5
    percent for liquid assets and 7.5 percent ...", "..., up from 10 percent and 5 percent"):
    short, and no clause ends in it; or the level it changes from ("at $750,000 in home loan
    value, down from the current $1 million"). A figure listed with one of public record (a
    provision, a court's bond) is one too."""
    return _LIST_GAP.fullmatch(gap) is not None or _FROM_LEVEL_GAP.fullmatch(gap) is not None


def estimates_effect(before: str, unit: str) -> bool:
    """Whether the text just before a figure makes it an estimate of what a provision does
    ("would add $1.5 trillion", "require lawmakers to replace the $40 billion"), a statistic
    even where the same amount names the bill ("a sweeping $1.5 trillion tax bill")."""
    r = record_patterns()
    return r.effect_before.search(before[-40:]) is not None or (
        unit not in ("count", "percent", "multiple", "rank") and r.fiscal_before.search(before[-40:]) is not None)


def same_provision(sentence: str, s: int, e: int, counted: str, unit: str, provision_counted: str | None) -> bool:
    """Whether a figure restates a provision the document gave before with the same value and
    unit (`provision_counted`: what that one counted, None when there is none): "CORPORATE
    TAX RATE: Falls to 21 percent ... Going to 21 percent gave tax writers more federal
    revenue". Not a share of a population ("21 percent of small firms") nor an estimate of
    an effect ("adding $1.5 trillion to the national debt")."""
    if provision_counted is None or estimates_effect(sentence[max(0, s - RECORD_WINDOW):s], unit):
        return False
    return counted in ("", provision_counted) or (provision_counted == "" and not _SHARE_OF.match(sentence[e:e + 8]))


_SHARE_OF = compile(r"(?i)\s+of\b")
CONDITION_WINDOW = 400  # characters before a threshold where the provision setting its condition may stand
HISTORY_WINDOW = 200  # characters before a toll where its event and the year dating it may stand


def past_toll(sentence: str, s: int, e: int) -> bool:
    """Whether the count at `s:e` is the toll of one past event the sentence dates by a year
    ("after a 7.0 magnitude earthquake struck near Haiti's capital ... in January 2010, killing
    more than 300,000 people", "a 2019 blaze that burned through more than 11,000 acres"):
    background record. Not a running toll ("more than 13,000 people killed since it began"),
    nor an event of the story's own days (no year)."""
    r = record_patterns()
    near = sentence[max(0, s - 40):s]
    if r.toll_before.search(near) is None and (
            r.leaving_before.search(near) is None or r.toll_state_after.match(sentence[e:e + WINDOW]) is None):
        return False
    window = sentence[max(0, s - HISTORY_WINDOW):s]
    return r.event_before.search(window) is not None and r.dated_before.search(window) is not None


def record_kind(sentence: str, s: int, e: int, counted: str, unit: str, legislative: bool) -> str:
    """Whether the figure at `s:e` of `sentence` is one of public record, not a statistic:
    "provision" (what a bill, law, plan or budget sets: "cutting the top corporate tax rate
    to 20 percent", "a $10,000 cap", "51 votes needed", "the $44 billion requested by the
    administration", "a $15 billion hurricane relief bill"), "vote" ("12 Republicans voted
    against the bill", "tied at 11,608 votes"), "election" ("won by 1.5 percentage points",
    "83% of the vote", "52 of the Senate's 100 seats"), "court" ("a $5 million bond", "ordered to
    pay $41 million"), "observable" (read off a post or an account: "more than 17 million
    followers"), "actors" (the signers of a call who open the sentence: "About 1,500 former
    staffers have urged ..."), "size" (an organisation's staff given to describe it: "a
    department with more than 240,000 employees") or "spec" (a product's specification: "603
    horsepower"), "act" (counted in what an authority did: "authorities in Tunisia intercepted
    several boats that were carrying nearly 70 migrants"), "history" (the toll of one past event the sentence
    dates by a year: "a 2019 blaze that burned through more than 11,000 acres"); what a law requires is a "provision" ("Under Obamacare, all insurers have to
    cover a set of 10 benefits") and what a bond requires "court"; "" otherwise. `legislative` says whether the sentence speaks of legislation (searched once
    per sentence with `record_patterns().legislative`). Reads only a bounded window."""
    r = record_patterns()
    before = sentence[max(0, s - RECORD_WINDOW):s]
    after = sentence[e:e + WINDOW]
    words = counted.split()
    if unit == "count" and words and fold_plural(words[-1]) in r.observable_heads:
        return "observable"  # "more than 17 million followers", "over 400,000 likes"
    if "vote" in words:
        return "vote"  # "51 votes needed", "tied at 11,608 votes", "lost by some 200,000 votes"
    if unit == "count" and words and any(w in r.voters for w in words) and r.voted_after.match(after):
        return "vote"
    opening = sentence[dateline_end(sentence):s].strip()
    opens_sentence = not opening or (len(opening) < 30 and r.actor_collective.fullmatch(opening) is not None)
    # nothing before it but a dateline, or a collective it heads ("A coalition of nearly 20 ... groups sued")
    if unit == "count" and opens_sentence and r.actor_after.match(sentence[e:e + RECORD_WINDOW]):
        return "actors"  # "About 1,500 former congressional staffers have urged the House ..."
    if unit == "count" and words and fold_plural(words[-1]) in r.staff_heads and r.staff_before.search(before[-40:]) \
            and (words[-1] not in ("people", "person") or EMPLOYS.search(before[-40:])) \
            and r.organisation_before.search(before):
        return "size"  # "a department with more than 240,000 employees", "employs about 270 people"
    if unit not in ("count", "percent", "multiple", "rank") and r.company_after.match(after):
        return "size"  # "Jollibee, a $5 billion company that ...": its worth, market data
    if unit in ("count", "percent") and r.act_before.search(before):
        return "act"  # "authorities in Tunisia intercepted several boats that were carrying nearly 70 migrants"
    if any(fold_plural(w) in r.spec_words for w in words):
        return "spec"  # "603 horsepower", "728 lb-ft of torque"
    if unit == "count" and past_toll(sentence, s, e):
        return "history"  # "a 7.0 magnitude earthquake struck ... in January 2010, killing more than 300,000 people"
    if unit == "count" and words and fold_plural(words[-1]) in r.seat_heads:
        return "election"  # "Republicans control 52 of the Senate's 100 seats"
    if r.won_before.search(before) or r.vote_share_after.match(after):
        return "election"
    if unit not in ("count", "percent", "multiple", "rank") and (
            any(w in r.court_heads for w in words) or r.court_before.search(before[-40:])):
        return "court"
    money = unit not in ("count", "percent", "multiple", "rank")
    if estimates_effect(before, unit):
        return ""  # "would add $1.5 trillion", "require lawmakers to replace the $40 billion": estimates, statistics
    if r.target_before.search(before):
        return "provision"  # "The initiative also aims to reduce the cost of energy storage by 90%"
    if r.requirement_before.search(before):
        if legislative:
            return "provision"  # "Under Obamacare, all insurers have to cover a set of 10 benefits"
        if r.court_order_before.search(before):
            return "court"  # "Boucher's $7,500 bond requiring him to keep at least 1,000 feet away"
    if money and ((words and words[-1] in r.budget_nouns and legislative and not any(w in r.not_budget for w in words))
                  or r.budget_after.match(after) or r.budget_before.search(before)):
        return "provision"
    if legislative and r.threshold.match(sentence[s:e]):
        condition = r.condition_before.search(sentence[max(0, s - CONDITION_WINDOW):s])
        if condition is not None and r.clause_joined.search(condition.group(0)) is None:
            return "provision"  # "a proposal that would exclude ... if certain assets represent less than 25 percent";
            # not "a bill that would cap rates is popular, and if it passes more than 20 percent ... will pay more"
    if money and r.budget_is_before.search(before[-60:]) and r.public_money.search(before + after):
        return "provision"  # "The government's advertising budget is now just $10 million", not a film's budget
    budget_for = r.budget_for.search(before[-60:]) if money and legislative else None
    if budget_for and budget_for.group(1).lower() not in r.not_budget and budget_for.group(2).lower() != "budget":
        return "provision"  # "approve a massive bill for more than $1 trillion", not "a medical bill for
        # $200,000" nor a film's "budget of $48 million"
    if not legislative or r.not_provision.search(before[-40:]) or r.not_provision_after.match(after):
        return ""
    if words and (words[-1] in r.provision_heads or (words[-1] == "rate" and any(w in r.rate_qualifiers for w in words))):
        return "provision"  # "a $10,000 cap", "a 20 percent corporate tax rate"
    if r.provision_after.match(after):
        return "provision"  # "increased to 23 percent from 17.4 percent a deduction for pass-throughs"
    if r.provision_before.search(before) and r.provision_link.search(before[-40:]):
        return "provision"  # "the top rate falls to 37 percent", "taxed at rates as high as 39.6 percent"
    if r.proposed_before.search(before[-40:]):
        return "provision"  # "The House and Senate bills, as well as Trump, had earlier proposed 20 percent."
    return ""
