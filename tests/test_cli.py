"""End to end through the command line: files written, exit codes, determinism, safety."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import lxml.html
import pytest

from auditor.cli import main
from conftest import ROOT, SEEDS

GOLDEN = Path(__file__).parent / "golden"


def run(args, monkeypatch, cwd=ROOT):
    monkeypatch.chdir(cwd)
    return main([str(a) for a in args])


def test_audit_seeds_writes_index_pages_and_json(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    assert run(["audit", "seeds", "-o", out, "-q"], monkeypatch) == 0
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in (out / "docs").iterdir()) == sorted(f"{p.stem}.html" for p in SEEDS.glob("*.txt"))
    assert sorted(p.name for p in (out / "assets").iterdir()) == ["auditor.css", "auditor.js"]
    data = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and data["tool"]["name"] == "auditor"
    assert data["summary"]["documents"] == 5 and data["summary"]["load_errors"] == 0
    first = data["documents"][0]
    assert first["id"] == "000_1ab227ac991bd81d"
    assert first["path"] == os.path.join("seeds", "000_1ab227ac991bd81d.txt")
    assert first["report"] == "docs/000_1ab227ac991bd81d.html"
    assert set(data["corpus"]) == {"duplicate_clusters", "story_clusters", "facts", "similarity"}
    assert not list(out.rglob("*.tmp")), "temporary files left behind"


def test_audit_json_matches_golden(tmp_path, monkeypatch):
    """The whole audit of the seeds, byte for byte. Regenerate with UPDATE_GOLDEN=1 after
    a deliberate change, and review the diff."""
    out = tmp_path / "r"
    run(["audit", "seeds", "-o", out, "-q", "-j", "1"], monkeypatch)
    got = (out / "audit.json").read_text(encoding="utf-8")
    golden = GOLDEN / "seeds-audit.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_output_is_byte_identical_across_runs_and_job_counts(tmp_path, monkeypatch):
    outputs = []
    for i, jobs in enumerate(("1", "2", "2")):
        out = tmp_path / f"r{i}"
        assert run(["audit", "seeds", "-o", out, "-q", "-j", jobs], monkeypatch) == 0
        outputs.append(((out / "audit.json").read_bytes(), (out / "index.html").read_bytes()))
    assert outputs[0] == outputs[1] == outputs[2]


HOSTILE = (
    "Hostile article\n\n"
    'It says <script>alert(1)</script> and "><img src=x onerror=alert(1)> and {{ 7*7 }} and {% raw %} too.\n'
)


def test_hostile_article_is_shown_as_literal_text(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "out"
    assert run(["audit", tmp_path / "in", "-o", out, "-q"], monkeypatch) == 0
    page = (out / "docs" / "evil.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=" in page
    assert "49" not in page.replace(str(tmp_path), "")  # the template code stayed text (the temporary
    # folder's name, shown as the document's path, may hold "49": pytest numbers its runs)
    tree = lxml.html.fromstring(page)
    assert [(s.get("src"), s.text) for s in tree.iter("script")] == [("../assets/auditor.js", None)]
    handlers = [(el.tag, a) for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")]
    assert handlers == [], "an event-handler attribute reached the page"
    assert list(tree.iter("img")) == []
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0] and "script-src 'self'" in csp[0]
    urls = [v for el in tree.iter() if isinstance(el.tag, str) for k, v in el.attrib.items() if k in ("src", "href")]
    assert not [u for u in urls if re.match(r"^(https?:)?//", u)], "the page loads something from the network"
    text = tree.text_content()
    assert 'It says <script>alert(1)</script> and "><img src=x onerror=alert(1)> and {{ 7*7 }}' in text


def _mixed_batch(tmp_path: Path) -> Path:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good.txt").write_text((SEEDS / "002_ed445210abc7ed50.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (batch / "empty.txt").write_bytes(b"")
    (batch / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (batch / "lines.jsonl").write_text('{"id": "rec", "text": "A record. It has text."}\n{oops\n', encoding="utf-8")
    return batch


def test_mixed_batch_audit_lists_errors_and_audits_good_files(tmp_path, monkeypatch, capsys):
    batch = _mixed_batch(tmp_path)
    out = tmp_path / "out"
    assert run(["audit", batch, "-o", out, "-q"], monkeypatch) == 0
    data = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == ["good", "rec"]
    assert [(Path(e["path"]).name, e["error"].split(" (")[0]) for e in data["load_errors"]] == [
        ("binary.txt", "binary file"),
        ("empty.txt", "empty file"),
        ("lines.jsonl:2", "invalid JSON: Expecting property name enclosed in double quotes at column 2"),
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Unreadable inputs" in index and "binary.txt" in index and "empty file" in index
    err = capsys.readouterr().err
    assert "empty.txt: empty file" in err and "binary.txt: binary file" in err


def test_mixed_batch_check_exits_2_and_names_the_files(tmp_path, monkeypatch, capsys):
    batch = _mixed_batch(tmp_path)
    assert run(["check", batch, "-q"], monkeypatch) == 2
    captured = capsys.readouterr()
    assert "empty.txt: empty file" in captured.err
    assert "empty.txt: load error: empty file" in captured.out
    assert run(["check", batch, "-q", "--fail-on", "never"], monkeypatch) == 0


def test_no_readable_document_is_a_usage_error(tmp_path, monkeypatch, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run(["audit", tmp_path / "empty.txt", "-o", tmp_path / "out"], monkeypatch) == 2
    assert "no readable documents" in capsys.readouterr().err
    assert not (tmp_path / "out" / "index.html").exists()


@pytest.mark.parametrize(
    "options, expected",
    [
        ([], 0),  # default --fail-on error: no seed carries a certain chatbot leftover (an error)
        (["--fail-on", "never"], 0),
        (["--fail-on", "error", "--ignore", "farm"], 0),
        (["--fail-on", "warning", "--ignore", "farm"], 1),
        (["--fail-on", "error", "--select", "BP"], 0),  # boilerplate findings are info
        (["--fail-on", "warning", "--select", "BP"], 0),
        (["--fail-on", "info", "--select", "BP"], 1),
        (["--fail-on", "info", "--select", "BP002"], 1),
        (["--fail-on", "warning", "--select", "RD001"], 1),
        (["--fail-on", "warning", "--exit-zero"], 0),
    ],
)
def test_check_exit_codes(options, expected, monkeypatch, capsys):
    assert run(["check", "seeds", "-q", *options], monkeypatch) == expected


def test_usage_errors_exit_2(monkeypatch, capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        run(["check"], monkeypatch)
    assert exc.value.code == 2
    assert run(["check", "seeds", "--select", "NOPE999"], monkeypatch) == 2
    assert "no rule matches 'NOPE999'" in capsys.readouterr().err
    assert run(["check", "seeds", "--config", tmp_path / "missing.toml"], monkeypatch) == 2


def test_check_text_output_lines(monkeypatch, capsys):
    assert run(["check", "seeds", "-q", "--select", "BP002"], monkeypatch) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{os.path.join('seeds', '001_a20f071f0c03a890.txt')}:47:1: BP002 [info] share prompt"
    assert lines[-1].startswith("5 documents, ")


def test_check_json_to_file_and_min_severity(tmp_path, monkeypatch, capsys):
    target = tmp_path / "out.json"
    assert run(["check", "seeds", "-q", "--format", "json", "-o", target, "--min-severity", "warning",
                "--fail-on", "warning"], monkeypatch) == 1
    data = json.loads(target.read_text(encoding="utf-8"))
    severities = {f["severity"] for d in data["documents"] for f in d["findings"]}
    assert severities == {"warning"}
    assert capsys.readouterr().out == ""


def test_python_dash_m_and_rules_listing(monkeypatch, capsys):
    assert run(["rules"], monkeypatch) == 0
    out = capsys.readouterr().out
    assert "RD003  readability.long-sentence" in out
    assert run(["rules", "--format", "markdown"], monkeypatch) == 0
    assert "#### RD001 `readability.hard-to-read`" in capsys.readouterr().out
