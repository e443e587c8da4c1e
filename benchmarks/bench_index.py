"""How long the index page takes to open in Chromium at 10,000 and 100,000 documents.

    python benchmarks/bench_index.py [--sizes 10000,100000] [--runs 5]

Builds each index with the real page writer from made-up rows (the index depends only on
them), opens it from file:// in headless Chromium (Debian's, driven by Playwright) and
measures, from navigation start, the time until the documents table is drawn (the script
marks it `data-rendered`): HTML parsing, the JSON data block, the first sort and page.
Prints min / median / max over the runs and the page's size.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_browser import CHROMIUM, LAUNCH_ARGS, synthetic_index  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if not CHROMIUM:
        print("no Chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(tmp) / str(size)
            folder.mkdir()
            index = synthetic_index(folder, size)
            times = []
            for _ in range(args.runs):
                page = browser.new_page()
                page.goto(index.as_uri(), timeout=120_000)
                page.wait_for_selector("#documents[data-rendered]", state="attached", timeout=120_000)
                times.append(page.evaluate("performance.now()") / 1000)
                page.close()
            print(f"{size} documents: index {index.stat().st_size / 1e6:.1f} MB, opened and drawn in "
                  f"min {min(times):.2f} s, median {statistics.median(times):.2f} s, max {max(times):.2f} s")
            shutil.rmtree(folder)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
