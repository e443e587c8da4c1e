"""Findings point into the files the user gave: HTML findings at the source line each piece
of visible text came from, JSONL findings at their record's line (with the record id in
the message and the JUnit testcase name), in every CI format; audit.json keeps the
offsets into the extracted text."""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from auditor.cli import main
from auditor.corpus.html import parse_html
from auditor.corpus.decode import decode
from auditor.corpus import Document, load_inputs
from auditor.corpus.jsonpos import text_columns
from conftest import ROOT, shared_or_skip

SOURCES = "tests/fixtures/sources"
PAGE = f"{SOURCES}/page.html"
DROP = f"{SOURCES}/drop.jsonl"
LOAD_ERROR = ("invalid JSON: Expecting property name enclosed in double quotes at column 2")


def run_check(monkeypatch, capsys, *options) -> tuple[int, str, str]:
    monkeypatch.chdir(ROOT)
    code = main(["check", SOURCES, "-q", "-j", "1", *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_html_text_remembers_its_source_lines():
    source = (ROOT / PAGE).read_text(encoding="utf-8")
    page = parse_html(source)
    lines = page.text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    [document] = load_inputs([str(ROOT / PAGE)])[0]

    def source_line(text_line: int, needle: str) -> int:
        return document.source_line(starts[text_line - 1] + lines[text_line - 1].index(needle))

    assert lines[0] == "Home | News"
    assert source_line(1, "Home") == 7
    assert source_line(2, "Regulators") == 9
    # One paragraph of visible text, written over three lines of the file:
    assert source_line(3, "The ministry") == 10
    assert source_line(3, "to more than 40") == 11
    assert source_line(3, "what happens") == 12
    assert source_line(4, "Shares") == 14
    assert page.source_lines == document.source_lines


def test_html_pre_and_skipped_elements_keep_the_count():
    source = ("<html><head>\n<script>\nvar a = 1;\nvar b = 2;\n</script>\n</head>\n<body>\n"
              "<pre>\n  first\n  second\n</pre>\n<p>after</p>\n</body></html>\n")
    page = parse_html(source)
    [document] = load_inputs(["-"], stdin=_bytes_io(source))[0]
    assert page.text == "first\n  second\nafter"
    assert [document.source_line(page.text.index(w)) for w in ("first", "second", "after")] == [9, 10, 12]


def _bytes_io(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


TEXT_LINES = [
    f"{DROP}:1:52: RD004 [warning] record wire-1: the body has 21 words once boilerplate is removed (fewer than 150)",
    f"{DROP}:1:90: ST003 [info] record wire-1: '12%': source named ('the trade ministry') but not linked",
    f"{DROP}:1:130: FM001 [error] record wire-1: chatbot leftover: 'As an AI language model'",
    f"{DROP}:1:155: FM001 [error] record wire-1: chatbot leftover: 'I cannot browse the internet'",
    f"{DROP}:3: RD004 [warning] record farm_2: the body has 8 words once boilerplate is removed (fewer than 150)",
    f"{DROP}:3: ST001 [info] record farm_2: '79' is stated with no source (none in its sentence or paragraph)",
    f"{DROP}:3: FM003 [warning] record farm_2: 1 relative date ('this year') in an article with no date or dateline: the reader cannot tell when they were",
    f"{PAGE}:7: BP007 [info] navigation (menu, crumbs, link list)",
    f"{PAGE}:9: RD004 [warning] the body has 42 words once boilerplate is removed (fewer than 150)",
    f"{PAGE}:10: ST001 [info] '14' is stated with no source (none in its sentence or paragraph)",
    f"{PAGE}:10: FM003 [warning] 2 relative dates ('this week', 'next year') in an article with no date or dateline: the reader cannot tell when they were",
    f"{PAGE}:11: ST001 [info] 'more than 40' is stated with no source (none in its sentence or paragraph)",
    f"{PAGE}:11: FM001 [error] chatbot leftover: 'As an AI language model'",
    f"{DROP}:4: load error: {LOAD_ERROR}",
    "3 documents, 13 findings (3 error, 5 warning, 5 info); 1 unreadable",
]


def test_text_points_at_file_lines(monkeypatch, capsys):
    code, out, err = run_check(monkeypatch, capsys)
    assert code == 2  # a bad JSONL line is an unreadable input
    assert out.splitlines() == TEXT_LINES
    assert f"auditor: warning: {PAGE}:14: unused suppression ignore=ST001" in err.splitlines()


def _located(line: str) -> tuple[str, int, str]:
    """(path, line, rule) of a text-format line (with or without a column)."""
    path, number, rest = line.split(":", 2)
    return path, int(number), rest.lstrip("0123456789:").split(" ", 2)[1]


EXPECTED = [_located(line) for line in TEXT_LINES[:-2]]  # (path, line, rule) of every finding


def test_sarif_regions_are_file_lines_with_the_text_region_kept(monkeypatch, capsys):
    _, out, _ = run_check(monkeypatch, capsys, "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    got = []
    for r in results:
        location = r["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = location["region"]
        if r["properties"]["document"] == "wire-1":  # a JSONL record with `text`: columns of the file
            assert set(region) == {"startLine", "startColumn", "endLine", "endColumn", "snippet"}
            line = (ROOT / DROP).read_text(encoding="utf-8").split("\n")[region["startLine"] - 1]
            assert line[region["startColumn"] - 1:region["endColumn"] - 1] == region["snippet"]["text"]
        else:  # HTML, or a record with `html`: lines only (no offsets: they index the extracted text)
            assert set(region) == {"startLine", "endLine", "snippet"}
        got.append((location["artifactLocation"]["uri"], region["startLine"], r["ruleId"]))
    assert sorted(got) == sorted(EXPECTED)
    st003 = next(r for r in results if r["ruleId"] == "ST003" and r["properties"]["document"] == "wire-1")
    assert st003["message"]["text"] == "record wire-1: '12%': source named ('the trade ministry') but not linked"
    assert st003["properties"]["textRegion"] == {"start": 36, "end": 39, "line": 3, "column": 23, "endLine": 3,
                                                 "endColumn": 26}
    [notification] = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": DROP, "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 4}}


def test_github_annotations_point_at_file_lines(monkeypatch, capsys):
    _, out, _ = run_check(monkeypatch, capsys, "--format", "github", "--min-severity", "info")
    annotations = [line for line in out.splitlines() if "file=" in line]
    assert annotations[0] == f"::error file={DROP},line=4,title=load error::{DROP}:4: {LOAD_ERROR}"
    got = []
    for line in annotations[1:]:
        props = dict(p.split("=", 1) for p in line.split(" ", 1)[1].split("::")[0].split(","))
        assert ("col" in props) == ("record wire-1" in line)
        got.append((props["file"], int(props["line"]), props["title"].split(" ")[0]))
    assert sorted(got) == sorted(EXPECTED)
    assert (f"::warning file={DROP},line=3,endLine=3,title=FM003 farm.relative-date::record farm_2: 1 relative date "
            "('this year') in an article with no date or dateline: the reader cannot tell when they were") in annotations
    assert (f"::notice file={DROP},line=3,endLine=3,title=ST001 statistics.unsupported::record farm_2: '79' is "
            "stated with no source (none in its sentence or paragraph)") in annotations


def test_junit_names_records_and_points_at_their_lines(monkeypatch, capsys):
    _, out, _ = run_check(monkeypatch, capsys, "--format", "junit")
    suite = ET.fromstring(out).find("testsuite")
    names = [c.get("name") for c in suite.findall("testcase")]
    assert names == [f"{DROP}[wire-1]", f"{DROP}[farm_2]", PAGE, f"{DROP}:4"]
    wire = suite.find(f"testcase[@name='{DROP}[wire-1]']")
    assert wire.find("failure").text.splitlines() == [
        f"{DROP}:1:130: FM001 [error] record wire-1: chatbot leftover: 'As an AI language model'",
        f"{DROP}:1:155: FM001 [error] record wire-1: chatbot leftover: 'I cannot browse the internet'"]
    listed = []
    for case in suite.findall("testcase"):
        for element in (*case.findall("failure"), *case.findall("system-out")):
            listed += [_located(line) for line in element.text.splitlines()]
    assert sorted(listed) == sorted(EXPECTED)
    assert suite.get("failures") == "2" and suite.get("errors") == "1"


def test_gitlab_points_at_file_lines(monkeypatch, capsys):
    _, out, _ = run_check(monkeypatch, capsys, "--format", "gitlab")
    issues = json.loads(out)
    got = [(i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in issues[:-1]]
    assert sorted(got) == sorted(EXPECTED)
    assert issues[-1]["check_name"] == "load-error" and issues[-1]["location"] == {"path": DROP, "lines": {"begin": 4}}
    assert issues[-1]["severity"] == "critical"
    assert issues[1]["description"] == "ST003 record wire-1: '12%': source named ('the trade ministry') but not linked"


def test_csv_has_file_lines_and_text_offsets(monkeypatch, capsys):
    _, out, _ = run_check(monkeypatch, capsys, "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "path,document,line,column,end_line,end_column,rule,name,severity,message,text,start,end,fingerprint"
    row = next(line for line in lines if ",wire-1,1,90,1,93,ST003," in line)
    assert row.startswith(f"{DROP},wire-1,1,90,1,93,ST003,statistics.unlinked-source,info,'12%': source named "
                          "('the trade ministry') but not linked,12%,36,39,")
    row = next(line for line in lines if ",farm_2,3,,3,,ST001," in line)  # a record with `html`: no columns


def test_audit_json_keeps_extracted_text_offsets(monkeypatch, capsys):
    _, out, _ = run_check(monkeypatch, capsys, "--format", "json")
    data = json.loads(out)
    page = next(d for d in data["documents"] if d["id"] == "page")
    finding = next(f for f in page["findings"] if f["rule"] == "FM001")
    assert (finding["start"], finding["end"], finding["line"], finding["column"]) == (129, 152, 3, 84)


def test_real_html_pages_map_words_to_the_lines_that_hold_them():
    """On 61 real news pages (every third of 181), a sample of words of the visible text:
    each maps to a source line that contains it (words glued across two elements, such as
    'contentSkip', are the only misses)."""
    folder = shared_or_skip("eval", "boilerplate", "scrapinghub-html")
    hits = misses = 0
    for path in sorted(folder.glob("*.html.gz"))[::3]:
        text, _encoding = decode(gzip.decompress(path.read_bytes()), html=True)
        page = parse_html(text)
        source = text.split("\n")
        [document] = load_inputs(["-"], stdin=_bytes_io(text))[0]
        assert document.source_lines == page.source_lines
        for match in list(re.finditer(r"[A-Za-z]{5,}", page.text))[::7]:
            line = document.source_line(match.start())
            if match.group() in html.unescape(source[line - 1]):
                hits += 1
            else:
                misses += 1
    assert hits > 3_000
    assert misses / (hits + misses) < 0.005


# --- JSONL columns -------------------------------------------------------------------------

@pytest.mark.parametrize("line, text", [
    ('{"id": 1, "text": "plain"}', "plain"),
    ('{"text": "quote \\" and \\\\ slash", "id": "x"}', 'quote " and \\ slash'),
    ('{"text": "caf\\u00e9 \\ud83d\\ude00 ok"}', "caf\u00e9 \U0001F600 ok"),
    ('{"meta": {"text": "not this"}, "list": [1, "x"], "text": "line one\\r\\nline two\\rthree"}',
     "line one\nline two\nthree"),
    ('{"text": "first", "text": "last wins"}', "last wins"),
    ('{"text": "caf\u00e9 direct"}', "caf\u00e9 direct"),
])
def test_jsonl_text_columns_follow_json_escapes(line, text):
    body = json.loads(line)["text"].replace("\r\n", "\n").replace("\r", "\n")
    assert body == text
    document = Document("d", "d.jsonl", "jsonl", body, source_lines=((0, 1),),
                        source_columns=text_columns(line, "text", body))
    assert document.source_columns
    for start in range(len(body)):
        for end in range(start + 1, min(len(body), start + 6) + 1):
            raw = line[document.source_column(start) - 1:document.source_column(end) - 1]
            assert json.loads(f'"{raw}"').replace("\r\n", "\n").replace("\r", "\n") == body[start:end]


@pytest.mark.parametrize("line", ['{"text": 5}', '[1, 2]', '{"html": "<p>x</p>"}'])
def test_jsonl_columns_unknown_without_a_text_string(line):
    assert text_columns(line, "text", "x") == ()


def test_real_jsonl_drop_columns_point_at_the_text():
    """Every sampled word of 400 real records maps to columns of its line that hold it,
    JSON escapes and all."""
    drop = shared_or_skip("eval", "real", "real-generated.jsonl")
    lines = drop.read_text(encoding="utf-8").split("\n")
    documents, errors = load_inputs([str(drop)])
    assert len(documents) == 400 and not errors
    checked = 0
    for document in documents:
        line = lines[document.source_line(0) - 1]
        for match in list(re.finditer(r"\S+", document.text))[::9]:
            raw = line[document.source_column(match.start()) - 1:document.source_column(match.end()) - 1]
            assert json.loads(f'"{raw}"') == match.group()
            checked += 1
    assert checked > 20_000


def test_jsonl_columns_visit_escapes_only_and_agree_with_the_character_walk():
    """text_columns jumps from escape to escape; the character-by-character walk it
    replaced (kept for values with a carriage return) must give the same breakpoints on
    every mix of escapes: two-character, \\u, surrogate pairs, lone halves, raw non-ASCII."""
    import json
    import random

    from auditor.corpus.jsonpos import _text_columns_by_character, field_start
    pieces = ["a", "\\n", '\\"', "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\udc00", "\\/", "\\ud800\\u0041", "é",
              "\\\\", "\\ud83d", "\\uDE00", " ", "😀", "\\t"]
    rng = random.Random(11)
    for _ in range(5000):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        line = '{"id": "1", "text": "' + raw + '", "n": 2}'
        text = json.loads(line)["text"]
        expected = _text_columns_by_character(line, field_start(line, "text"), text)
        assert text_columns(line, "text", text) == expected, raw
