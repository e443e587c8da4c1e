"""Every rule's pass/fail cases from tests/fixtures/rules/*.toml (as sqlfluff does with
its yml rule cases): one parametrised test, exact matched text and optional exact spans."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from auditor.config import Config, RuleSettings
from auditor.corpus import Document
from auditor.corpus.formats import READERS
from auditor.engine import analyse_document, run_audit
from auditor.checks import get_rules as all_rules

CASES_DIR = Path(__file__).parent / "fixtures" / "rules"


def load_cases():
    for path in sorted(CASES_DIR.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            yield pytest.param(case, id=f"{path.stem}:{case['id']}")


@pytest.mark.parametrize("case", list(load_cases()))
def test_rule_case(case):
    rule = {r.code: r for r in all_rules()}[case["rule"]]
    config = Config(select=(rule.code,), rules={rule.code: RuleSettings(options=case.get("options", {}))}, jobs=1)
    parsed = READERS[case.get("format", "txt")]("case", case["text"])[0]  # as the loader reads it
    document = Document(id="case", path="case", format=parsed.format, text=parsed.text, title=parsed.title,
                        meta=parsed.meta, blocks=parsed.blocks)
    if "batch" in case:  # rules that compare documents: the case's document plus others
        others = [Document(id=f"other{i}", path=f"o{i}.txt", format="txt", text=t) for i, t in enumerate(case["batch"])]
        findings = run_audit([document, *others], [], config).documents[0].findings
    else:
        findings = analyse_document(document, config).findings
    found = sorted((f for f in findings if f.rule == rule.code), key=lambda f: (f.span.start, f.span.end))
    assert [f.text for f in found] == case["expect"]
    if "spans" in case:
        assert [[f.span.start, f.span.end] for f in found] == case["spans"]


def test_every_rule_has_a_failing_and_a_passing_case():
    cases = [p.values[0] for p in load_cases()]
    for rule in all_rules():
        mine = [c for c in cases if c["rule"] == rule.code]
        assert any(c["expect"] for c in mine), f"{rule.code} has no failing case"
        assert any(not c["expect"] for c in mine), f"{rule.code} has no passing case"


def test_rule_metadata_is_complete():
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules) == len({r.name for r in rules})
    for rule in rules:
        doc = rule.doc()
        assert "Bad" in doc and "Good" in doc, rule.code
        assert rule.summary() and not rule.summary().startswith(("Bad", "Good"))
