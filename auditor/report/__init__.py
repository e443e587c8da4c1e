"""Reporters: each output format is one small module behind one function signature.

A stream reporter is `render(result: AuditResult, *, fail_on: str, **options) -> str`:
`fail_on` is the gate's level (JUnit and the Markdown summary use it); options a reporter
may read, and every reporter ignores the ones it does not know:

- `root`: the repository root that code-scanning paths are relative to (default: the git
  top level of the working folder, see `locations.repository_root`);
- `color`, `statistics`: the text format's colours and per-rule counts;
- `annotate`: the lowest severity GitHub annotations show (default: warning);
- `outputs`: every (format, destination) of the run, so one report can point to another.

The HTML reporter writes a folder. Reporters never analyse: everything they show is in the
AuditResult.
"""

from __future__ import annotations

from typing import Callable

from . import csv as csv_report
from . import github, gitlab, junit, markdown, sarif
from . import json as json_report
from . import text as text_report

Renderer = Callable[..., str]

FORMATS: dict[str, Renderer] = {
    "text": text_report.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "csv": csv_report.render,
    "markdown": markdown.render,
}
