"""The README's rule reference is generated from the rule docstrings; keep it in sync."""

from __future__ import annotations

import os
import re

from auditor.report.rules_doc import rules_markdown
from auditor.checks import get_rules as all_rules
from conftest import ROOT

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def test_readme_rules_section_is_generated_from_docstrings():
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    generated = f"{START}\n{rules_markdown(all_rules())}{END}"
    current = re.search(re.escape(START) + ".*?" + re.escape(END), text, re.DOTALL).group(0)
    if os.environ.get("UPDATE_GOLDEN") and current != generated:
        readme.write_text(text.replace(current, generated), encoding="utf-8")
        current = generated
    assert current == generated, "README rules section is stale: run with UPDATE_GOLDEN=1"


def test_readme_opens_with_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1: lines.index("```")]
    assert len(block) == 2
    assert "auditor audit seeds/ -o reports/" in block[0]
    assert "pytest" in block[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert block[1] in ci, ".ci/run must run the README's test command"
