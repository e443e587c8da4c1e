"""Hostile inputs finish: every pattern over article text is linear, and no step rescans
the document per sentence, block or match. Each case runs in a subprocess with a generous
hard timeout, so a regression fails the test instead of hanging the suite.

The cases (tests/worst_cases.py) are the shapes the brief names: 5,000 ALL-CAPS words in one
sentence, 2,000 "(" + capitalised words, a 100 KB sentence, 10,000 one-word lines, 10,000
bullet lines, a 1 MB line with no spaces, 2 MB of real prose (as lines and as one
paragraph), 10,000 suppression directives, and HTML pages with 10,000 blocks or a 1 MB
class attribute. What runs is the code these cases exercise: segmentation (blocks,
sentences, words), the boilerplate and farm checks, template keys and suppressions.
Typical times are a few seconds; the limit is far above them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.findings import Finding, LineIndex, Severity
from auditor.suppressions import apply_suppressions, directives_in
from auditor.text import text_blocks
from worst_cases import HTML_CASES, WORST_CASES

CASE_LIMIT = 60  # seconds per case (signal.alarm in the worker): a few seconds is normal
TIMEOUT = 300  # seconds for the whole worker, the hard stop if the alarm itself is stuck
TESTS = Path(__file__).resolve().parent

WORKER = r"""
import signal, sys, time
sys.path.insert(0, sys.argv[1])
from worst_cases import HTML_CASES, WORST_CASES
from auditor.checks.boilerplate import BoilerplateCheck
from auditor.checks.farm import FarmCheck
from auditor.checks.templates import block_keys, find_template_keys
from auditor.config import Config
from auditor.context import DocumentContext
from auditor.corpus import Document
from auditor.corpus.html import parse_html
from auditor.findings import Finding, LineIndex, Severity
from auditor.suppressions import apply_suppressions, directives_in
from auditor.text import Segmentation, count_words


def timeout(*_):
    raise TimeoutError


def run(name):
    if name in HTML_CASES:
        page = parse_html(HTML_CASES[name]())
        doc = Document(id="w", path="w.html", format="html", text=page.text, title=page.title, meta=page.meta,
                       blocks=page.blocks)
    else:
        doc = Document(id="w", path="w.txt", format="txt", text=WORST_CASES[name]())
    seg = Segmentation(doc.text, doc.blocks)
    assert seg.blocks and seg.sentences and count_words(doc.text) == len(seg.words)
    ctx = DocumentContext(doc, Config(jobs=1), seg)
    BoilerplateCheck().run(ctx)
    FarmCheck().run(ctx)
    half = Document(id="v", path="v.txt", format="txt", text=doc.text[: len(doc.text) // 2])
    find_template_keys([block_keys(d.text, Segmentation(d.text, d.blocks).blocks) for d in (doc, half)])
    lines = LineIndex(doc.text)
    findings = [Finding(rule="FM003", name="farm.relative-date", severity=Severity.WARNING, message="m",
                        document="w", span=lines.span(b.start, b.end), text="") for b in seg.blocks]
    apply_suppressions(doc.text, seg.blocks, findings, directives_in(doc.text))


signal.signal(signal.SIGALRM, timeout)
for name in sys.argv[3:]:
    started = time.perf_counter()
    signal.alarm(int(sys.argv[2]))
    try:
        run(name)
    except TimeoutError:
        print(f"TIMEOUT {name}", flush=True)
        continue
    finally:
        signal.alarm(0)
    print(f"ok {name} {time.perf_counter() - started:.2f}s", flush=True)
"""


def test_worst_cases_finish_in_linear_time():
    cases = [*WORST_CASES, *HTML_CASES]
    try:
        proc = subprocess.run([sys.executable, "-c", WORKER, str(TESTS), str(CASE_LIMIT), *cases],
                              capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the worst cases did not finish in {TIMEOUT} s: something is no longer linear")
    assert proc.returncode == 0, proc.stderr[-2000:]
    done = {line.split()[1]: line for line in proc.stdout.splitlines() if line.startswith(("ok ", "TIMEOUT "))}
    slow = [line for line in done.values() if line.startswith("TIMEOUT")]
    assert not slow, f"over {CASE_LIMIT} s: {slow} (something is no longer linear)"
    assert set(done) == set(cases), proc.stdout


def test_directives_suppress_the_blocks_after_them():
    """The 10,000-directive case is not vacuous: each directive suppresses its sentence."""
    text = WORST_CASES["directives-10000"]()
    blocks = text_blocks(text)
    lines = LineIndex(text)
    sentences = [b for b in blocks if text[b.start:b.end].startswith("Shares")]
    findings = [Finding(rule="FM003", name="farm.relative-date", severity=Severity.WARNING, message="m",
                        document="d", span=lines.span(b.start, b.end), text="") for b in sentences]
    kept, unused = apply_suppressions(text, blocks, findings, directives_in(text))
    assert len(sentences) == 10_000 and kept == [] and unused == []
