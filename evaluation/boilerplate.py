"""Line-level boilerplate precision, recall and F1 on ../shared/eval/boilerplate/.

    python -m evaluation.boilerplate [--shared ../shared] [--jobs 2]

Each page is fed to the auditor as its lines joined by "\\n" (plain text), one dataset as
one batch (so cross-page template lines count); a line is predicted boilerplate when a
boilerplate span covers it. Lines labelled mixed/noise/title are left out of scoring. For
HTML input, the raw scrapinghub pages are parsed by the auditor itself; each extracted
block takes the label of the labelled line with the same normalised text, or failing that
(blocks of 5+ words) "content" when it lies in the gold article body.
Reports content-F1 (the class the README's reference points use) and boilerplate-F1, the
precision of cross-page template lines on cleanportal, and for each set the share of
boilerplate.outside-body (BP011) findings that cover no line labelled content (a finding
over an article's lead or headline is a false positive).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from auditor.config import Config
from auditor.corpus import Document
from auditor.corpus.html import parse_html
from auditor.engine import AuditResult, run_audit
from auditor.text import normalise_for_hashing

SCORED = ("content", "boilerplate")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        self.tp += predicted and gold
        self.fp += predicted and not gold
        self.fn += gold and not predicted

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_pages(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def covered(spans, start: int, end: int) -> str | None:
    for span in spans:
        if span.start <= start and end <= span.end:
            return span.kind
    return None


def plain_text_run(pages: list[dict], dataset: str, jobs: int) -> tuple[list[Document], AuditResult]:
    docs = [Document(id=f"p{i:04d}", path=f"{dataset}/{p['id']}", format="txt", text="\n".join(l["text"] for l in p["lines"]))
            for i, p in enumerate(pages)]
    return docs, run_audit(docs, [], Config(jobs=jobs))


def score_plain(pages: list[dict], dataset: str, jobs: int) -> dict:
    docs, result = plain_text_run(pages, dataset, jobs)
    content, boiler, template = Score(), Score(), Score()
    outside = [0, 0]  # BP011 findings that cover no content line, all BP011 findings
    for page, doc, audit in zip(pages, docs, result.documents):
        spans, offset = [], 0
        for line in page["lines"]:
            spans.append((offset, offset + len(line["text"]), line["label"]))
            offset += len(line["text"]) + 1
        for f in audit.findings:
            if f.rule == "BP011":
                outside[1] += 1
                outside[0] += not any(s >= f.span.start and e <= f.span.end and label == "content"
                                      for s, e, label in spans)
        offset = 0
        for line in page["lines"]:
            start, end = offset, offset + len(line["text"])
            offset = end + 1
            label = line["label"]
            if label not in SCORED or not line["text"].strip():
                continue
            stripped_start = start + (len(line["text"]) - len(line["text"].lstrip()))
            stripped_end = start + len(line["text"].rstrip())
            kind = covered(audit.boilerplate, stripped_start, stripped_end)
            content.add(kind is None, label == "content")
            boiler.add(kind is not None, label == "boilerplate")
            if kind == "template":
                template.add(True, label == "boilerplate")
    return {"content": content, "boilerplate": boiler, "template": template, "outside": outside}


def score_html(shared: Path, pages: list[dict], jobs: int) -> dict:
    folder = shared / "eval" / "boilerplate" / "scrapinghub-html"
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    labels_by_page = {
        p["id"]: {normalise_for_hashing(l["text"]): l["label"] for l in p["lines"]} for p in pages
    }
    docs, page_ids = [], []
    for path in sorted(folder.glob("*.html.gz")):
        page_id = path.name.split(".")[0]
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        parsed = parse_html(html)
        docs.append(Document(id=f"h{len(docs):04d}", path=path.name, format="html", text=parsed.text,
                             title=parsed.title, meta=parsed.meta, blocks=parsed.blocks))
        page_ids.append(page_id)
    result = run_audit(docs, [], Config(jobs=jobs))
    content, boiler = Score(), Score()
    matched = total = 0
    outside = [0, 0]
    for page_id, doc, audit in zip(page_ids, docs, result.documents):
        labels = labels_by_page.get(page_id, {})
        body = normalise_for_hashing(gold.get(page_id, {}).get("articleBody", ""))
        block_labels = []
        for block in doc.blocks:
            key = normalise_for_hashing(doc.text[block.start:block.end])
            label = labels.get(key)
            if label is None and len(key.split()) >= 5:
                label = "content" if key in body else "boilerplate"
            block_labels.append((block, key, label))
        for f in audit.findings:
            if f.rule == "BP011":
                outside[1] += 1
                outside[0] += not any(b.start >= f.span.start and b.end <= f.span.end and label == "content"
                                      for b, _key, label in block_labels)
        for block, key, label in block_labels:
            if not key:
                continue
            total += 1
            if label not in SCORED:
                continue
            matched += 1
            kind = covered(audit.boilerplate, block.start, block.end)
            content.add(kind is None, label == "content")
            boiler.add(kind is not None, label == "boilerplate")
    return {"content": content, "boilerplate": boiler, "coverage": matched / total if total else 0.0,
            "outside": outside}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv)
    base = args.shared / "eval" / "boilerplate"
    if not base.is_dir():
        print(f"no labelled data at {base}", file=sys.stderr)
        return 2
    rows = []
    scrapinghub = read_pages(base / "lines-scrapinghub.jsonl")
    for name, pages in (("scrapinghub", scrapinghub), ("cleanportal", read_pages(base / "lines-cleanportal.jsonl"))):
        scores = score_plain(pages, name, args.jobs)
        rows.append((f"{name} (plain text)", scores))
    rows.append(("scrapinghub (HTML)", score_html(args.shared, scrapinghub, args.jobs)))
    print("| set | content P | content R | content F1 | boilerplate P | boilerplate R | boilerplate F1 |")
    print("|---|---|---|---|---|---|---|")
    for name, s in rows:
        c, b = s["content"], s["boilerplate"]
        print(f"| {name} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {b.precision:.3f} | {b.recall:.3f} | {b.f1:.3f} |")
    template = rows[1][1]["template"]
    print(f"\ncleanportal template lines: precision {template.precision:.3f} over {template.tp + template.fp} lines")
    print(f"scrapinghub HTML: {rows[2][1]['coverage']:.1%} of extracted blocks carry a gold label")
    for name, s in rows:
        clean, found = s["outside"]
        share = f"{clean / found:.3f}" if found else "-"
        print(f"{name}: BP011 outside-body findings covering no content line: {clean}/{found} = {share}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
