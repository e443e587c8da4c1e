"""The CI gate: every output format against golden files, SARIF validated against the
official 2.1.0 schema, JUnit parsed back, suppressions and baselines round-tripped."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from auditor.cli import main
from conftest import ROOT, shared_or_skip

GOLDEN = Path(__file__).parent / "golden"
FIXTURE = "tests/fixtures/ci"


def run_check(monkeypatch, capsys, *options) -> tuple[int, str, str]:
    monkeypatch.chdir(ROOT)
    code = main(["check", FIXTURE, "-q", "-j", "1", *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


ROOT_URI = ROOT.as_uri() + "/"  # the repository root in SARIF's originalUriBaseIds: machine-specific


@pytest.mark.parametrize("fmt, suffix", [("text", "txt"), ("json", "json"), ("sarif", "sarif"), ("junit", "xml"),
                                         ("github", "github"), ("gitlab", "gitlab.json"), ("csv", "csv"),
                                         ("markdown", "md")])
def test_format_matches_golden(fmt, suffix, monkeypatch, capsys):
    code, out, _ = run_check(monkeypatch, capsys, "--format", fmt, "--fail-on", "warning")
    assert code == 1
    if fmt == "sarif":
        assert out.count(f'"uri": "{ROOT_URI}"') == 1
        out = out.replace(ROOT_URI, "file:///REPOSITORY-ROOT/")
    golden = GOLDEN / f"ci.{suffix}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_sarif_validates_against_the_official_schema(monkeypatch, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(shared_or_skip("schemas", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    _, out, _ = run_check(monkeypatch, capsys, "--format", "sarif")
    data = json.loads(out)
    jsonschema.validate(data, schema)
    run = data["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "FM001")
    region = result["locations"][0]["physicalLocation"]["region"]
    text = (ROOT / FIXTURE / "alpha.txt").read_text(encoding="utf-8")
    assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == "As an AI language model"
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (4, 1, 24)
    assert result["level"] == "error" and result["partialFingerprints"]["auditorFingerprint/v1"]
    rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert rule["id"] == "FM001" and "Bad:" in rule["help"]["text"]


def test_junit_parses_back_with_failures_at_the_fail_level(monkeypatch, capsys):
    _, out, _ = run_check(monkeypatch, capsys, "--format", "junit", "--fail-on", "error")
    root = ET.fromstring(out)
    suite = root.find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {os.path.join("tests", "fixtures", "ci", "alpha.txt"), os.path.join("tests", "fixtures", "ci", "beta.md")}
    failures = [(f.get("type"), f.get("message")) for c in cases.values() for f in c.findall("failure")]
    assert failures == [("error", "FM001 chatbot leftover: 'As an AI language model'")]
    assert suite.get("failures") == "1" and suite.get("tests") == "2"


def test_junit_failures_count_failing_testcases_not_findings(monkeypatch, capsys):
    _, out, _ = run_check(monkeypatch, capsys, "--format", "junit", "--fail-on", "warning")
    root = ET.fromstring(out)
    suite = root.find("testsuite")
    assert (root.get("failures"), suite.get("failures"), suite.get("tests"), suite.get("errors")) == ("2", "2", "2", "0")
    alpha = suite.find("testcase[@name='tests/fixtures/ci/alpha.txt']")
    [failure] = alpha.findall("failure")
    assert failure.get("message") == "3 findings at or above warning: RD004, FM003, FM001"
    assert failure.get("type") == "error"
    assert failure.text.splitlines()[0] == ("tests/fixtures/ci/alpha.txt:1:1: RD004 [warning] the body has 44 words "
                                            "once boilerplate is removed (fewer than 150)")
    assert len(failure.text.splitlines()) == 3
    assert alpha.find("system-out").text.splitlines() == [
        "tests/fixtures/ci/alpha.txt:3:24: ST001 [info] '14' is stated with no source (none in its sentence or paragraph)",
        "tests/fixtures/ci/alpha.txt:3:71: ST001 [info] 'more than 40' is stated with no source (none in its sentence "
        "or paragraph)",
        "tests/fixtures/ci/alpha.txt:5:89: ST003 [info] '26.8%': source named ('International Data Corporation (IDC)') "
        "but not linked",
        "tests/fixtures/ci/alpha.txt:7:1: BP002 [info] share prompt",
    ]


def test_several_formats_in_one_run(tmp_path, monkeypatch, capsys):
    sarif, junit = tmp_path / "a.sarif", tmp_path / "a.xml"
    code, out, _ = run_check(monkeypatch, capsys, "--format", "sarif", "-o", str(sarif), "--format", "junit", "-o",
                             str(junit), "--format", "text")
    assert code == 1  # default --fail-on error; writing files never changes it
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    ET.parse(junit)
    assert out.splitlines()[-1].startswith("2 documents, ")
    code, _, err = run_check(monkeypatch, capsys, "--format", "text", "--format", "json")
    assert code == 2 and "only one --format can go to stdout" in err


def test_ignore_directive_suppresses_the_next_block_only(monkeypatch, capsys):
    _, out, err = run_check(monkeypatch, capsys, "--select", "ST001", "--fail-on", "never")
    beta = [line for line in out.splitlines() if "beta.md" in line]
    assert beta == []  # "5%" is suppressed; "12%" has a source
    assert "unused suppression" not in err


def test_unused_suppression_is_reported(tmp_path, monkeypatch, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Title\n\n<!-- auditor: disable=ST001 -->\nNothing numeric here at all, just words.\n", encoding="utf-8")
    monkeypatch.chdir(ROOT)
    main(["check", str(article), "-q", "--fail-on", "never"])
    err = capsys.readouterr().err
    assert f"{article}:3: unused suppression <!-- auditor: disable=ST001 -->" in err


def test_disable_enable_range_and_html_comments(tmp_path, monkeypatch, capsys):
    text = ("Title\n\nCrime in the city fell 5% on Tuesday after the announcement.\n<!-- auditor: disable=statistics -->\n"
            "Crime in the city fell 6% on Wednesday after the announcement.\n<!-- auditor: enable=statistics -->\n"
            "Crime in the city fell 7% on Thursday after the announcement.\n")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.html").write_text(
        "<h1>Title</h1><p>Crime in the city fell 5% on Tuesday after the announcement.</p>"
        "<!-- auditor: ignore=ST001 --><p>Crime in the city fell 6% on Wednesday after the announcement.</p>"
        "<p>Crime in the city fell 7% on Thursday after the announcement.</p>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", ".", "-q", "--select", "ST001", "--format", "json", "--fail-on", "never"])
    data = json.loads(capsys.readouterr().out)
    texts = {d["id"]: [f["text"] for f in d["findings"]] for d in data["documents"]}
    assert texts == {"a": ["5%", "7%"], "b": ["5%", "7%"]}


def test_baseline_round_trip_survives_inserted_lines(tmp_path, monkeypatch, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nShares fell 5% on Tuesday after the announcement.\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    monkeypatch.chdir(tmp_path)
    assert main(["check", "a.txt", "-q", "--fail-on", "info", "--write-baseline", str(baseline)]) == 0
    assert main(["check", "a.txt", "-q", "--fail-on", "info", "--baseline", str(baseline)]) == 0
    article.write_text("Title\n\nA new opening paragraph, inserted above, without figures.\n\n"
                       "Shares fell 5% on Tuesday after the announcement.\n", encoding="utf-8")
    assert main(["check", "a.txt", "-q", "--fail-on", "info", "--baseline", str(baseline)]) == 0
    article.write_text("Title\n\nShares fell 5% on Tuesday after the announcement.\n\nProfits fell 9% too.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "a.txt", "-q", "--fail-on", "info", "--baseline", str(baseline)]) == 1
    out = capsys.readouterr().out
    assert "'9%' is stated with no source" in out and "'5%'" not in out


def test_bad_baseline_is_a_usage_error(tmp_path, monkeypatch, capsys):
    (tmp_path / "b.json").write_text("[]")
    code, _, err = run_check(monkeypatch, capsys, "--baseline", str(tmp_path / "b.json"))
    assert code == 2 and "not an auditor baseline" in err
