"""Content-farm tells on the seeds, and an example for every chatbot-leftover pattern."""

from __future__ import annotations

import pytest

from auditor.checks.farm import farm_patterns
from auditor.config import Config
from auditor.corpus import load_inputs
from auditor.engine import run_audit
from conftest import SEEDS

LLM_EXAMPLES = [
    "As an AI language model, I cannot say.",
    "As a large language model I do not browse.",
    "I cannot fulfill this request.",
    "I'm sorry, but I can't do that.",
    "As of my last knowledge update in 2023,",
    "My knowledge cutoff is 2023.",
    "[Insert company name]",
    "Regenerate response",
    "Certainly! Here is the article you asked for.",
    "I hope this article gives you a clear picture.",
]


@pytest.mark.parametrize("pattern", farm_patterns().llm, ids=lambda p: p.pattern[:40])
def test_every_llm_pattern_has_an_example(pattern):
    assert any(pattern.search(example) for example in LLM_EXAMPLES)


@pytest.fixture(scope="module")
def farm_findings():
    docs, errors = load_inputs([str(SEEDS)])
    result = run_audit(docs, errors, Config(select=("farm",), jobs=1))
    return {a.document.id[:3]: a.findings for a in result.documents}


def test_both_spliced_sentences_of_004_and_at_most_two_others(farm_findings):
    spliced = {prefix: [f.text for f in fs if f.name == "farm.spliced-sentence"] for prefix, fs in farm_findings.items()}
    s004 = spliced["004"]
    assert any("particularly highlighted by China's condemnation of the UK's visa scheme" in s for s in s004)
    assert any("such as India's recent defense deals" in s for s in s004)
    others = sum(len(v) for v in spliced.values()) - 2
    assert others <= 2, spliced


def test_citation_remnants_in_003(farm_findings):
    texts = [f.text for f in farm_findings["003"] if f.name == "farm.llm-artifact"]
    assert texts == ["processing .", "products ."]


def test_relative_dates_only_in_undated_articles(farm_findings):
    dated = {p for p, fs in farm_findings.items() if not any(f.name == "farm.relative-date" for f in fs)}
    assert "001" in dated  # "Published On: January 29, 2024" dates it
    assert [f.text for f in farm_findings["004"] if f.name == "farm.relative-date"][:2] == ["past week", "This week"]
    assert [f.text for f in farm_findings["001"] if f.name == "farm.empty-metadata"] == ["Tags: ,"]
