"""Whole-tool speed and memory at scale, on real article text, with anchors measured in
the same run so every figure is a ratio taken side by side.

    python benchmarks/bench_scale.py [--source FILE_OR_FOLDER ...] [--sizes 1000,10000,100000]
                                     [--jobs 2] [--work DIR] [--anchor-docs 2000]
                                     [--edits words|sentences]

For each size N it builds a JSONL drop of N articles from the source articles (default:
the three drops in ../shared/eval/real/): the originals first, then copies with light
edits, the title numbered, so a large drop reads like news without being one cluster of
copies. `--edits words` (the default) replaces about one word in eight of each copy with a
word of another article, figures kept: a copy is a rewrite of its original (same facts,
other wording) and finds about as much as real articles do (~2 findings per document).
`--edits sentences` swaps about 40% of each copy's sentences for sentences of other
articles: every swapped sentence is then a passage reused from another document, ~18
findings per document, a stress case for the corpus steps and the reports.
It then runs `auditor audit DROP -o OUT -j JOBS --timings ...` as a separate process and
prints documents per second, peak memory of the main process and of the largest worker,
and seconds per stage. Anchors, on the first `--anchor-docs` documents of the drop, one
core: textstat alone (the seven metrics the report shows, and six without Dale-Chall, the
anchor the performance issue names), and datasketch MinHash alone (per-token `update` and
one `update_batch`), on the same text.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import textstat  # noqa: E402
import xxhash  # noqa: E402
from datasketch import MinHash  # noqa: E402

from auditor import textstat_offline  # noqa: E402
from auditor.text import normalise_for_hashing  # noqa: E402

DEFAULT_SOURCES = [ROOT.parent / "shared" / "eval" / "real" / f"real-{name}.jsonl" for name in ("wire", "farm", "generated")]
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
METRICS = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
           "automated_readability_index", "dale_chall_readability_score")


def read_articles(sources: list[Path]) -> list[dict]:
    articles = []
    for source in sources:
        files = sorted(source.rglob("*.jsonl")) if source.is_dir() else [source]
        for path in files:
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    if line.strip():
                        record = json.loads(line)
                        articles.append({"title": record.get("title", ""), "text": record["text"],
                                         **({"published": record["published"]} if record.get("published") else {})})
    return articles


_EDITABLE_WORD = re.compile(r"[A-Za-z]{3,}")
WORD_EDIT_RATE = 0.125  # share of a copy's words (of three letters or more) replaced
SENTENCE_SWAP_RATE = 0.4  # share of a copy's sentences swapped (--edits sentences)


def build_drop(articles: list[dict], size: int, path: Path, seed: int = 1729, edits: str = "words") -> None:
    rng = random.Random(seed)
    sentences = [_SENTENCE.split(a["text"]) for a in articles]
    pool = [s for doc in sentences for s in doc]
    vocabulary = sorted({w.lower() for a in articles for w in _EDITABLE_WORD.findall(a["text"])})

    def other_word(match: re.Match) -> str:
        if rng.random() >= WORD_EDIT_RATE:
            return match.group()
        word = rng.choice(vocabulary)
        return word.capitalize() if match.group()[0].isupper() else word

    with path.open("w", encoding="utf-8") as handle:
        for i in range(size):
            n = i % len(articles)
            base = articles[n]
            if i < len(articles):
                record = {"id": f"d{i}", **base}
            else:
                if edits == "sentences":
                    text = " ".join(s if rng.random() > SENTENCE_SWAP_RATE else rng.choice(pool) for s in sentences[n])
                else:
                    text = _EDITABLE_WORD.sub(other_word, base["text"])
                record = {"id": f"d{i}", **base, "title": f"{base['title']} ({i // len(articles)})", "text": text}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def anchors(path: Path, limit: int) -> dict[str, float]:
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= limit:
                break
    textstat_offline.install()
    textstat_offline.cmu_dictionary()
    out = {}
    for label, metrics in (("seven metrics (the report's)", METRICS),
                           ("six metrics (the issue's anchor: without Dale-Chall)", METRICS[:-1])):
        start = time.perf_counter()
        for text in texts:
            for name in metrics:
                getattr(textstat, name)(text)
        out[f"textstat {label}, one core"] = len(texts) / (time.perf_counter() - start)
    shingled = []
    for text in texts:
        words = normalise_for_hashing(text).split()
        shingled.append([" ".join(words[i:i + 5]).encode() for i in range(max(1, len(words) - 4))])
    start = time.perf_counter()
    for grams in shingled:
        m = MinHash(num_perm=128, seed=1)
        for g in grams:
            m.update(g)
    out["datasketch MinHash, per-token update, one core"] = len(texts) / (time.perf_counter() - start)
    start = time.perf_counter()
    for grams in shingled:
        m = MinHash(num_perm=128, seed=1, hashfunc=lambda v: v, scheme="affine64")
        m.update_batch([xxhash.xxh64_intdigest(g) for g in grams])
    out["datasketch MinHash, update_batch, one core"] = len(texts) / (time.perf_counter() - start)
    return out


def findings_summary(audit_json: Path) -> dict[str, int]:
    """The findings per severity of a report: audit.json's summary, which opens the file
    (read without parsing the hundreds of megabytes after it)."""
    with audit_json.open(encoding="utf-8") as handle:
        head = handle.read(4096)
    found = re.search(r'"findings":\s*(\{[^{}]*\})', head)
    return json.loads(found.group(1)) if found else {}


def run(drop: Path, out: Path, jobs: int, timings: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", str(drop), "-o", str(out), "-j", str(jobs), "-q",
                           "--timings", str(timings)], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"auditor failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, json.loads(timings.read_text(encoding="utf-8"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, action="append", help="JSONL files or folders of them")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, help="keep drops and reports here (default: a temporary folder)")
    parser.add_argument("--anchor-docs", type=int, default=2000)
    parser.add_argument("--edits", choices=("words", "sentences"), default="words",
                        help="how copies differ from their originals (see the module's docstring)")
    args = parser.parse_args(argv)
    articles = read_articles(args.source or DEFAULT_SOURCES)
    print(f"{len(articles)} source articles; jobs {args.jobs}; copies edited by {args.edits}")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for size in (int(s) for s in args.sizes.split(",")):
            drop = work / f"drop-{size}-{args.edits}.jsonl"
            if not drop.exists():
                build_drop(articles, size, drop, edits=args.edits)
            wall, timings = run(drop, work / f"report-{size}", args.jobs, work / f"timings-{size}.json")
            rates = anchors(drop, min(size, args.anchor_docs))
            print(f"\n## {size} documents, -j {args.jobs}: {wall:.1f} s, {size / wall:.0f} docs/s")
            counts = findings_summary(work / f"report-{size}" / "audit.json")
            print(f"findings: {sum(counts.values()) / size:.1f} per document ("
                  + ", ".join(f"{n} {severity}" for severity, n in counts.items()) + ")")
            print(f"peak RSS: main {timings['peak_rss_mb']['main']:.0f} MB, largest worker "
                  f"{timings['peak_rss_mb']['largest worker']:.0f} MB")
            for name, rate in rates.items():
                print(f"anchor: {name}: {rate:.0f} docs/s -> auditor at -j {args.jobs} is {size / wall / rate:.2f}x")
            print("seconds per stage (worker stages summed over workers):")
            for stage, seconds in timings["seconds"].items():
                print(f"  {stage:<38} {seconds:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
