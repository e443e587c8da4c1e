"""Per-rule counts and seeded samples of farm and boilerplate findings, for judging by hand.

    python -m evaluation.farm_sample [--shared ../shared] [--rules FM,BP011] [--n 30] [--jobs 2]

Audits the three real drops of ../shared/eval/real/ (wire, farm, generated) as they are and
once more without their `published` field (so that the relative-date rule meets undated
copy, and datelines must do the dating), and the labelled pages of ../shared/eval/boilerplate/
as plain text. Prints, as Markdown, the number of findings per rule and drop, then for each
rule and drop a sample of at most `--n` findings drawn with random.Random(1729) from the
findings sorted by document and offset: the document id, the finding's text and its
context (for the labelled pages, the gold label of every line the finding covers). A judge
marks each one true or false positive; evaluation/judgements/ keeps the verdicts.
Nothing is copied into the project: the data is read from the shared folder.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from auditor.config import Config
from auditor.corpus import Document, load_inputs
from auditor.corpus.formats import read_jsonl
from auditor.engine import run_audit

SEED = 1729


def _undated(path: Path) -> list[Document]:
    """The drop's documents read as the JSONL reader reads them, without `published`."""
    docs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        record.pop("published", None)
        parsed = read_jsonl(path.name, json.dumps(record))[0][0]
        docs.append(Document(id=record.get("id") or f"row{number}", path=f"{path.name}:{number}",
                             format=parsed.format, text=parsed.text, title=parsed.title, meta=parsed.meta,
                             blocks=parsed.blocks))
    return docs


def _pages(path: Path) -> tuple[list[Document], list[dict]]:
    pages = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [Document(id=p["id"][:40], path=f"{path.stem}/{p['id']}", format="txt",
                     text="\n".join(l["text"] for l in p["lines"])) for p in pages]
    return docs, pages


def _gold(page: dict, start: int, end: int) -> str:
    out, offset = [], 0
    for line in page["lines"]:
        s, e = offset, offset + len(line["text"])
        offset = e + 1
        if s >= start and e <= end and line["text"].strip():
            out.append(f"{line['label']}: {line['text'][:60]}")
    return " | ".join(out[:6]) + (f" … (+{len(out) - 6} lines)" if len(out) > 6 else "")


def _short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared")
    parser.add_argument("--rules", default="FM,BP011", help="codes or code prefixes, comma-separated")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv)
    real, labelled = args.shared / "eval" / "real", args.shared / "eval" / "boilerplate"
    if not real.is_dir():
        print(f"no real drops at {real}", file=sys.stderr)
        return 2
    prefixes = tuple(args.rules.split(","))
    config = Config(jobs=args.jobs)
    runs: list[tuple[str, list[Document], list[dict] | None]] = []
    for name in ("wire", "farm", "generated"):
        path = real / f"real-{name}.jsonl"
        docs, errors = load_inputs([str(path)])
        runs.append((name, docs, None))
        runs.append((f"{name} (no published)", _undated(path), None))
    for name in ("scrapinghub", "cleanportal"):
        if (labelled / f"lines-{name}.jsonl").is_file():
            docs, pages = _pages(labelled / f"lines-{name}.jsonl")
            runs.append((f"{name} pages", docs, pages))
    found: dict[str, list] = {}
    counts: dict[str, Counter] = {}
    for name, docs, pages in runs:
        result = run_audit(docs, [], config)
        items = []
        for i, audit in enumerate(result.documents):
            for f in audit.findings:
                if f.rule.startswith(prefixes):
                    items.append((audit.document, pages[i] if pages else None, f))
        found[name] = sorted(items, key=lambda x: (x[0].id, x[2].span.start, x[2].rule))
        counts[name] = Counter(f.rule for _d, _p, f in items)
    rules = sorted({r for c in counts.values() for r in c})
    print("| drop | " + " | ".join(rules) + " |")
    print("|---|" + "---|" * len(rules))
    for name in found:
        print(f"| {name} | " + " | ".join(str(counts[name][r]) for r in rules) + " |")
    for rule in rules:
        for name, items in found.items():
            mine = [x for x in items if x[2].rule == rule]
            if not mine:
                continue
            sample = sorted(random.Random(SEED).sample(mine, min(args.n, len(mine))),
                            key=lambda x: (x[0].id, x[2].span.start))
            print(f"\n### {rule} {mine[0][2].name}, {name}: {len(mine)} findings, {len(sample)} drawn\n")
            for doc, page, f in sample:
                if page is not None:
                    context = _gold(page, f.span.start, f.span.end)
                else:
                    context = doc.text[max(0, f.span.start - 120):f.span.end + 80]
                print(f"- {doc.id} `{_short(f.text, 80)}` ({_short(f.message, 100)}) — {_short(context)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
