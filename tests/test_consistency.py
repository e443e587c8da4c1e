"""consistency.conflict (CO001) on small batches: figures are compared within a story only,
and each false positive found on real wire copy is a case here."""

from __future__ import annotations

import pytest

import auditor

# A story told three times (the rewrites share several figures and most of their words),
# with one figure that differs: the conflict the rule exists for.
STORY = ("{title}\n\n"
         "Regulators in Beijing approved 14 new AI models for public use on Tuesday, bringing the total "
         "approved since August to more than 40, the Cyberspace Administration of China said. "
         "The approvals cover chatbots from Baidu, Alibaba and SenseTime. "
         "{line} "
         "The regulator said the 14 new AI models passed a security review, and that more than 40 AI models "
         "are now in public use across the country. Analysts expect further approvals before the end of the "
         "year as companies race to release chatbots to a market of more than 1 billion internet users.\n")
RIVAL = "Chinese institutes launched {n} large language models, according to the state-run institute."


def audit_texts(tmp_path, texts: dict[str, str]):
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return auditor.audit(tmp_path, config={}, jobs=1)


def conflicts(result) -> dict[str, list[str]]:
    return {d.document.id: [f.message for f in d.findings if f.rule == "CO001"]
            for d in result.documents if any(f.rule == "CO001" for f in d.findings)}


def test_rewrites_of_one_story_that_disagree_conflict_once_each_listing_the_other_values(tmp_path):
    result = audit_texts(tmp_path, {
        "a.txt": STORY.format(title="China approves more AI models", line=RIVAL.format(n=79)),
        "b.txt": STORY.format(title="More AI models approved in China", line=RIVAL.format(n=79)),
        "c.txt": STORY.format(title="China's AI approvals pass 40", line=RIVAL.format(n=130)),
    })
    assert result.corpus["story_clusters"], "the three rewrites are one story"
    found = conflicts(result)
    assert found == {
        "a": ["'79' large language model conflicts with '130' in China's AI approvals pass 40"],
        "b": ["'79' large language model conflicts with '130' in China's AI approvals pass 40"],
        "c": ["'130' large language model conflicts with '79' in China approves more AI models; "
              "'79' in More AI models approved in China"],
    }
    [fact] = [f for f in result.corpus["facts"] if f["conflict"]]
    assert [v["value"] for v in fact["values"]] == ["79", "79", "130"]


def test_unrelated_articles_that_count_the_same_thing_do_not_conflict(tmp_path):
    """Two articles that share no story: '41 large language models' in one and '130' in the
    other are about different things, however the figure is phrased."""
    result = audit_texts(tmp_path, {
        "a.txt": "Startups in Shenzhen\n\nStartups in Shenzhen have released 41 large language models, "
                 "the city's technology bureau said on Monday, as venture funding for artificial intelligence "
                 "picked up after a slow year for the sector in southern China.\n",
        "b.txt": "Global AI race\n\nAmerican companies have built 130 large language models, a Stanford "
                 "University report found, far ahead of Europe, where regulators are weighing new rules on "
                 "how such systems may be trained and sold.\n",
    })
    assert result.corpus["story_clusters"] == []
    assert conflicts(result) == {}
    assert result.corpus["facts"] == []


@pytest.mark.parametrize("first, second", [
    # wire-14 / wire-57: two reports on one tax bill, two different deductions
    ("gives business owners a new 20 percent deduction on business income",
     "The Senate had proposed a 23 percent deduction"),
    # wire-23 / wire-51: a proposed cap and a market price, both in cents
    ("a proposal to cap the price of credits at 10 cents each",
     "The credits had been trading at 90 cents each at the end of November"),
])
def test_one_word_facts_of_one_story_do_not_conflict(tmp_path, first, second):
    """What is counted in one word ("deduction", "cent") does not identify a fact well
    enough to tell an editor that two reports contradict each other."""
    result = audit_texts(tmp_path, {
        "a.txt": STORY.format(title="China approves more AI models", line=f"Separately, {first}."),
        "b.txt": STORY.format(title="More AI models approved in China", line=f"Separately, {second}."),
    })
    assert result.corpus["story_clusters"]
    assert conflicts(result) == {}


def test_a_comparison_states_no_fact_to_conflict_with(tmp_path):
    result = audit_texts(tmp_path, {
        "a.txt": STORY.format(title="China approves more AI models", line=RIVAL.format(n=79)),
        "b.txt": STORY.format(title="More AI models approved in China",
                              line="Chinese institutes launched 130 large language models, up from 79 a year "
                                   "earlier, according to the state-run institute."),
    })
    assert result.corpus["story_clusters"]
    assert conflicts(result) == {}


def test_figures_of_different_years_do_not_conflict(tmp_path):
    result = audit_texts(tmp_path, {
        "a.txt": STORY.format(title="China approves more AI models",
                              line="In 2022 Chinese institutes launched 79 large language models."),
        "b.txt": STORY.format(title="More AI models approved in China",
                              line="In 2023 Chinese institutes launched 130 large language models."),
    })
    assert result.corpus["story_clusters"]
    assert conflicts(result) == {}
