"""The statistics family is linear by construction and safe on hostile text.

Every pattern it applies to article text is RE2's (no module of the family imports `re`),
and the generated worst cases below (long runs of capitals, parentheses before capitals,
a 100 KB sentence of numbers, a 10,000-line list of figures ...) each finish under a hard
timeout in a subprocess, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import ast
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

FAMILY = ["claims.py", "attribution.py", "attribution_model.py", "statistics.py", "facts.py"]
TIMEOUT = 20  # seconds per case, process start included; the slowest case takes about 5 s


def _caps() -> str:
    r = random.Random(5)
    words = ("".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(r.randint(2, 8))) for _ in range(5000))
    return f"Headline\n\n{' '.join(words)} SAID 40 PERCENT.\n"


def _caps_short() -> str:
    # 143 characters of capitals: never finished with the old backtracking name pattern
    return "Headline\n\nTHE MINISTRY OF COMMERCE AND THE NATIONAL BUREAU OF STATISTICS AND THE GENERAL ADMINISTRATION " \
           "OF CUSTOMS OF THE PEOPLES REPUBLIC SAID 40 PERCENT.\n"


def _parens() -> str:
    return "Headline\n\nThe market grew 12% " + " ".join("(Alpha" for _ in range(2000)) + " 2021.\n"


def _numbers() -> str:
    r = random.Random(7)
    parts = (f"{r.randint(1, 99999):,}" + r.choice(["", "%", " percent", " million", "-5", " to 9"]) for _ in range(14000))
    return "Headline\n\nThe figures were " + " ".join(parts)[:100_000] + ".\n"


def _capwords() -> str:
    return "Headline\n\nThe " + " ".join(f"Word{chr(65 + i % 26)}x" for i in range(2000)) + " said 40 percent rose.\n"


def _list() -> str:
    r = random.Random(9)
    lines = (f"- Item {i}: {r.randint(1, 999)} models, up {r.randint(1, 99)}% to ${r.randint(1, 99)} billion, he said"
             for i in range(10000))
    return "Headline\n\n" + "\n".join(lines) + "\n"


def _quotes() -> str:
    return "Headline\n\n" + " ".join("“He said 40 percent,” she said" for _ in range(3000)) + "\n"


def _according() -> str:
    return "Headline\n\n" + " ".join("according to the" for _ in range(5000)) + " 40 percent.\n"


CASES = {"caps": _caps, "caps_short": _caps_short, "parens": _parens, "numbers": _numbers, "capwords": _capwords,
         "list": _list, "quotes": _quotes, "according": _according}


def run_case(name: str) -> int:
    """Audit one generated case with the statistics check; returns the number of figures it
    graded (each has a finding or a source: the check read the whole text)."""
    from auditor.config import Config
    from auditor.corpus import Document
    from auditor.engine import DocumentContext
    from auditor.checks.statistics import StatisticsCheck
    from auditor.text import Segmentation

    text = CASES[name]()
    document = Document(id="case", path="case", format="txt", text=text)
    ctx = DocumentContext(document, Config(jobs=1), Segmentation(text, None))
    StatisticsCheck().run(ctx)
    return len(ctx.claims)


@pytest.mark.parametrize("name", sorted(CASES))
def test_worst_case_finishes(name):
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            f"import test_statistics_linear as t; print(t.run_case({name!r}))")
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: the statistics check did not finish in {TIMEOUT} s")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) >= 1, f"{name}: expected at least one graded figure"
    assert time.monotonic() - started < TIMEOUT


def test_no_module_of_the_family_uses_python_re():
    """Patterns on article text go through `auditor.regex.compile` (RE2); Python's `re` (and
    the third-party `regex`) are not imported."""
    for name in FAMILY:
        tree = ast.parse((ROOT / "auditor" / "checks" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert all(a.name not in ("re", "regex") for a in node.names), name
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert node.module not in ("re", "regex"), name


def test_the_family_patterns_are_re2():
    import re2

    from auditor.regex import compile

    assert isinstance(compile(r"\d+"), type(re2.compile(r"\d+")))
    with pytest.raises(ValueError, match="not a valid RE2 pattern"):
        compile(r"(?<=a)b")  # lookbehind: not RE2, so it cannot slip in
