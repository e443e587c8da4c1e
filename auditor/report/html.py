"""The HTML report: an index page and one page per document, in one folder.

As in coverage.py, the data is first built into small view-model dataclasses, then
rendered by jinja2 templates with autoescaping on; article text only ever reaches the page
as escaped text. Pages load only the local stylesheet and script (copied next to them)
under a Content-Security-Policy that forbids everything else.
"""

from __future__ import annotations

import base64
import functools
import shutil
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import jinja2
import orjson
from markupsafe import Markup

from .._version import __version__
from ..files import naming, safe_child, write_file
from ..findings import Finding, Severity
from ..results import READABILITY_METRICS, AuditResult, DocumentAudit
from ..rules import FAMILIES
from . import charts as charts_module
from .verdict import VERDICTS
from .verdict import reasons as reasons_for
from .verdict import verdict as verdict_of
from . import csv as csv_report
from . import json as json_report

CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
ASSETS = ("auditor.css", "auditor.js")
ICONS = {"error": "✖", "warning": "▲", "info": "●"}
GENERATOR = f"auditor {__version__}"

# --- view models -----------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of text on one line with the same highlights."""

    text: str
    href: str = ""  # the findings-list item it links to (the most severe finding here)
    classes: str = ""
    title: str = ""
    anchors: tuple[str, ...] = ()  # ids of findings that start here
    label: str = ""  # a boilerplate kind label shown before the run


@dataclass(frozen=True)
class LineView:
    number: int
    segments: tuple[Segment, ...]

    @property
    def row(self) -> str:
        """The whole line of the text view, escaped: its number, a link to it, its segments.
        Built here in one join, not by the template segment by segment (pages of long
        articles have thousands)."""
        n = self.number
        return (f'    <div class="line" id="L{n}"><a class="ln" href="#L{n}" aria-label="line {n}">{n}</a>'
                f'<span class="code">{"".join(_segment_html(seg) for seg in self.segments)}</span></div>')


def _esc(text: str) -> str:
    """markupsafe's escape, character for character, as a plain string: the page's own
    markup is built by joining strings, and a Markup object per escaped piece cost more
    than the escaping."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;") \
        .replace('"', "&#34;")


def _segment_html(seg: Segment) -> str:
    out = [f'<span class="anchor" id="{_esc(a)}"></span>' for a in seg.anchors]
    if seg.label:
        out.append(f'<span class="bp-label">{_esc(seg.label)}</span>')
    if seg.href:
        out.append(f'<a class="{_esc(seg.classes)}" href="{_esc(seg.href)}" title="{_esc(seg.title)}">'
                   f'{_esc(seg.text)}</a>')
    elif seg.classes:
        out.append(f'<span class="{_esc(seg.classes)}">{_esc(seg.text)}</span>')
    else:
        out.append(_esc(seg.text))
    return "".join(out)


@dataclass(frozen=True)
class RelatedView:
    href: str
    label: str


@dataclass(frozen=True)
class FindingView:
    index: int
    rule: str
    name: str
    family: str
    severity: str
    icon: str
    message: str
    line: int
    column: int
    text: str
    related: tuple[RelatedView, ...]

    @property
    def item(self) -> str:
        """The finding's item in the findings list, escaped: severity, rule, line, message,
        the text it is about and links to the documents it relates to. Built here in one
        join rather than by the template field by field (a page may list hundreds)."""
        related = ""
        if self.related:
            links = ", ".join(f'<a href="{_esc(r.href)}">{_esc(r.label)}</a>' for r in self.related)
            related = f'<p class="related">See also: {links}</p>'
        severity = _esc(self.severity)
        return (f'    <li id="item-f{self.index}" class="finding sev-{severity}" data-severity="{severity}"'
                f' data-family="{_esc(self.family)}">\n'
                f'      <a href="#f{self.index}" class="finding-link"><span class="sev-label"><span aria-hidden="true">'
                f'{_esc(self.icon)}</span> {severity}</span>\n'
                f'      <code>{_esc(self.rule)}</code> {_esc(self.name)} · line {self.line}</a>\n'
                f'      <p class="message">{_esc(self.message)}</p>\n'
                + (f"<blockquote>{_esc(self.text)}</blockquote>" if self.text else "")
                + related + "    </li>")


@dataclass(frozen=True)
class MetricView:
    label: str
    value: str


@dataclass(frozen=True)
class DocumentPage:
    id: str
    title: str
    path: str
    format: str
    meta: tuple[tuple[str, str], ...]
    score: float
    counts: dict[str, int]
    metrics: tuple[MetricView, ...]
    lines: tuple[LineView, ...]
    findings: tuple[FindingView, ...]
    families: tuple[str, ...]
    boilerplate_kinds: tuple[str, ...]
    prev_href: str
    next_href: str
    notes: tuple[str, ...] = ()  # what was repaired when the article was read
    verdict: str = "clean"
    reasons: tuple[str, ...] = ()

    @property
    def lines_html(self) -> Markup:
        """Every line of the text view (LineView.row), one per output line."""
        return Markup("\n".join(line.row for line in self.lines))

    @property
    def findings_html(self) -> Markup:
        """Every item of the findings list (FindingView.item)."""
        return Markup("\n".join(f.item for f in self.findings))


@dataclass(frozen=True)
class IndexRow:
    id: str
    title: str
    path: str
    href: str
    score: float
    words: int
    counts: dict[str, int]
    families: dict[str, int]
    reading_ease: float | None
    grade: float | None
    rules: dict[str, int] = field(default_factory=dict)  # findings per rule code (for the chart)
    gate: dict[str, int] = field(default_factory=dict)  # severity counts the CI gate sees
    verdict: str = "clean"  # see report/verdict.py
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndexPage:
    """The index: every document as data for the script's table, the riskiest page of them
    rendered for readers without scripts, the facts the same way, clusters, charts."""

    first_page: tuple[IndexRow, ...]  # the PAGE_SIZE riskiest documents, highest score first
    total: int
    families: tuple[str, ...]
    counts: dict[str, int]
    load_errors: tuple[tuple[str, str], ...]
    documents_data: Markup  # JSON for the documents table (every row)
    facts_first: tuple[dict, ...] = ()
    facts_total: int = 0
    facts_data: Markup = Markup("{}")
    duplicate_clusters: tuple[dict, ...] = ()
    story_clusters: tuple[dict, ...] = ()
    more_clusters: int = 0
    titles: dict = field(default_factory=dict)
    charts: tuple = ()
    matrix: object = None
    verdicts: dict = field(default_factory=lambda: dict(VERDICTS))


# --- building view models --------------------------------------------------------------

def _page_href(document_id: str, start: int | None = None, single_file: bool = False) -> str:
    """Where a link to a document (at an offset) goes: its page beside this one, or, in the
    single-file report, its route inside the file."""
    if single_file:
        return f"#doc/{document_id}" + (f"/o{start}" if start is not None else "")
    return f"{document_id}.html" + (f"#o{start}" if start is not None else "")


def document_href(document_id: str, start: int | None = None, single_file: bool = False) -> str:
    """The same link, from the index."""
    return _page_href(document_id, start, True) if single_file else "docs/" + _page_href(document_id, start)


def build_segments(text: str, findings: list[Finding], boilerplate) -> tuple[LineView, ...]:
    """Split the text at every finding and boilerplate boundary and at every newline."""
    cuts = {0, len(text)}
    for f in findings:
        cuts.update((f.span.start, f.span.end))
    for b in boilerplate:
        cuts.update((b.start, b.end))
    cuts.update(m.start() for m in re.finditer("\n", text))
    cuts.update(m.end() for m in re.finditer("\n", text))
    points = sorted(cuts)
    starts_at: dict[int, list[str]] = {}
    opening: dict[int, list[int]] = {}
    for i, f in enumerate(findings):
        ids = starts_at.setdefault(f.span.start, [f"o{f.span.start}"])  # offset anchor: other pages link here
        ids.append(f"f{i}")
        if f.span.start < f.span.end:
            opening.setdefault(f.span.start, []).append(i)
    spans_bp = sorted(boilerplate, key=lambda b: b.start)
    lines: list[LineView] = []
    current: list[Segment] = []
    number = 1
    active: set[int] = set()  # findings covering the current piece (a sweep, not a scan per piece)
    next_end = float("inf")  # where the first of them ends: the set changes only there
    bp_index = 0
    for a, b in zip(points, points[1:] + [None]):
        opened = opening.get(a)
        if opened:
            active.update(opened)
            next_end = min(next_end, min(findings[i].span.end for i in opened))
        if a >= next_end:
            active = {i for i in active if findings[i].span.end > a}
            next_end = min((findings[i].span.end for i in active), default=float("inf"))
        anchors = tuple(starts_at.get(a, ()))
        if b is None:
            if anchors:
                current.append(Segment("", anchors=anchors))
            break
        chunk = text[a:b]
        if chunk == "\n":
            if anchors:
                current.append(Segment("", anchors=anchors))
            lines.append(LineView(number, tuple(current)))
            current, number = [], number + 1
            continue
        while bp_index < len(spans_bp) and spans_bp[bp_index].end <= a:
            bp_index += 1
        bp = spans_bp[bp_index] if bp_index < len(spans_bp) and spans_bp[bp_index].start <= a and b <= spans_bp[bp_index].end else None
        classes = []
        href = title = ""
        if active:
            ordered = sorted(active)
            top = max(ordered, key=lambda i: (findings[i].severity, -i))
            f = findings[top]
            classes += ["hl", f"sev-{f.severity.label}", f"fam-{f.family}"]
            classes += sorted({f"fam-{findings[i].family}" for i in ordered} - {f"fam-{f.family}"})
            href = f"#item-f{top}"
            title = "; ".join(f"{findings[i].rule} {findings[i].name}: {findings[i].message}" for i in ordered)
        label = ""
        if bp is not None:
            classes.append("bp")
            if bp.start == a:
                label = bp.kind.replace("-", " ")
        current.append(Segment(chunk, href, " ".join(classes), title, anchors, label))
    lines.append(LineView(number, tuple(current)))
    return tuple(lines)


def build_document_page(audit: DocumentAudit, prev_id: str | None, next_id: str | None, titles: dict[str, str],
                        single_file: bool = False) -> DocumentPage:
    doc = audit.document
    findings = []
    for i, f in enumerate(audit.findings):
        related = tuple(
            RelatedView(_page_href(r.document, r.start, single_file),
                        f"{titles.get(r.document, r.document)}" + (f", line {r.line}" if r.line else ""))
            for r in f.related
        )
        findings.append(
            FindingView(i, f.rule, f.name, f.family, f.severity.label, ICONS[f.severity.label], f.message,
                        f.span.line, f.span.column, f.text if len(f.text) <= 300 else f.text[:297] + "…", related)
        )
    metrics = tuple(
        MetricView(label, f"{audit.metrics[key]:g}") for key, label in READABILITY_METRICS.items() if key in audit.metrics
    )
    return DocumentPage(
        id=doc.id,
        title=doc.title or doc.id,
        path=doc.path,
        format=doc.format,
        meta=tuple(sorted(doc.meta.items())),
        score=audit.score,
        counts=audit.counts(),
        metrics=metrics,
        lines=build_segments(doc.text, audit.findings, audit.boilerplate),
        findings=tuple(findings),
        families=tuple(sorted({f.family for f in findings})),
        boilerplate_kinds=tuple(sorted({b.kind for b in audit.boilerplate})),
        prev_href=_page_href(prev_id, single_file=single_file) if prev_id else "",
        next_href=_page_href(next_id, single_file=single_file) if next_id else "",
        notes=tuple(doc.notes),
        verdict=verdict_of(audit.score, audit.findings),
        reasons=reasons_for(audit.findings),
    )


def index_row(audit: DocumentAudit) -> IndexRow:
    """What the index shows of one document (small: the main process keeps one per document)."""
    families = {fam: 0 for fam in FAMILIES}
    rules: Counter = Counter()
    for f in audit.findings:
        families[f.family] += 1
        rules[f.rule] += 1
    return IndexRow(
        id=audit.document.id,
        title=audit.document.title or audit.document.id,
        path=audit.document.path,
        href=json_report.report_path(audit.document.id),
        score=audit.score,
        words=audit.words,
        counts=audit.counts(),
        families=families,
        reading_ease=audit.metrics.get("flesch_reading_ease"),
        grade=audit.metrics.get("flesch_kincaid_grade"),
        rules=dict(rules),
        gate=dict(audit.gate or audit.counts()),
        verdict=verdict_of(audit.score, audit.findings),
        reasons=reasons_for(audit.findings),
    )


PAGE_SIZE = 100  # table rows per page (and the page readers without scripts get)
LIST_LIMIT = 200  # cluster items the index lists (audit.json holds them all)


def json_block(value) -> Markup:
    """JSON to embed in a <script type="application/json"> data block: never executed (the
    CSP need not allow it), and with every "<" escaped, so no text in it can close the
    element or open a comment."""
    return Markup(orjson.dumps(value).decode("utf-8").replace("<", "\\u003c"))


def documents_data(rows: list[IndexRow]) -> Markup:
    columns = ["id", "title", "path", "href", "score", "verdict", "reasons", "error", "warning", "info",
               *FAMILIES, "reading_ease", "grade", "words"]
    return json_block({"columns": columns, "verdicts": VERDICTS, "rows": [
        [r.id, r.title, r.path, r.href, r.score, r.verdict, "; ".join(r.reasons), r.counts["error"],
         r.counts["warning"], r.counts["info"], *(r.families[f] for f in FAMILIES), r.reading_ease, r.grade, r.words]
        for r in rows]})


def facts_data(facts: list[dict], titles: dict[str, str]) -> Markup:
    return json_block({"rows": [
        [fact["key"], fact["conflict"], [[v["document"], titles.get(v["document"], v["document"]), v["value"], v["start"]]
                                         for v in fact["values"]]]
        for fact in facts]})


def build_index_page(rows: list[IndexRow], load_errors: list, corpus: dict) -> IndexPage:
    titles = {r.id: r.title for r in rows}
    rules: Counter = Counter()
    for r in rows:
        rules.update(r.rules)
    charts = (
        charts_module.histogram("score-distribution", "Risk score distribution", [r.score for r in rows], 0, 100, 10, "score"),
        charts_module.histogram("reading-ease", "Flesch reading ease",
                                [r.reading_ease for r in rows if r.reading_ease is not None], 0, 100, 10, "ease"),
        charts_module.findings_per_rule(rules),
    )
    riskiest = sorted(range(len(rows)), key=lambda i: (-rows[i].score, i))[:PAGE_SIZE]
    facts = corpus.get("facts", [])
    duplicates, stories = corpus.get("duplicate_clusters", []), corpus.get("story_clusters", [])
    return IndexPage(
        first_page=tuple(rows[i] for i in riskiest),
        total=len(rows),
        families=FAMILIES,
        counts=total_counts(rows),
        load_errors=tuple((e.path, e.error) for e in load_errors),
        documents_data=documents_data(rows),
        facts_first=tuple(facts[:PAGE_SIZE]),
        facts_total=len(facts),
        facts_data=facts_data(facts, titles),
        duplicate_clusters=tuple(duplicates[:LIST_LIMIT]),
        story_clusters=tuple(stories[:LIST_LIMIT]),
        more_clusters=max(0, len(duplicates) - LIST_LIMIT) + max(0, len(stories) - LIST_LIMIT),
        titles=titles,
        charts=charts,
        matrix=charts_module.similarity_matrix(corpus.get("similarity"), titles),
    )


def total_counts(rows: list[IndexRow], field_name: str = "counts") -> dict[str, int]:
    out = {s.label: 0 for s in sorted(Severity, reverse=True)}
    for r in rows:
        for label, n in getattr(r, field_name).items():
            out[label] += n
    return out


# --- rendering -------------------------------------------------------------------------


def score_band(score: float) -> str:
    """A CSS class for a risk score (the number is always shown too)."""
    return "score-high" if score >= 50 else "score-medium" if score >= 20 else "score-low"


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("auditor", "report/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["score_band"] = score_band
    env.globals.update(csp=CSP, generator=GENERATOR, icons=ICONS, severities=[s.label for s in sorted(Severity, reverse=True)],
                       verdicts=VERDICTS)
    return env


def inline_assets() -> dict[str, str]:
    """The stylesheet and script inlined, with a CSP that allows exactly them (by hash)."""
    css = resources.files("auditor.report").joinpath("static", "auditor.css").read_text(encoding="utf-8")
    js = resources.files("auditor.report").joinpath("static", "auditor.js").read_text(encoding="utf-8")

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"

    csp = (f"default-src 'none'; style-src {digest(css)}; script-src {digest(js)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    return {"inline_css": css, "inline_js": js, "page_csp": csp}


class PageWriter:
    """The HTML report's handler (see engine.Handler): in the worker that finished them,
    renders each document's page into the report folder (or, for the single-file report,
    into an inert <template> in a fragment the index takes in) and, when `fragments` is
    given, writes the unit's audit.json entries and CSV rows into fragment files; returns
    each document's IndexRow."""

    def __init__(self, out_dir: Path, fragments: Path | None = None, *, single_file: bool = False):
        self.out_dir = Path(out_dir)
        self.fragments = fragments
        self.single_file = single_file

    def unit(self, number: int, audits: list[DocumentAudit], context) -> list[IndexRow]:
        titles = {**context.titles, **{a.document.id: a.document.title or a.document.id for a in audits}}
        pages = [build_document_page(a, *context.neighbours.get(a.document.id, (None, None)), titles,
                                     single_file=self.single_file) for a in audits]
        if self.single_file:
            self.fragments.mkdir(parents=True, exist_ok=True)
            template = environment().get_template("document_template.html")
            write_file(self.fragments / f"unit-{number:06d}.pages.html",
                       "".join(template.render(page=page, index_href="#index") for page in pages))
        else:
            template = environment().get_template("document.html")
            (self.out_dir / "docs").mkdir(parents=True, exist_ok=True)
            for page in pages:
                write_file(safe_child(self.out_dir, "docs", f"{page.id}.html"),
                           template.render(page=page, assets="../assets/", index_href="../index.html",
                                           inline_css="", inline_js="", page_csp=""))
        rows = [index_row(a) for a in audits]
        if self.single_file:
            rows = [replace(r, href=document_href(r.id, single_file=True)) for r in rows]
        if self.fragments is not None:
            self.fragments.mkdir(parents=True, exist_ok=True)
            write_file(self.fragments / f"unit-{number:06d}.json", json_report.document_fragment(audits))
            write_file(self.fragments / f"unit-{number:06d}.documents.csv", csv_report.document_rows(audits))
            write_file(self.fragments / f"unit-{number:06d}.findings.csv", csv_report.finding_rows(audits))
        return rows


_PAGES_MARKER = "<!-- auditor: the document pages go here -->"


def write_index(out_dir: Path, rows: list[IndexRow], load_errors: list, corpus: dict, *,
                self_contained: bool = False, pages: list[Path] | None = None) -> None:
    """The index page, from every document's row, and its assets. With `self_contained`
    the stylesheet and script are inlined; with `pages` too (fragments of <template>s from
    PageWriter(single_file=True)), every document page goes into the one file as well."""
    single_file = pages is not None
    if not self_contained:
        for name in ASSETS:
            data = resources.files("auditor.report").joinpath("static", name).read_bytes()
            (out_dir / "assets").mkdir(parents=True, exist_ok=True)
            write_file(safe_child(out_dir, "assets", name), data)
    extra = inline_assets() if self_contained else {"inline_css": "", "inline_js": "", "page_csp": ""}
    index = environment().get_template("index.html").render(
        index=build_index_page(rows, load_errors, corpus), assets="assets/", single_file=single_file,
        doc_href=functools.partial(document_href, single_file=single_file), pages_marker=Markup(_PAGES_MARKER), **extra)
    path = safe_child(out_dir, "index.html")
    if not single_file:
        write_file(path, index)
        return
    before, after = index.split(_PAGES_MARKER)
    with naming(path), open(path, "wb") as handle:
        handle.write(before.encode("utf-8"))
        for fragment in pages:
            handle.write(fragment.read_bytes())
        handle.write(after.encode("utf-8"))


def write_html(result: AuditResult, out_dir: Path, *, self_contained: bool = False) -> None:
    """Every document page, the assets and the index of an audit held in memory (with its
    documents' text), into `out_dir`; with `self_contained`, all of it in one index.html.
    The command line writes a staging folder and swaps it in whole (see outdir.py); large
    batches are written page by page by the workers."""
    ids = [a.document.id for a in result.documents]
    neighbours = {doc_id: (ids[i - 1] if i else None, ids[i + 1] if i + 1 < len(ids) else None)
                  for i, doc_id in enumerate(ids)}
    titles = {a.document.id: a.document.title or a.document.id for a in result.documents}
    if not self_contained:
        rows = PageWriter(out_dir).unit(0, result.documents, _Context(neighbours, titles))
        write_index(out_dir, rows, result.load_errors, result.corpus)
        return
    pages = Path(out_dir) / ".pages"
    try:
        rows = PageWriter(out_dir, pages, single_file=True).unit(0, result.documents, _Context(neighbours, titles))
        write_index(out_dir, rows, result.load_errors, result.corpus, self_contained=True,
                    pages=sorted(pages.glob("unit-*.pages.html")))
    finally:
        shutil.rmtree(pages, ignore_errors=True)


@dataclass(frozen=True)
class _Context:
    neighbours: dict
    titles: dict
