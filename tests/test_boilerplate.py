"""Boilerplate: every phrase pattern is tested, the seeds' furniture is found exactly,
no body line of any seed is flagged, and quality on the labelled pages does not regress."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from auditor.checks.boilerplate import match_kind, pattern_kinds
from auditor.config import Config
from auditor.corpus import load_inputs
from auditor.corpus.html import parse_html
from auditor.engine import run_audit
from auditor.text import count_words
from conftest import SEEDS, shared_or_skip

CASES = tomllib.loads((Path(__file__).parent / "fixtures" / "boilerplate_patterns.toml").read_text(encoding="utf-8"))


def words(text: str) -> int:
    return count_words(text)


@pytest.mark.parametrize("kind", [k.kind for k in pattern_kinds()])
def test_every_pattern_matches_one_of_its_examples(kind):
    spec = next(k for k in pattern_kinds() if k.kind == kind)
    examples = CASES[kind]["match"]
    for pattern in spec.patterns:
        assert any(pattern.search(e) for e in examples), f"{kind}: no example for {pattern.pattern!r}"


@pytest.mark.parametrize("kind, line", [(k, line) for k, c in CASES.items() for line in c["match"]])
def test_match_examples(kind, line):
    assert match_kind(line, words(line)) == kind


@pytest.mark.parametrize("kind, line", [(k, line) for k, c in CASES.items() for line in c["no_match"]])
def test_no_match_examples(kind, line):
    assert match_kind(line, words(line)) != kind


@pytest.fixture(scope="module")
def seed_audit():
    docs, errors = load_inputs([str(SEEDS)])
    return {a.document.id[:3]: a for a in run_audit(docs, errors, Config(jobs=1)).documents}


def boilerplate_lines(audit) -> dict[int, str]:
    """Line number -> kind, for every line a boilerplate span covers."""
    text = audit.document.text
    out = {}
    for span in audit.boilerplate:
        first = text.count("\n", 0, span.start) + 1
        last = text.count("\n", 0, span.end) + 1
        for line in range(first, last + 1):
            if text.split("\n")[line - 1].strip():
                out[line] = span.kind
    return out


def test_seed_000_explore_more_block_every_line(seed_audit):
    audit = seed_audit["000"]
    lines = audit.document.text.split("\n")
    start = lines.index("Explore more") + 1
    expected = {n: "related-links" for n in range(start, len(lines) + 1) if lines[n - 1].strip()}
    assert len(expected) == 11  # the header and five headline/snippet pairs
    assert boilerplate_lines(audit) == expected


def test_seed_001_credits_metadata_repeated_title_and_share_prompt(seed_audit):
    audit = seed_audit["001"]
    lines = audit.document.text.split("\n")
    got = {n: (kind, lines[n - 1]) for n, kind in boilerplate_lines(audit).items()}
    assert got == {
        3: ("image-credit", "Photos courtesy of AI-generated Images"),
        5: ("image-credit", "Photos courtesy of AI-generated Images"),
        7: ("metadata", "Published On: January 29, 2024Tags: ,"),
        9: ("repeated-line", "China’s Leap in AI: Over 40 Models Approved for Public Use"),
        35: ("image-credit", "AI and a man"),
        37: ("image-credit", "Photos courtesy of AI-generated Images"),
        47: ("share-prompt", "Share This Story, Choose Your Platform!"),
    }


@pytest.mark.parametrize("prefix", ["002", "003", "004"])
def test_no_body_line_of_the_other_seeds_is_flagged(seed_audit, prefix):
    assert seed_audit[prefix].boilerplate == []


def test_html_main_container_and_furniture_classes():
    html = """<html><body>
    <div class="menu"><a href="/">Home</a></div>
    <div class="page"><article class="story">
      <h1>Headline</h1>
      <p>The ministry approved fourteen new models on Monday, bringing the total approved this year to more than forty.</p>
      <div class="share-tools"><p>Share this on every network you know</p></div>
      <p>Officials said more approvals would follow in the spring, once the review of the safety tests is complete.</p>
    </article>
    <div class="comments"><p>A reader wrote a long comment that goes on and on about something else entirely, as readers do.</p></div>
    </div></body></html>"""
    page = parse_html(html)
    tags = {page.text[b.start:b.end][:20]: b.tags for b in page.blocks}
    assert "main" in tags["The ministry approve"] and "main" in tags["Officials said more "]
    assert "furniture" in tags["Share this on every "] and "furniture" in tags["A reader wrote a lon"]
    assert "furniture" not in tags["The ministry approve"], "a wrapper's class must not mark the article"


@pytest.mark.eval
def test_quality_on_labelled_pages_does_not_regress():
    """Floors a little under the figures in the README (evaluation/boilerplate.py)."""
    base = shared_or_skip("eval", "boilerplate")
    from evaluation.boilerplate import read_pages, score_plain

    scores = score_plain(read_pages(base / "lines-cleanportal.jsonl"), "cleanportal", jobs=1)
    assert scores["content"].f1 >= 0.80
    assert scores["template"].precision >= 0.98
