"""Baselines: findings accepted as they are, recorded by fingerprint.

A baseline file records findings by fingerprint (rule, document, normalised matched text
and ordinal, not line numbers), so findings accepted today stay accepted when text is
inserted above them; `--baseline` then reports only new findings.
"""

from __future__ import annotations

import json
from pathlib import Path

from .files import atomic_write
from .findings import Finding

BASELINE_VERSION = 1


def write_baseline(path: Path, findings: list[tuple[str, Finding]]) -> None:
    """Record (document path, finding) pairs as accepted."""
    entries = sorted(
        {(f.fingerprint, f.rule, p, f.text[:200]) for p, f in findings}
    )
    data = {"version": BASELINE_VERSION, "tool": "auditor",
            "findings": [{"fingerprint": fp, "rule": rule, "path": p, "text": text} for fp, rule, p, text in entries]}
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def read_baseline(path: Path) -> frozenset[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: baseline file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a baseline file ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(data.get("findings"), list):
        raise ValueError(f"{path}: not an auditor baseline (version {BASELINE_VERSION})")
    return frozenset(entry["fingerprint"] for entry in data["findings"] if isinstance(entry, dict) and "fingerprint" in entry)
