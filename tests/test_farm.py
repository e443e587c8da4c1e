"""Content-farm tells on the seeds, and an example for every phrase pattern of data/farm.toml."""

from __future__ import annotations

import re

import pytest

from auditor import regex
from auditor.config import Config
from auditor.corpus import load_inputs
from auditor.data import load_toml
from auditor.engine import run_audit
from conftest import SEEDS

# Every pattern of each list must match one of its list's examples (case as the check reads it).
EXAMPLES = {
    ("llm-artifact", "chatbot", re.IGNORECASE): [
        "As an AI language model, I cannot say.",
        "As a large language model I do not browse.",
        "As an AI assistant, I do not hold opinions.",
        "I cannot fulfill this request.",
        "I'm sorry, but I can't do that.",
        "As of my last knowledge update in 2023,",
        "My knowledge cutoff is 2023.",
        "I cannot browse the internet for the latest figures.",
        "I don't have real-time information about the vote.",
        "Regenerate response",
        "I hope this article gives you a clear picture.",
        "Let me know if you would like any changes to the tone.",
        "This article is entirely fictional and was written for illustration.",
    ],
    ("llm-artifact", "openers", re.IGNORECASE): [
        "Certainly! Here is the article you asked for.",
        "Here is a 500-word news article about the election.",
        "Note: This article is a work of fiction.",
    ],
    ("llm-artifact", "placeholders", 0): ["Call [Your Name].", "On [Journalist's Name] said.", "[NAME] wrote."],
    ("llm-artifact", "field_labels", re.IGNORECASE): ["TOUT: Drivers in southwest Washington can relax."],
    ("placeholder-name", "names", 0): ["said John Smith, a farmer", "Joe Bloggs said", "John Q. Public"],
    ("essay-framing", "openers", re.IGNORECASE): [
        "In this article, we will examine inflation.",
        "This article delves into the recent developments.",
        "In conclusion, the study shows more.",
    ],
    ("chatbot-style", "phrases", re.IGNORECASE): [
        "The rescue served as a stark reminder of the risks.", "It is a sobering reminder that floods kill.",
        "It's clear that more is needed.", "It is therefore important to weigh the options.",
        "Only time will tell.", "The study highlights the need for better planning.",
        "More needs to be done.", "Much work remains.", "There is still much work to be done.",
        "Despite these challenges, it worked.", "Her career is a testament to her talent.",
        "The fire was a wake-up call.", "The ruling offers a glimmer of hope.", "It will last for generations to come.",
        "In today's fast-paced world, news moves quickly.", "One thing is certain: the fight is not over.",
    ],
    ("relative-date", "strong", re.IGNORECASE): [
        "last week", "earlier this month", "yesterday", "on Wednesday", "two weeks ago",
    ],
    ("relative-date", "weak", re.IGNORECASE): ["today"],
    ("relative-date", "dateline", 0): ["WASHINGTON (Reuters) - The head", "SAN FRANCISCO - The tech"],
    ("empty-metadata", "patterns", re.IGNORECASE | re.MULTILINE): ["Tags: ,", "2024Tags: ,\n", "The end. Tags:"],
}


def _cases():
    data = load_toml("farm.toml")
    for (section, key, flags), examples in EXAMPLES.items():
        for pattern in data[section][key]:
            yield pytest.param(pattern, flags, examples, id=f"{section}.{key}:{pattern[:30]}")


@pytest.mark.parametrize("pattern, flags, examples", list(_cases()))
def test_every_phrase_pattern_has_an_example(pattern, flags, examples):
    compiled = regex.compile(pattern, flags)
    assert any(compiled.search(example) for example in examples), pattern


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
    """The two list items whose "[n]" markers were stripped (their own rule now: a remnant is
    a real tell but not a certain one); nothing in 003 is a chatbot leftover."""
    assert [f.text for f in farm_findings["003"] if f.name == "farm.citation-remnant"] == ["processing .", "products ."]
    assert [f.text for f in farm_findings["003"] if f.name == "farm.llm-artifact"] == []


def test_relative_dates_only_in_undated_articles(farm_findings):
    dated = {p for p, fs in farm_findings.items() if not any(f.name == "farm.relative-date" for f in fs)}
    assert "001" in dated  # "Published On: January 29, 2024" dates it
    found = [f for f in farm_findings["004"] if f.name == "farm.relative-date"]
    assert [f.text for f in found] == ["This week"]  # one finding per article, on the first not opening with "past"
    occurrences = found[0].data["occurrences"]
    text = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    assert [text[s:e] for s, e in occurrences][:2] == ["past week", "This week"]
    assert [f.text for f in farm_findings["001"] if f.name == "farm.empty-metadata"] == ["Tags: ,"]


def test_chatbot_style_is_one_finding_naming_the_first_phrases():
    """FM009: one finding per document at the first phrase; the message names three of
    them and counts the rest; quoted phrases are not counted."""
    from auditor.corpus import Document
    from auditor.engine import analyse_document
    text = ("Flood\n\nThe flood serves as a reminder of the risks. Despite these challenges, the town rebuilt. "
            "Overall, it is clear that more needs to be done. \"It is important to act,\" the mayor said. "
            "Her work is a testament to the town.\n")
    findings = [f for f in analyse_document(Document(id="d", path="d.txt", format="txt", text=text),
                                            Config()).findings if f.rule == "FM009"]
    assert len(findings) == 1
    assert findings[0].text == "serves as a reminder"
    assert findings[0].message == ("chatbot style: 6 stock phrase(s) of generated prose: 'serves as a reminder', "
                                   "'Despite these challenges', 'Overall,' and 3 more")
