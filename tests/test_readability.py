"""Readability: figures equal textstat's on the body text, and textstat works offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest
import textstat

from auditor.checks.boilerplate import BoilerplateCheck
from auditor.checks.readability import METRICS, readability_metrics, readability_text
from auditor.config import Config
from auditor.corpus import Document
from auditor.context import DocumentContext
from auditor.engine import analyse_document
from auditor.text import Segmentation
from conftest import ROOT, seed_text


def context(text: str) -> DocumentContext:
    """A document's context after the boilerplate check, as the readability check sees it."""
    doc = Document(id="d", path="d.txt", format="txt", text=text)
    ctx = DocumentContext(doc, Config(), Segmentation(text))
    BoilerplateCheck().run(ctx)
    return ctx


def test_body_text_leaves_out_headings_and_keeps_prose():
    text = "A Title Line\n\nFirst paragraph is prose. It has two sentences.\n- a list item that is prose too.\nSubheading Here\nLast paragraph.\n"
    assert readability_text(context(text)) == (
        "First paragraph is prose. It has two sentences.\n\n- a list item that is prose too.\n\nLast paragraph."
    )


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_figures_equal_textstat_on_the_same_body_text(prefix):
    text = seed_text(prefix)
    body = readability_text(context(text))
    result = analyse_document(Document(id="d", path="d.txt", format="txt", text=text), Config())
    for name in METRICS:
        assert result.metrics[name] == round(float(getattr(textstat, name)(body)), 2)
    assert result.metrics["words"] == textstat.lexicon_count(body)
    assert result.metrics["sentences"] == textstat.sentence_count(body)
    assert result.metrics["reading_time_seconds"] == round(textstat.reading_time(body), 2)


def test_boilerplate_is_not_read():
    body = readability_text(context(seed_text("000")))
    assert "Explore more" not in body and "When a marketing coordinator" not in body
    assert body.startswith("Artificial Intelligence (AI) continues")
    body = readability_text(context(seed_text("001")))
    assert "Photos courtesy" not in body and "Share This Story" not in body and "Published On" not in body


def test_empty_body_gives_zeros():
    assert set(readability_metrics("").values()) == {0}


OFFLINE_SCRIPT = textwrap.dedent(
    """
    import socket, sys
    import nltk

    def refuse(*args, **kwargs):
        raise SystemExit("nltk.download was called: textstat is not offline")
    nltk.download = refuse

    from auditor.checks.readability import readability_metrics
    import textstat
    metrics = readability_metrics("The committee approved fourteen artificial intelligence models yesterday. "
                                  "Observers welcomed the decision.")
    assert textstat.syllable_count("hello") == 2, textstat.syllable_count("hello")
    assert textstat.syllable_count("committee") == 3
    print("ok", metrics["flesch_reading_ease"])
    """
)


def _network_isolation_prefix() -> list[str]:
    """`unshare -rn` gives the child a network namespace with no interfaces at all."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-rn"]
    return []


def test_textstat_runs_with_the_network_unavailable(tmp_path):
    """A fresh HOME and NLTK_DATA with no cmudict corpus, no network: still works."""
    prefix = _network_isolation_prefix()
    guard = tmp_path / "sitecustomize.py"
    guard.write_text(
        "import socket\n"
        "def _blocked(*a, **k):\n    raise OSError('network disabled for this test')\n"
        "socket.socket.connect = _blocked\nsocket.create_connection = _blocked\nsocket.getaddrinfo = _blocked\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "NLTK_DATA": str(tmp_path / "nltk_data"),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "no_proxy": "*",
    }
    proc = subprocess.run(prefix + [sys.executable, "-c", OFFLINE_SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert proc.stdout.startswith("ok ")
    assert not (tmp_path / "nltk_data").exists()
