"""Fitting the tools users run: where each --format goes, GitHub's annotation limits, the
CSV tables, rule documentation, comma lists, colour, statistics and `auditor config`."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil

import pytest

import auditor
from auditor._version import REPOSITORY
from auditor.cli import UsageError, _outputs, build_parser, main, use_color
from auditor.data import measured_precision, precision_level
from auditor.report.rules_doc import github_anchor
from auditor.findings import Severity
from auditor.report import github
from conftest import ROOT, SEEDS

FIXTURE = "tests/fixtures/ci"
ALPHA = "tests/fixtures/ci/alpha.txt"


def run(monkeypatch, capsys, *args, cwd=ROOT) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def outputs(*options: str) -> list[tuple[str, str]]:
    return _outputs(build_parser().parse_args(["check", "x", *options]))


# --- where each format goes -----------------------------------------------------------

@pytest.mark.parametrize("options, expected", [
    ([], [("text", "-")]),
    (["-o", "out.txt"], [("text", "out.txt")]),
    (["--format", "sarif", "-o", "a.sarif"], [("sarif", "a.sarif")]),
    (["-o", "a.sarif", "--format", "sarif"], [("sarif", "a.sarif")]),  # one format: -o may stand anywhere
    (["--format", "sarif=a.sarif"], [("sarif", "a.sarif")]),
    (["--format", "github", "--format", "sarif=a.sarif"], [("github", "-"), ("sarif", "a.sarif")]),
    # The README's old example: -o belongs to the --format right before it (sarif), not the first one.
    (["--format", "github", "--format", "sarif", "-o", "a.sarif"], [("github", "-"), ("sarif", "a.sarif")]),
    (["--format", "sarif", "-o", "a.sarif", "--format", "junit", "-o", "a.xml", "--format", "text"],
     [("sarif", "a.sarif"), ("junit", "a.xml"), ("text", "-")]),
    (["--format", "json=-", "--format", "csv=f.csv"], [("json", "-"), ("csv", "f.csv")]),
])
def test_each_format_gets_its_destination(options, expected):
    assert outputs(*options) == expected


@pytest.mark.parametrize("options, message", [
    (["--format", "sarif", "--format", "junit", "-o", "a.sarif", "-o", "a.xml"],
     "-o a.xml: --format junit already goes to a.sarif; write each format as --format FORMAT=FILE"),
    (["--format", "sarif=a.sarif", "-o", "b.sarif"],
     "-o b.sarif: --format sarif=a.sarif already says where it goes; write each format as --format FORMAT=FILE"),
    (["-o", "a.sarif", "--format", "github", "--format", "sarif"],
     "-o a.sarif: which --format is it for? Put -o right after its --format, or write --format FORMAT=FILE"),
    (["--format", "text", "--format", "json"],
     "only one --format can go to stdout (text, json would); give the others a file: --format FORMAT=FILE"),
    (["--format", "sarif=a", "--format", "json=a"], "--format sarif and --format json would both write a"),
    (["--format", "sarif="], "--format sarif=: the file name is missing after '=' (use '-' for stdout)"),
    (["--format", "pdf"], "--format pdf: unknown format 'pdf' (choose from text, json, sarif, junit, github, "
                          "gitlab, csv, markdown)"),
])
def test_ambiguous_or_wrong_outputs_are_refused(options, message):
    with pytest.raises(UsageError) as error:
        outputs(*options)
    assert str(error.value) == message


def test_ambiguous_outputs_exit_2_before_auditing(tmp_path, monkeypatch, capsys):
    code, out, err = run(monkeypatch, capsys, "check", FIXTURE, "-q", "--format", "sarif", "--format", "junit",
                         "-o", tmp_path / "a", "-o", tmp_path / "b")
    assert code == 2 and out == ""
    assert err == (f"auditor: error: -o {tmp_path / 'b'}: --format junit already goes to {tmp_path / 'a'}; "
                   "write each format as --format FORMAT=FILE\n")
    assert not (tmp_path / "a").exists()


def test_github_and_sarif_in_one_run(tmp_path, monkeypatch, capsys):
    sarif = tmp_path / "auditor.sarif"
    code, out, _ = run(monkeypatch, capsys, "check", FIXTURE, "-q", "-j", "1", "--format", "github",
                       "--format", f"sarif={sarif}")
    assert code == 1
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert out.startswith("::notice title=auditor::2 documents: 1 error, 3 warnings, 4 info; 0 unreadable\n")
    assert out.splitlines()[-1] == (f"::notice title=auditor%3A 4 more::4 findings not annotated here (0 errors, 0 warnings, "
                                    f"4 info): see the SARIF report {sarif} (code scanning alerts)")


# --- GitHub's limits --------------------------------------------------------------------

LEFTOVERS = "As an AI language model, I cannot browse the internet."  # two FM001 errors


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Twelve copies of a seed, each given two FM001 errors (and many warnings)."""
    folder = tmp_path_factory.mktemp("batch") / "many"
    folder.mkdir()
    seed = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    for i in range(1, 13):
        (folder / f"s{i:02}.txt").write_text(f"Copy {i} of the story\n{seed}\n{LEFTOVERS}\n", encoding="utf-8")
    return folder


def test_github_summary_first_annotations_capped_rest_in_one_notice(many, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, "check", "many", "-q", "-j", "1", "--format", "github", cwd=many.parent)
    lines = out.splitlines()
    assert code == 1
    # one near-duplicate warning per copy (one cluster), not one per pair of copies
    assert lines[0] == "::notice title=auditor::12 documents: 24 errors, 36 warnings, 168 info; 0 unreadable"
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(errors) == 10 and len(warnings) == 10 and len(lines) == 22
    # spread over the articles: each document's first error before any document's second
    assert [e.split(",")[0] for e in errors] == [f"::error file=many/s{i:02}.txt" for i in range(1, 11)]
    assert lines[-1] == ("::notice title=auditor%3A 208 more::208 findings not annotated here (14 errors, 26 warnings, "
                         "168 info): `auditor check --format text` lists them all")
    assert sum(1 for line in lines if line.startswith("::notice")) == 2


def test_github_info_annotations_on_request_leave_room_for_ours(many, monkeypatch):
    monkeypatch.chdir(many.parent)
    result = auditor.audit(["many"], jobs=1)
    kinds = [line.split(" ")[0] for line in github.render(result, annotate=Severity.INFO).splitlines()]
    assert kinds == ["::notice"] + ["::error"] * 10 + ["::warning"] * 10 + ["::notice"] * 9
    kinds = [line.split(" ")[0] for line in github.render(result, annotate=Severity.ERROR).splitlines()]
    assert kinds == ["::notice"] + ["::error"] * 10 + ["::notice"]


# --- CSV --------------------------------------------------------------------------------

def test_audit_writes_csv_tables_linked_from_the_index(tmp_path, monkeypatch, capsys):
    out = tmp_path / "r"
    assert run(monkeypatch, capsys, "audit", "seeds", "-o", out, "-q", "-j", "1")[0] == 0
    data = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    tables = {}
    for name in ("documents", "findings", "facts"):
        raw = (out / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw.replace(b"\r\n", b"")
        tables[name] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["id"] for r in tables["documents"]] == [d["id"] for d in data["documents"]]
    first = tables["documents"][0]
    assert (first["score"], first["words"], first["report"]) == (str(data["documents"][0]["score"]),
                                                                 str(data["documents"][0]["words"]),
                                                                 "docs/000_1ab227ac991bd81d.html")
    assert len(tables["findings"]) == sum(len(d["findings"]) for d in data["documents"])
    assert len(tables["facts"]) == sum(len(f["values"]) for f in data["corpus"]["facts"])
    conflict = tables["facts"][0]
    assert (conflict["key"], conflict["conflict"], conflict["value"], conflict["line"]) == (
        "large language model", "yes", "79", "15")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert ('<p class="data-links">Data: <a href="audit.json">audit.json</a> · <a href="documents.csv">documents.csv'
            '</a> · <a href="findings.csv">findings.csv</a> · <a href="facts.csv">facts.csv</a></p>') in index


def test_csv_cells_never_start_a_formula(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.txt").write_text('=HYPERLINK("http://evil.example","click")\n\nShares fell 5% on Tuesday after '
                                    "the announcement, the biggest drop this year.\n", encoding="utf-8")
    run(monkeypatch, capsys, "audit", "a.txt", "-o", "r", "-q", cwd=tmp_path)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r" / "documents.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","click")'


# --- rules, selectors, configuration ------------------------------------------------------

def test_rule_shows_one_rule(monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, "rule", "st001")
    assert code == 0
    assert out.splitlines()[:8] == [
        "ST001  statistics.unsupported",
        "",
        "default severity:   info",
        "options:            none",
        "measured precision: 0.69 (medium; findings judged by an editor on 1,200 real articles)",
        'configure:          [rules.ST001] in .auditor.toml (severity = "...")',
        "documentation:      https://github.com/OWNER/auditor/blob/main/README.md#st001-statisticsunsupported",
        "",
    ]
    assert out.splitlines()[8] == "A statistic with no source at all."
    code, out, _ = run(monkeypatch, capsys, "rule", "readability.thin-content")
    assert out.splitlines()[3:5] == ["options:            min_words = 150", "measured precision: not measured"]
    code, out, _ = run(monkeypatch, capsys, "rule", "BP003")
    assert out.splitlines()[4] == "measured precision: 1.00 (very-high; findings judged by an editor on 1,200 real articles)"


def test_unknown_rule_exits_2(monkeypatch, capsys):
    code, out, err = run(monkeypatch, capsys, "rule", "XX999")
    assert (code, out, err) == (2, "", "auditor: error: no rule 'XX999': `auditor rules` lists them all\n")


def test_comma_lists_in_select_and_ignore(monkeypatch, capsys):
    _, listed, _ = run(monkeypatch, capsys, "check", FIXTURE, "-q", "--select", "ST001,BP002,FM", "--fail-on", "never")
    _, repeated, _ = run(monkeypatch, capsys, "check", FIXTURE, "-q", "--select", "ST001", "--select", "BP002",
                         "--select", "FM", "--fail-on", "never")
    assert listed == repeated
    assert {line.split(" ")[1] for line in listed.splitlines()[:-1]} == {"ST001", "BP002", "FM001", "FM003"}
    _, ignored, _ = run(monkeypatch, capsys, "check", FIXTURE, "-q", "--ignore", "RD,FM,ST001", "--fail-on", "never")
    assert {line.split(" ")[1] for line in ignored.splitlines()[:-1]} == {"BP002", "ST003"}
    code, _, err = run(monkeypatch, capsys, "check", FIXTURE, "-q", "--select", "ST001,,BP")
    assert code == 2 and err == "auditor: error: --select 'ST001,,BP': an empty rule selector (stray comma?)\n"
    code, _, err = run(monkeypatch, capsys, "check", FIXTURE, "-q", "--ignore", "ST001,NOPE")
    assert code == 2 and "no rule matches 'NOPE'" in err


def test_config_says_which_file_it_read(tmp_path, monkeypatch, capsys):
    code, out, err = run(monkeypatch, capsys, "config", cwd=tmp_path)
    assert code == 0 and json.loads(out)["config_file"] is None
    assert err == ("auditor: no configuration file found (.auditor.toml, or pyproject.toml with [tool.auditor], "
                   f"in {tmp_path} or above); using the defaults\n")
    (tmp_path / "pyproject.toml").write_text('[tool.auditor]\nselect = ["ST"]\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    code, out, err = run(monkeypatch, capsys, "config", cwd=tmp_path / "sub")
    data = json.loads(out)
    assert data["config_file"] == str(tmp_path / "pyproject.toml") and data["select"] == ["ST"]
    assert err == f"auditor: configuration read from {tmp_path / 'pyproject.toml'}\n"
    code, out, err = run(monkeypatch, capsys, "config", "--config", "pyproject.toml", cwd=tmp_path)
    assert json.loads(out)["config_file"] == "pyproject.toml"
    assert err == "auditor: configuration read from pyproject.toml\n"


# --- colour and statistics ---------------------------------------------------------------

class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("choice, destination, stream, environ, expected", [
    ("auto", "-", Terminal(), {}, True),
    ("auto", "-", io.StringIO(), {}, False),  # piped
    ("auto", "-", Terminal(), {"NO_COLOR": "1"}, False),
    ("auto", "-", Terminal(), {"NO_COLOR": ""}, True),  # no-color.org: only a non-empty value counts
    ("auto", "-", Terminal(), {"TERM": "dumb"}, False),
    ("auto", "out.txt", Terminal(), {}, False),
    ("always", "-", io.StringIO(), {"NO_COLOR": "1"}, True),  # an explicit flag wins
    ("never", "-", Terminal(), {}, False),
])
def test_when_text_is_coloured(choice, destination, stream, environ, expected):
    assert use_color(choice, destination, stream, environ) is expected


def test_colour_codes_and_their_absence(monkeypatch, capsys):
    _, out, _ = run(monkeypatch, capsys, "check", FIXTURE, "-q", "--select", "FM001", "--color", "always")
    assert out.splitlines()[0] == (f"\x1b[1m{ALPHA}:4:1:\x1b[0m \x1b[31mFM001\x1b[0m \x1b[31m[error]\x1b[0m "
                                   "chatbot leftover: 'As an AI language model'")
    _, out, _ = run(monkeypatch, capsys, "check", FIXTURE, "-q", "--select", "FM001")  # auto, captured: no colour
    assert "\x1b[" not in out


def test_statistics_counts_per_rule(monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, "check", FIXTURE, "-q", "--statistics")
    assert code == 1
    assert out.splitlines() == [
        "2  RD004  [warning]  readability.thin-content",
        "2  ST001  [info]     statistics.unsupported",
        "1  BP002  [info]     boilerplate.share-prompt",
        "1  FM001  [error]    farm.llm-artifact",
        "1  FM003  [warning]  farm.relative-date",
        "1  ST003  [info]     statistics.unlinked-source",
        "2 documents, 8 findings (1 error, 3 warning, 4 info)",
    ]


def test_repository_relative_paths_from_a_subfolder(tmp_path, monkeypatch, capsys):
    """GitHub and GitLab want paths from the repository root, whatever the working folder."""
    repo = tmp_path / "newsroom"
    (repo / ".git").mkdir(parents=True)
    (repo / "site" / "articles").mkdir(parents=True)
    shutil.copy(ROOT / ALPHA, repo / "site" / "articles" / "alpha.txt")
    _, out, _ = run(monkeypatch, capsys, "check", "articles", "-q", "--format", "gitlab", "--select", "FM001",
                    cwd=repo / "site")
    assert json.loads(out)[0]["location"] == {"path": "site/articles/alpha.txt", "lines": {"begin": 4, "end": 4}}
    _, out, _ = run(monkeypatch, capsys, "check", "articles", "-q", "--format", "github", "--select", "FM001",
                    cwd=repo / "site")
    assert out.splitlines()[1].startswith("::error file=site/articles/alpha.txt,line=4,")
    _, out, _ = run(monkeypatch, capsys, "check", "articles", "-q", "--format", "sarif", "--select", "FM001",
                    cwd=repo / "site")
    run_ = json.loads(out)["runs"][0]
    assert run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "site/articles/alpha.txt", "uriBaseId": "%SRCROOT%"}
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    # outside the repository: an absolute file URI
    outside = tmp_path / "elsewhere.txt"
    shutil.copy(ROOT / ALPHA, outside)
    _, out, _ = run(monkeypatch, capsys, "check", outside, "-q", "--format", "sarif", "--select", "FM001",
                    cwd=repo / "site")
    location = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": outside.as_uri()}
    assert os.sep  # (paths above are built with the platform's separator)


# --- SARIF for GitHub code scanning ----------------------------------------------------------

def test_sarif_rules_link_their_readme_entry_and_carry_measured_precision(monkeypatch, capsys):
    _, out, _ = run(monkeypatch, capsys, "check", FIXTURE, "-q", "-j", "1", "--format", "sarif")
    rules = {r["id"]: r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    anchors = {github_anchor(line[5:]) for line in readme.splitlines() if line.startswith("#### ")}
    for code, rule in rules.items():
        base, _, anchor = rule["helpUri"].partition("#")
        assert base == f"{REPOSITORY}/blob/main/README.md" and anchor in anchors, code
    expected = {"ST001": "medium", "ST002": "high", "ST003": "high", "DU003": "low", "RD001": "very-high",
                "FM003": "very-high", "BP003": "very-high", "FM007": "very-high", "DU002": "very-high"}
    for code, level in expected.items():
        assert rules[code]["properties"]["precision"] == level, code
    unmeasured = [code for code, rule in rules.items() if "precision" not in rule["properties"]]
    assert unmeasured == ["BP001", "BP002", "BP004", "BP005", "BP006", "BP007", "BP008", "BP009", "BP010", "BP011",
                          "CO001", "DU001", "FM001", "FM002", "FM004", "FM006", "RD004", "ST004"]


def test_precision_file_holds_the_judged_figures():
    figures = measured_precision()
    assert figures["ST001"] == (0.69, 0.69) and figures["RD001"] == (0.91, 0.91) and "FM002" not in figures
    assert precision_level("ST003") == "high" and precision_level("BP001") is None  # BP001 does not fire on the drops
    text = (ROOT / "auditor" / "data" / "precision.toml").read_text(encoding="utf-8")
    assert "evaluation/judgements/" in text and "evaluation.precision --write-precision" in text


def test_sarif_related_locations_carry_file_and_lines(monkeypatch, capsys):
    _, out, _ = run(monkeypatch, capsys, "check", "seeds", "-q", "-j", "1", "--format", "sarif", "--select", "CO001")
    result = json.loads(out)["runs"][0]["results"][0]
    [related] = result["relatedLocations"]
    location = related["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "seeds/002_ed445210abc7ed50.txt", "uriBaseId": "%SRCROOT%"}
    lines = (SEEDS / "002_ed445210abc7ed50.txt").read_text(encoding="utf-8").split("\n")
    region = location["region"]
    assert region["startLine"] == region["endLine"] == 13
    assert "130" in lines[region["startLine"] - 1]
    text = (SEEDS / "002_ed445210abc7ed50.txt").read_text(encoding="utf-8")
    assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == "130"
    assert related["message"]["text"] == "002_ed445210abc7ed50: 130"


def test_markdown_summary_escapes_article_text(tmp_path, monkeypatch, capsys):
    (tmp_path / "a|b.txt").write_text("Evil | <img src=x onerror=alert(1)> *bold* [link](http://x)\n\n"
                                      "As an AI language model, I cannot say.\n", encoding="utf-8")
    code, out, _ = run(monkeypatch, capsys, "check", ".", "-q", "-j", "1", "--format", "markdown", cwd=tmp_path)
    assert code == 1
    row = next(line for line in out.splitlines() if line.startswith("| ") and "Evil" in line)
    score = auditor.audit(tmp_path / "a|b.txt", {}, jobs=1).documents[0].score
    assert row.startswith(rf"| {score:.1f} | Evil \| \<img src=x onerror=alert\(1\)\> \*bold\* \[link\]\(http://x\)<br>`a\|b.txt` ")
    assert "**Failed:** 1 finding(s) at or above `error`." in out


def test_unwritable_destinations_exit_2_without_a_traceback(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = run(monkeypatch, capsys, "check", FIXTURE, "-q", "-j", "1", "--format", f"sarif={blocker}/a.sarif")
    assert code == 2 and err.startswith(f"auditor: error: {blocker}/a.sarif: cannot write: ")
    code, _, err = run(monkeypatch, capsys, "check", FIXTURE, "-q", "--format", f"sarif={tmp_path}")
    assert code == 2 and err == f"auditor: error: --format sarif={tmp_path}: {tmp_path} is a folder; name a file\n"
    code, _, err = run(monkeypatch, capsys, "audit", FIXTURE, "-q", "-j", "1", "-o", blocker / "reports")
    assert code == 2 and err.startswith("auditor: error: ") and "cannot write" in err
