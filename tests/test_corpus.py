"""Inputs: formats, encodings, discovery, ids, and every kind of bad input."""

from __future__ import annotations

import io
import json
import os

import pytest

from auditor.corpus import load_inputs
from auditor.corpus.load import safe_id

ARTICLE = "A headline\n\nThe ministry approved 14 models on Monday. Critics were unimpressed.\n"


def write(path, data: bytes | str):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_txt_keeps_text_and_lines(tmp_path):
    write(tmp_path / "a.txt", "Title\r\nline two\rline three\n")
    docs, errors = load_inputs([str(tmp_path / "a.txt")])
    assert errors == []
    assert docs[0].text == "Title\nline two\nline three\n"
    assert docs[0].title == "Title" and docs[0].format == "txt" and docs[0].id == "a"


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("utf-8", "Café “quotes” — ok"),
        ("utf-8-sig", "Café “quotes” — ok"),
        ("utf-16", "Café “quotes” — ok"),
        ("cp1252", "Le café est très bon; “les élèves” étudient à l’école. " * 3),
        ("latin-1", "Le café est très bon. Les élèves étudient à l école. " * 3),
    ],
)
def test_encodings(tmp_path, encoding, text):
    write(tmp_path / "x.txt", text.encode(encoding))
    docs, errors = load_inputs([str(tmp_path / "x.txt")])
    assert errors == []
    assert docs[0].text == text


def test_markdown_front_matter(tmp_path):
    md = '---\ntitle: "Big week"\ndate: 2024-01-29\nurl: https://example.com/a\nauthor: Jo\n---\n# Heading\n\nBody text here.\n'
    write(tmp_path / "a.md", md)
    (doc,), errors = load_inputs([str(tmp_path / "a.md")])
    assert errors == []
    assert doc.title == "Big week"
    assert doc.meta == {"date": "2024-01-29", "url": "https://example.com/a", "author": "Jo"}
    assert doc.text == md  # line N of the file is line N of the text
    assert doc.blocks[0].kind == "front-matter" and doc.text[doc.blocks[0].start:doc.blocks[0].end].endswith("---")
    assert [doc.text[b.start:b.end] for b in doc.blocks[1:]] == ["# Heading", "Body text here."]


def test_html_blocks_flags_title_and_meta(tmp_path):
    html = """<!doctype html><html lang="en"><head><title>Page title</title>
    <meta name="author" content="Ann Lee"><meta property="article:published_time" content="2024-01-29">
    <script>var x = "<p>not text</p>";</script><style>p{}</style></head>
    <body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
    <article><h1>Real headline</h1><p>First <b>paragraph</b> with a <a href="/x">link</a>.</p>
    <p>Second paragraph.<!-- hidden --> Still second.</p></article>
    <aside><p>Related stories</p></aside><footer><p>© 2024 Example</p></footer></body></html>"""
    write(tmp_path / "p.html", html)
    (doc,), errors = load_inputs([str(tmp_path / "p.html")])
    assert errors == []
    assert doc.title == "Page title"
    assert doc.meta["author"] == "Ann Lee" and doc.meta["date"] == "2024-01-29" and doc.meta["language"] == "en"
    lines = doc.text.split("\n")
    assert lines == ["Home", "World", "Real headline", "First paragraph with a link.",
                     "Second paragraph. Still second.", "Related stories", "© 2024 Example"]
    kinds = [(b.kind, sorted(b.tags)) for b in doc.blocks]
    assert kinds[0] == ("list-item", ["link", "nav"])
    assert kinds[2] == ("heading", [])
    assert kinds[5] == ("paragraph", ["aside"])
    assert kinds[6] == ("paragraph", ["footer"])
    assert doc.blocks[0].link_density == 1.0
    assert 0 < doc.blocks[3].link_density < 0.3
    for block in doc.blocks:
        assert "\n" not in doc.text[block.start:block.end]


def test_hostile_html_is_text_only(tmp_path):
    html = '<p>Hi<script>alert(1)</script><img src=x onerror=alert(1)> {{ 7*7 }} &lt;b&gt;</p><iframe src="http://evil"></iframe>'
    write(tmp_path / "h.html", html)
    (doc,), errors = load_inputs([str(tmp_path / "h.html")])
    assert doc.text == "Hi {{ 7*7 }} <b>"


def test_jsonl_records_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "one", "title": "T1", "text": "Body one.", "url": "https://e/1", "published": "2024-01-01", "author": "A"}),
        "{not json",
        json.dumps({"id": "two", "html": "<p>Body <b>two</b>.</p>"}),
        json.dumps([1, 2]),
        json.dumps({"id": "three"}),
        "",
        json.dumps({"text": "No id here."}),
    ]
    write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    docs, errors = load_inputs([str(tmp_path / "batch.jsonl")])
    assert [d.id for d in docs] == ["one", "two", "batch-7"]
    assert docs[0].meta == {"url": "https://e/1", "date": "2024-01-01", "author": "A", "line": "1"}
    assert docs[0].title == "T1" and docs[1].text == "Body two."
    assert [(e.path.rsplit(os.sep, 1)[-1], e.error.split(":")[0]) for e in errors] == [
        ("batch.jsonl:2", "invalid JSON"),
        ("batch.jsonl:4", "expected a JSON object, got list"),
        ("batch.jsonl:5", "record has no non-empty 'text' or 'html' field"),
    ]


def test_folders_recursive_sorted_with_unique_ids(tmp_path):
    write(tmp_path / "b" / "story.txt", ARTICLE)
    write(tmp_path / "a" / "story.txt", ARTICLE)
    write(tmp_path / "a" / "deep" / "x.md", ARTICLE)
    write(tmp_path / "a" / "notes.csv", "ignored,in,folders")
    write(tmp_path / ".hidden" / "h.txt", ARTICLE)
    docs, errors = load_inputs([str(tmp_path)])
    assert errors == []
    assert [(d.id, os.path.relpath(d.path, tmp_path)) for d in docs] == [
        ("story", os.path.join("a", "story.txt")),
        ("x", os.path.join("a", "deep", "x.md")),
        ("story-2", os.path.join("b", "story.txt")),
    ]


def test_same_file_twice_is_read_once_and_globs_expand(tmp_path):
    write(tmp_path / "one.txt", ARTICLE)
    write(tmp_path / "two.txt", ARTICLE)
    docs, errors = load_inputs([str(tmp_path / "one.txt"), str(tmp_path / "*.txt")])
    assert [d.id for d in docs] == ["one", "two"] and errors == []


def test_stdin(tmp_path):
    docs, errors = load_inputs(["-"], stdin=io.BytesIO(ARTICLE.encode()))
    assert [(d.id, d.path, d.format) for d in docs] == [("stdin", "<stdin>", "txt")]
    docs, _ = load_inputs(["-"], stdin=io.BytesIO(b"<html><body><p>From a pipe.</p></body></html>"))
    assert docs[0].format == "html" and docs[0].text == "From a pipe."


def _bad_inputs(tmp_path):
    """Every kind of bad input, with the reason we expect for it."""
    cases = {
        "empty.txt": (b"", "empty file"),
        "blank.txt": (b"  \n\n ", "empty file"),
        "binary.txt": (bytes(range(256)) * 2, "binary file"),
        "broken-utf8.txt": ("It’s fine ".encode() + b"\xff\xfe more", "undecodable bytes: invalid UTF-8 at byte 12"),
        "huge.txt": (b"word " * 10_000, "file too large: 50.0 kB, over the 40.0 kB cap"),
        "notext.html": (b"<html><head><script>x()</script></head><body> </body></html>", "HTML has no visible text"),
        "deep.html": (b"<div>" * 3000 + b"deep" + b"</div>" * 3000, "malformed HTML"),
        "bad.jsonl": (b"{broken\n", "invalid JSON"),
    }
    for name, (data, _) in cases.items():
        write(tmp_path / name, data)
    unreadable = write(tmp_path / "locked.txt", ARTICLE)
    unreadable.chmod(0)
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "missing-target.txt")
    expected = {name: reason for name, (_, reason) in cases.items()}
    expected["bad.jsonl:1"] = expected.pop("bad.jsonl")
    expected["loop.txt"] = "symlink loop"
    expected[os.path.join("sub", "up")] = "symlink loop"
    expected["dangling.txt"] = "broken symbolic link"
    if os.geteuid() != 0:  # root reads every file whatever its mode
        expected["locked.txt"] = "unreadable: permission denied"
    else:
        unreadable.unlink()
    return expected


def test_every_bad_input_is_a_load_error_and_good_files_still_load(tmp_path):
    expected = _bad_inputs(tmp_path)
    write(tmp_path / "good.txt", ARTICLE)
    write(tmp_path / "good.md", ARTICLE)
    docs, errors = load_inputs([str(tmp_path), str(tmp_path / "does-not-exist.txt")], max_bytes=40_000)
    assert sorted(d.id for d in docs) == ["good", "good-2"]
    got = {os.path.relpath(e.path, tmp_path) if e.path.startswith(str(tmp_path)) else e.path: e.error for e in errors}
    missing = got.pop(os.path.relpath(str(tmp_path / "does-not-exist.txt"), tmp_path))
    assert missing == "no such file or directory"
    assert set(got) == set(expected), got
    for name, reason in expected.items():
        assert got[name].startswith(reason), (name, got[name])


@pytest.mark.parametrize(
    "name, expected",
    [
        ("000_1ab227ac991bd81d", "000_1ab227ac991bd81d"),
        ("../../etc/passwd", "etc_passwd"),
        ("a/b\\c", "a_b_c"),
        ("..", "document"),
        ("", "document"),
        ("Café “news”", "Cafe_news"),
        ("con", "_con"),
        ("x" * 300, "x" * 100),
    ],
)
def test_safe_ids(name, expected):
    assert safe_id(name) == expected
