"""Claim extraction patterns, support grades for the seed sentences, and the seeds'
expected statistics findings and facts table (issue: unsupported statistics)."""

from __future__ import annotations

import json

import pytest

from auditor.checks.attribution import sentence_support
from auditor.checks.claims import extract_claims
from auditor.config import Config
from auditor.corpus import load_inputs
from auditor.engine import run_audit
from auditor.report.json import audit_dict
from conftest import SEEDS


def claims(sentence: str):
    return [(c.text, c.value, c.bound, c.unit, c.counted) for c in extract_claims(sentence, 0, len(sentence))]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Growth was 26.8% a year.", [("26.8%", 26.8, "exact", "percent", "")]),
        ("It fell 5 percent.", [("5 percent", 5.0, "exact", "percent", "")]),
        ("It is worth $150 billion.", [("$150 billion", 150e9, "exact", "USD", "")]),
        ("An allocation of $1.5 billion.", [("$1.5 billion", 1.5e9, "exact", "USD", "")]),
        ("The firm raised £3m.", [("£3m", 3e6, "exact", "GBP", "")]),
        ("Worth 2 trillion yuan.", [("2 trillion yuan", 2e12, "exact", "CNY", "")]),
        ("It launched 79 large language models.", [("79", 79.0, "exact", "count", "large language model")]),
        ("China boasted 130 LLMs.", [("130", 130.0, "exact", "count", "large language model")]),
        ("It has over 100 million users.", [("over 100 million", 1e8, "at_least", "count", "user")]),
        ("38,000 of the 54,000 patents.", [("38,000", 38000.0, "exact", "count", "patent"), ("54,000", 54000.0, "exact", "count", "patent")]),
        ("Revenue doubled.", [("doubled", 2.0, "exact", "multiple", "")]),
        ("Sales grew 3x.", [("3x", 3.0, "exact", "multiple", "")]),
        ("It came in second place.", [("second", 2.0, "exact", "rank", "place")]),
        ("Between 5 and 10 percent agreed.", [("5 and 10 percent", 5.0, "exact", "percent", "")]),
        ("More than 40 models.", [("More than 40", 40.0, "at_least", "count", "model")]),
        ("Nearly 2,000 jobs.", [("Nearly 2,000", 2000.0, "at_most", "count", "job")]),
        ("Just under 3,500 patents.", [("Just under 3,500", 3500.0, "at_most", "count", "patent")]),
        ("About 300 firms.", [("About 300", 300.0, "about", "count", "firm")]),
        ("With a good 6,000 patents.", [("a good 6,000", 6000.0, "at_least", "count", "patent")]),
        ("Two million users joined.", [("Two million", 2e6, "exact", "count", "user")]),
        ("It marked the fourth batch.", [("fourth", 4.0, "exact", "rank", "batch")]),
        ("Forty firms applied.", [("Forty", 40.0, "exact", "count", "firm")]),
    ],
)
def test_extraction(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "It happened in 2022 and again from 2021 to 2025.",
        "On January 29, 2024 and 5 April 2013 it rained.",
        "At 9:02 AM and 10 a.m. they met.",
        "1. Autonomous vehicles lead the list.",
        "Companies such as 01.AI and 4Paradigm won approval.",
        "Baidu released Ernie 4.0 to rival GPT-4.",
        "Tools for K-12 schools and COVID-19 tracking.",
        "Bublik, 22, won the match.",
        "A 45-year-old man was arrested.",
        "1 petabyte = 1,000 terabytes.",
        "Two major companies, Baidu and SenseTime, unveiled models.",
        "See Section 5 and page 12.",
        "It ran over the next 5 years.",
        "In the first tranche, tech giants won approval.",
    ],
)
def test_non_statistics_stay_silent(sentence):
    assert claims(sentence) == []


@pytest.mark.parametrize(
    "sentence, grade, source",
    [
        ("For instance, Baidu's stock saw a 5% drop earlier in the week following the announcement.", "none", ""),
        ("China accounts for 38,000 of the 54,000 patents registered since 2014, according to a report published by "
         "the World Intellectual Property Organization (WIPO) on Wednesday.", "named",
         "World Intellectual Property Organization (WIPO)"),
        ("This move reflects a strategic regulatory approach to AI development, based on information from Reuters "
         "and other sources.", "vague", "and other sources"),
        ("Chinese state-run research institutes reported the launch of 79 large language models last year alone.",
         "vague", "state-run research institutes"),
        ("China already boasted 130 LLMs, representing 40% of the global total, as reported by brokerage CLSA.",
         "named", "CLSA"),
        ("According to a report by the International Data Corporation (IDC), China's AI market is expected to grow.",
         "named", "International Data Corporation (IDC)"),
        ("The Ministry of Science and Technology confirmed an allocation of $1.5 billion.", "named",
         "Ministry of Science and Technology"),
        ("The market grew 12% (South China Morning Post).", "named", "South China Morning Post"),
        ("Experts say the market grew 12%.", "vague", "Experts say"),
        ("Reports suggest the market grew 12%.", "vague", "Reports suggest"),
        ("Studies show the market grew 12%.", "vague", "Studies show"),
        ("The market is projected to grow 12%.", "vague", "is projected to"),
        ("The market grew 12% (https://example.org/r).", "linked", "https://example.org/r"),
        ("The market grew 12% (Smith, 2021).", "linked", "(Smith, 2021)"),
        ("The market grew 12%, he said.", "named", "he said"),
    ],
)
def test_support_grades(sentence, grade, source):
    support = sentence_support(sentence, 0, len(sentence))
    assert (support.grade, support.source) == (grade, source)


def test_footnote_resolving_to_a_reference_is_a_link():
    from auditor.checks.attribution import footnote_references

    text = "Sales grew 12% [1].\n\nReferences\n[1] Ministry report, 2024.\n"
    refs = footnote_references(text)
    assert refs == {"1"}
    assert sentence_support(text, 0, 19, refs).grade == "linked"
    assert sentence_support("Sales grew 12% [2].", 0, 19, refs).grade == "none"


@pytest.fixture(scope="module")
def seed_result():
    docs, errors = load_inputs([str(SEEDS)])
    return run_audit(docs, errors, Config(jobs=1))


def by_rule(result, prefix: str, rule: str) -> list[str]:
    audit = next(a for a in result.documents if a.document.id.startswith(prefix))
    return [f.text for f in audit.findings if f.name == rule]


def test_seed_unsupported_figures(seed_result):
    assert "5%" in by_rule(seed_result, "004", "statistics.unsupported")
    for prefix in ("000", "001", "002"):
        assert "14" in by_rule(seed_result, prefix, "statistics.unsupported")
    for prefix in ("001", "002"):
        assert "over 100 million" in by_rule(seed_result, prefix, "statistics.unsupported")
    vague_001 = by_rule(seed_result, "001", "statistics.vague-attribution") + by_rule(seed_result, "001", "statistics.unsupported")
    assert "38" in vague_001 and "20" in vague_001  # Beijing and Guangdong: no source anyone could check


def test_seed_named_sources_are_not_unsupported(seed_result):
    assert {"38,000", "54,000", "a good 6,000"} <= set(by_rule(seed_result, "003", "statistics.unlinked-source"))
    assert {"130", "40%", "50%"} <= set(by_rule(seed_result, "002", "statistics.unlinked-source"))
    assert {"$150 billion", "26.8%", "$1.5 billion"} <= set(by_rule(seed_result, "004", "statistics.unlinked-source"))
    assert not {"38,000", "54,000"} & set(by_rule(seed_result, "003", "statistics.unsupported"))
    assert not {"130", "$150 billion", "26.8%", "$1.5 billion"} & set(
        by_rule(seed_result, "002", "statistics.unsupported") + by_rule(seed_result, "004", "statistics.unsupported"))


def test_seed_vague_examples(seed_result):
    assert "more than 40" in by_rule(seed_result, "001", "statistics.vague-attribution")
    assert "79" in by_rule(seed_result, "000", "statistics.vague-attribution")


def test_seed_facts_table(seed_result):
    facts = audit_dict(seed_result)["corpus"]["facts"]
    def docs(fact):
        return sorted({v["document"][:3] for v in fact["values"]})
    forty = next(f for f in facts if f["key"] == "ai model")
    assert not forty["conflict"] and docs(forty) == ["000", "001", "002"]
    assert {v["value"] for v in forty["values"]} == {"more than 40", "over 40"}
    fourteen = next(f for f in facts if "latest" in f["key"])
    assert not fourteen["conflict"] and docs(fourteen) == ["000", "001", "002"]
    assert {v["value"] for v in fourteen["values"]} == {"14"}
    llms = next(f for f in facts if f["key"] == "large language model")
    assert llms["conflict"]
    assert {(v["document"][:3], v["value"]) for v in llms["values"]} >= {("000", "79"), ("002", "130")}
    conflicts = by_rule(seed_result, "000", "consistency.conflict") + by_rule(seed_result, "002", "consistency.conflict")
    assert sorted(conflicts) == ["130", "79"]
    json.dumps(facts)  # serialisable as is


def test_conflict_links_the_other_document(seed_result):
    audit = next(a for a in seed_result.documents if a.document.id.startswith("000"))
    (finding,) = [f for f in audit.findings if f.name == "consistency.conflict"]
    (related,) = finding.related
    other = next(a for a in seed_result.documents if a.document.id == related.document)
    assert other.document.text[related.start:related.end] == "130"


@pytest.mark.eval
def test_polnear_quality_does_not_regress():
    """A floor a little under the README figure (evaluation/statistics.py)."""
    from conftest import shared_or_skip
    from evaluation.statistics import polnear

    shared = shared_or_skip("eval", "statistics").parent.parent
    ours, _baseline, n = polnear(shared, "dev", jobs=1)
    assert n == 323
    assert ours.f1 >= 0.70 and ours.precision >= 0.78


@pytest.mark.eval
def test_shipped_model_matches_a_retrain():
    """evaluation/train_attribution.py is deterministic and the shipped JSON is its output."""
    from conftest import shared_or_skip
    from evaluation.train_attribution import DEFAULT_OUT, train

    shared = shared_or_skip("eval", "statistics").parent.parent
    data, _report = train(shared)
    assert json.dumps(data, indent=1) + "\n" == DEFAULT_OUT.read_text(encoding="utf-8")


def test_model_is_a_dot_product_over_known_features():
    from auditor.checks.attribution_model import FEATURES, load_model

    model = load_model()
    assert set(model.features) <= set(FEATURES) and len(model.coefficients) == len(model.features)
    assert 0.0 < model.threshold < 1.0
    nothing = model.score({})
    said = model.score({"trailing_attribution": 1.0, "named_cue_after": 1.0})
    assert said < nothing  # a closing "..., the ministry said." makes a figure less likely unsupported


def _long_paragraph_document(sentences: list[str]):
    from auditor.context import DocumentContext
    from auditor.corpus import Document
    from auditor.text import Segmentation
    text = "Headline\n\n" + " ".join(sentences) + "\n"
    document = Document(id="d", path="d.txt", format="txt", text=text)
    return DocumentContext(document, Config(), Segmentation(document.text, document.blocks))


def test_a_long_paragraph_is_read_near_its_figures():
    """Copy that lost its paragraph breaks (more than LONG_PARAGRAPH sentences) is read for
    cues only within reach of a figure and where a cue reaches across the paragraph; the
    other sentences are read for their quotation marks, so a quotation that opens far from
    the figure still holds it."""
    from auditor.checks.attribution_model import NEAR_BEFORE
    from auditor.checks.statistics import read_document
    filler = [f"Officials in town {name} said the road was closed." for name in "ABCDEFGHIJ"]
    sentences = ["The mayor said, “We will rebuild.", *filler, "It will cost 40 percent more than planned.”",
                 "Source: City Hall."]
    [paragraph] = read_document(_long_paragraph_document(sentences))
    figure = len(sentences) - 2
    read = [k for k, r in enumerate(paragraph) if r.cues.cues]
    assert read == [*range(figure - NEAR_BEFORE, figure + 2)]  # the window and the closing source line
    assert paragraph[0].cues.quotes and not paragraph[0].cues.cues  # far: marks only
    assert paragraph[figure].in_quote(5)  # the quotation opened eleven sentences before is still open


def test_speakers_of_a_long_paragraph_count_near_the_figure():
    from auditor.checks.attribution_model import read_paragraph
    from auditor.checks.statistics import read_document
    filler = [f"The road near town {name} was closed for repairs." for name in "ABCDEF"]
    sentences = ["The road was closed.", "Mayor Jane Smith said on Monday that the road was closed.",
                 "It carried 4,000 cars a day.", *filler, "Repairs will cost 40 percent more."]
    [paragraph] = read_document(_long_paragraph_document(sentences))
    reading = read_paragraph(paragraph, None)
    assert reading.long and [p for p, _c in reading.speakers] == [1]
    assert [c.source for _p, c in reading.speakers_near(2)] == ["Mayor Jane Smith"]
    assert reading.speakers_near(len(sentences) - 1) == []  # named eight sentences before: not this figure's


def test_the_reach_read_in_a_long_paragraph_covers_every_look_back():
    """A long paragraph is read for cues only NEAR_BEFORE sentences before a figure: every
    convention that looks further back must fit in it, or tuning one (quotation_reach in
    tuning.toml) would silently stop working on wire and farm copy."""
    from auditor.checks import statistics
    from auditor.checks.attribution_model import NEAR_BEFORE
    assert NEAR_BEFORE >= max(statistics.QUOTATION_REACH, statistics.OPENING_REACH, statistics.DERIVED_REACH, 3)
