"""The HTML report: highlights at exact spans, links both ways, safe file names."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from auditor.config import Config
from auditor.corpus import Document
from auditor.context import BoilerplateSpan
from auditor.engine import run_audit
from auditor.results import DocumentAudit
from auditor.findings import Finding, Severity, assign_fingerprints
from auditor.files import OutputError, atomic_write, safe_child
from auditor.report.html import FindingView, RelatedView, Segment, LineView, _esc, build_segments, write_html
from auditor.text import LineIndex


def finding(text: str, start: int, end: int, severity=Severity.WARNING, rule="RD003", name="readability.long-sentence") -> Finding:
    return Finding(rule, name, severity, "msg", "d", LineIndex(text).span(start, end), text[start:end])


def test_segments_split_at_every_boundary_and_newline():
    text = "abc def\nghi jkl"
    findings = [finding(text, 4, 11, Severity.INFO), finding(text, 8, 11, Severity.ERROR, "ST001", "statistics.unsupported")]
    lines = build_segments(text, findings, [BoilerplateSpan(12, 15, "share-prompt")])
    assert [line.number for line in lines] == [1, 2]
    assert [(s.text, s.classes, s.href, s.anchors) for s in lines[0].segments] == [
        ("abc ", "", "", ()),
        ("def", "hl sev-info fam-readability", "#item-f0", ("o4", "f0")),
    ]
    assert [(s.text, s.classes, s.href, s.anchors, s.label) for s in lines[1].segments] == [
        ("ghi", "hl sev-error fam-statistics fam-readability", "#item-f1", ("o8", "f1"), ""),
        (" ", "", "", (), ""),
        ("jkl", "bp", "", (), "share prompt"),
    ]
    assert "".join(s.text for line in lines for s in line.segments) == text.replace("\n", "")


def test_document_page_highlights_exact_span_and_links_both_ways(tmp_path):
    long_sentence = "Then " + " ".join(["word"] * 44) + "."
    text = "Title\n\nShort one. " + long_sentence + "\n"
    doc = Document(id="doc", path="doc.txt", format="txt", text=text)
    result = run_audit([doc], [], Config(select=("RD003",), jobs=1))
    write_html(result, tmp_path)
    tree = lxml.html.fromstring((tmp_path / "docs" / "doc.html").read_text(encoding="utf-8"))
    (mark,) = tree.find_class("hl")
    assert mark.text_content() == long_sentence
    assert mark.get("href") == "#item-f0"
    assert "RD003 readability.long-sentence" in mark.get("title")
    assert tree.get_element_by_id("f0") is not None
    item = tree.get_element_by_id("item-f0")
    assert item.find_class("finding-link")[0].get("href") == "#f0"
    assert "info" in item.text_content() and "line 3" in item.text_content()
    line3 = tree.get_element_by_id("L3")
    assert line3.find_class("ln")[0].text_content() == "3"


def test_index_lists_documents_with_scores_and_links(tmp_path):
    docs = [Document(id=f"d{i}", path=f"d{i}.txt", format="txt", text=f"Title {i}\n\nBody text number {i}.\n") for i in range(3)]
    result = run_audit(docs, [], Config(jobs=1))
    write_html(result, tmp_path)
    tree = lxml.html.fromstring((tmp_path / "index.html").read_text(encoding="utf-8"))
    rows = tree.xpath("//table[@id='documents']/tbody/tr")
    assert [r.xpath("./th/a/@href")[0] for r in rows] == ["docs/d0.html", "docs/d1.html", "docs/d2.html"]
    assert all(th.get("scope") == "col" for th in tree.xpath("//table[@id='documents']/thead/tr/th"))
    page = lxml.html.fromstring((tmp_path / "docs" / "d1.html").read_text(encoding="utf-8"))
    assert page.xpath("//a[@rel='prev']/@href") == ["d0.html"] and page.xpath("//a[@rel='next']/@href") == ["d2.html"]


@pytest.mark.parametrize("name", ["..", "../x.html", "a/b.html", "", "x\x00.html"])
def test_safe_child_refuses_escaping_names(tmp_path, name):
    with pytest.raises(OutputError):
        safe_child(tmp_path, "docs", name)


def test_safe_child_refuses_a_link_that_leaves_the_folder(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "docs").symlink_to(elsewhere)
    with pytest.raises(OutputError):
        safe_child(out, "docs", "d1.html")
    (out / "inside").mkdir()
    (out / "alias").symlink_to(out / "inside")  # a link within the folder is fine
    assert safe_child(out, "alias", "d1.html") == out / "alias" / "d1.html"


def test_atomic_write_replaces_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "sub" / "f.txt"
    atomic_write(target, "one")
    atomic_write(target, "two")
    assert target.read_text() == "two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["f.txt"]


def test_fingerprints_survive_inserted_lines_and_distinguish_repeats():
    text = "Same sentence here.\nSame sentence here.\n"
    fs = assign_fingerprints([finding(text, 0, 19), finding(text, 20, 39)])
    shifted_text = "New line above.\n" + text
    shifted = assign_fingerprints([finding(shifted_text, 16, 35), finding(shifted_text, 36, 55)])
    assert [f.fingerprint for f in fs] == [f.fingerprint for f in shifted]
    assert fs[0].fingerprint != fs[1].fingerprint


HOSTILE = '<script>alert("x")</script> & \'quoted\' {{ 7*7 }} "><img src=x onerror=alert(1)>'


def test_markup_built_in_python_escapes_exactly_as_markupsafe():
    import markupsafe
    assert _esc(HOSTILE) == str(markupsafe.escape(HOSTILE))


def test_finding_items_and_text_lines_show_hostile_text_as_text():
    item = FindingView(0, "ST001", "statistics.unsupported", "statistics", "info", "●", HOSTILE, 3, 1, HOSTILE,
                       (RelatedView("other.html#o5", HOSTILE),)).item
    line = LineView(1, (Segment(HOSTILE, "#item-f0", "hl sev-info", HOSTILE, ("o0", "f0"), "share"),
                        Segment(HOSTILE))).row
    for html in (item, line):
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
        assert list(tree.iter("script")) == [] and list(tree.iter("img")) == []
        assert [a for el in tree.iter() for a in el.attrib if a.startswith("on")] == []
    tree = lxml.html.fragment_fromstring(item, create_parent="ol")
    assert tree.xpath("string(//p[@class='message'])") == HOSTILE
    assert tree.xpath("string(//blockquote)") == HOSTILE
    assert tree.xpath("//p[@class='related']/a/@href") == ["other.html#o5"]
    assert tree.xpath("string(//p[@class='related']/a)") == HOSTILE
    tree = lxml.html.fragment_fromstring(line, create_parent="div")
    assert tree.xpath("//a[@href='#item-f0']/@title") == [HOSTILE]
    assert tree.xpath("string(//span[@class='code'])") == "share" + HOSTILE + HOSTILE
